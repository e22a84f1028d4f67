import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diacriticFolding, displayName, normaliseName } from "./index.js";

/** The twelve Vietnamese vowels, written as a Latin base letter plus their vowel mark (if any). */
const VOWELS: ReadonlyArray<{ letter: string; decomposed: string; base: string }> = [
  { letter: "a", decomposed: "a", base: "a" },
  { letter: "ă", decomposed: "a\u0306", base: "a" },
  { letter: "â", decomposed: "a\u0302", base: "a" },
  { letter: "e", decomposed: "e", base: "e" },
  { letter: "ê", decomposed: "e\u0302", base: "e" },
  { letter: "i", decomposed: "i", base: "i" },
  { letter: "o", decomposed: "o", base: "o" },
  { letter: "ô", decomposed: "o\u0302", base: "o" },
  { letter: "ơ", decomposed: "o\u031B", base: "o" },
  { letter: "u", decomposed: "u", base: "u" },
  { letter: "ư", decomposed: "u\u031B", base: "u" },
  { letter: "y", decomposed: "y", base: "y" },
];
/** No tone (ngang), huyền, sắc, hỏi, ngã, nặng. */
const TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"] as const;

const TABLE = VOWELS.flatMap((v) =>
  TONES.flatMap((tone) =>
    [false, true].map((upper) => {
      const nfd = (upper ? v.decomposed.toUpperCase() : v.decomposed) + tone;
      return { nfc: nfd.normalize("NFC"), nfd, base: v.base };
    }),
  ),
);

describe("normaliseName", () => {
  it("the generated table is the 144 precomposed Vietnamese vowel letters", () => {
    expect(TABLE).toHaveLength(12 * 6 * 2);
    // Every one has a single precomposed code point, and they are all different.
    for (const row of TABLE) expect([...row.nfc]).toHaveLength(1);
    expect(new Set(TABLE.map((r) => r.nfc)).size).toBe(144);
    // Spot checks that the table is what it claims to be.
    expect(TABLE.map((r) => r.nfc)).toEqual(expect.arrayContaining(["ắ", "Ặ", "ẩ", "ề", "Ễ", "ị", "ổ", "Ợ", "ữ", "Ự", "ỷ", "Ỹ", "ằ"]));
  });

  it.each(TABLE)("strips every tone and vowel mark: $nfc → $base", ({ nfc, nfd, base }) => {
    expect(normaliseName(nfc)).toBe(base);
    expect(normaliseName(nfd)).toBe(base);
    expect(normaliseName(`x${nfc}x`)).toBe(`x${base}x`);
  });

  it("maps đ and Đ to d", () => {
    expect(normaliseName("Đặng Đình Đức")).toBe("dang dinh duc");
    expect(normaliseName("đ")).toBe("d");
    expect(normaliseName("Đ")).toBe("d");
    expect(normaliseName("ÐỖ")).toBe("do"); // Ð U+00D0, typed for Đ on some keyboards
  });

  it("collapses spaces, trims and lower-cases", () => {
    expect(normaliseName("  Nguyễn   Văn  A ")).toBe("nguyen van a");
    expect(normaliseName("\tTRẦN\u00A0THỊ  BÍCH\nNGỌC ")).toBe("tran thi bich ngoc");
    expect(normaliseName("")).toBe("");
    expect(normaliseName("   ")).toBe("");
  });

  it("treats both tone placements and decomposed input alike", () => {
    expect(normaliseName("Hoà")).toBe(normaliseName("Hòa"));
    expect(normaliseName("Thuỷ")).toBe("thuy");
    expect(normaliseName("Lê Thị Hồng Nhung".normalize("NFD"))).toBe("le thi hong nhung");
  });

  it("drops apostrophes and turns other punctuation into spaces", () => {
    expect(normaliseName("H'Hen Niê")).toBe("hhen nie");
    expect(normaliseName("H’Hen Niê")).toBe("hhen nie");
    expect(normaliseName("Danh Thị Sà-Rương")).toBe("danh thi sa ruong");
    expect(normaliseName("Lâm Văn Tuấn.")).toBe("lam van tuan");
  });

  it("is idempotent and never leaves marks, đ, upper case or double spaces (property)", () => {
    const vietnamese = fc.constantFrom(...TABLE.map((r) => r.nfc), ...TABLE.map((r) => r.nfd), "đ", "Đ", " ", "  ", "\t", "n", "g", "h", "T", "'", "-");
    fc.assert(
      fc.property(
        fc.array(vietnamese, { maxLength: 30 }).map((cs) => cs.join("")),
        (name) => {
          const key = normaliseName(name);
          expect(normaliseName(key)).toBe(key);
          expect(key).toMatch(/^([a-z0-9]+( [a-z0-9]+)*)?$/);
          expect(normaliseName(name.normalize("NFD"))).toBe(key);
          expect(normaliseName(name.normalize("NFC"))).toBe(key);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is idempotent where lower-casing adds a mark", () => {
    expect(normaliseName("İ")).toBe("i");
    expect(normaliseName(normaliseName("İ"))).toBe("i");
  });

  it("is idempotent on any string (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        expect(normaliseName(normaliseName(s))).toBe(normaliseName(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe("displayName", () => {
  it("capitalises each word the Vietnamese way, keeping the marks", () => {
    expect(displayName("  nguyễn   văn  a ")).toBe("Nguyễn Văn A");
    expect(displayName("ĐỖ THỊ ÁNH")).toBe("Đỗ Thị Ánh");
    expect(displayName("nguyễn văn ơn")).toBe("Nguyễn Văn Ơn");
    expect(displayName("ưng hoàng phúc")).toBe("Ưng Hoàng Phúc");
    expect(displayName("h'hen niê")).toBe("H'Hen Niê");
    expect(displayName("danh thị sà-rương")).toBe("Danh Thị Sà-Rương");
  });

  it("returns NFC and leaves tone placement alone", () => {
    const decomposed = "trần thị thuỷ".normalize("NFD");
    expect(displayName(decomposed)).toBe("Trần Thị Thuỷ".normalize("NFC"));
    expect(displayName(decomposed)).toBe(displayName(decomposed).normalize("NFC"));
    expect(displayName("hoà")).toBe("Hoà");
    expect(displayName("hòa")).toBe("Hòa");
  });

  it("is idempotent and keeps the normalised key (property)", () => {
    const vietnamese = fc.constantFrom(...TABLE.map((r) => r.nfc), ...TABLE.map((r) => r.nfd), "đ", "Đ", " ", "  ", "n", "g", "h", "T", "'", "-");
    fc.assert(
      fc.property(
        fc.array(vietnamese, { maxLength: 30 }).map((cs) => cs.join("")),
        (name) => {
          const shown = displayName(name);
          expect(displayName(shown)).toBe(shown);
          expect(normaliseName(shown)).toBe(normaliseName(name));
          expect(shown).not.toMatch(/\s\s|^\s|\s$/);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("diacriticFolding", () => {
  const fold = (s: string) =>
    [...s]
      .map((c) => {
        const i = diacriticFolding.from.indexOf(c);
        return i < 0 ? c : diacriticFolding.to[i]!;
      })
      .join("")
      .toLowerCase();
  it("pairs each letter with one bare letter", () => {
    expect([...diacriticFolding.from].length).toBe([...diacriticFolding.to].length);
    expect(diacriticFolding.to).toMatch(/^[A-Za-z]+$/);
  });
  it("folds then lower-cases exactly as normaliseName does, on every Vietnamese letter and names", () => {
    const letters = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY";
    const tones = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"];
    for (const l of letters)
      for (const tone of tones) {
        const c = (l + tone).normalize("NFC");
        expect(fold(c), c).toBe(normaliseName(c));
      }
    for (const name of ["Nguyễn Văn Đức", "ĐỖ THỊ ÁNH", "Lê Hoàng Yến", "Phạm Thị Thuỷ"]) expect(fold(name)).toBe(normaliseName(name));
  });
});
