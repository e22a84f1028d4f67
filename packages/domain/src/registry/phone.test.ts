import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { codeOf } from "../code-of.test-support.js";
import { checkPhone, formatPhone, parsePhone } from "./index.js";

describe("parsePhone", () => {
  it.each([
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "+84 912 345 678",
    "+84912345678",
    "84912345678",
    "0084 912 345 678",
    "+84 (0) 912 345 678",
    "912345678", // a spreadsheet dropped the leading 0
    " 0912345678 ",
  ])("reads %j as 0912345678", (text) => {
    expect(parsePhone(text)).toBe("0912345678");
  });

  it("accepts every mobile prefix 03, 05, 07, 08, 09", () => {
    expect(parsePhone("0387 654 321")).toBe("0387654321");
    expect(parsePhone("0563 111 222")).toBe("0563111222");
    expect(parsePhone("0779 000 111")).toBe("0779000111");
    expect(parsePhone("+84 888 123 456")).toBe("0888123456");
    expect(parsePhone("0967 890 123")).toBe("0967890123");
  });

  it("reads landlines: 11 digits starting 02", () => {
    expect(parsePhone("(0297) 384 5678")).toBe("02973845678");
    expect(parsePhone("+84 24 3825 1234")).toBe("02438251234");
    expect(parsePhone("842438251234")).toBe("02438251234");
    expect(parsePhone("2973845678")).toBe("02973845678"); // leading 0 dropped
  });

  it("refuses malformed numbers and unknown prefixes with coded errors", () => {
    expect(codeOf(() => parsePhone(""))).toBe("REGISTRY.PHONE_MALFORMED");
    expect(codeOf(() => parsePhone("0912 345 67"))).toBe("REGISTRY.PHONE_MALFORMED"); // 9 digits with 0
    expect(codeOf(() => parsePhone("0912 345 6789"))).toBe("REGISTRY.PHONE_MALFORMED"); // 11 digits, not 02
    expect(codeOf(() => parsePhone("0168 123 4567"))).toBe("REGISTRY.PHONE_UNKNOWN_PREFIX"); // pre-2018 11-digit mobile
    expect(codeOf(() => parsePhone("09123456789012"))).toBe("REGISTRY.PHONE_MALFORMED");
    expect(codeOf(() => parsePhone("0912abc678"))).toBe("REGISTRY.PHONE_MALFORMED");
    expect(codeOf(() => parsePhone("0112345678"))).toBe("REGISTRY.PHONE_UNKNOWN_PREFIX"); // 01 not used since 2018
    expect(codeOf(() => parsePhone("0612345678"))).toBe("REGISTRY.PHONE_UNKNOWN_PREFIX");
    expect(codeOf(() => parsePhone("+1 202 555 0100"))).toBe("REGISTRY.PHONE_UNKNOWN_PREFIX");
    expect(codeOf(() => parsePhone("02973845"))).toBe("REGISTRY.PHONE_MALFORMED");
  });

  it("checkPhone returns the problem as data, in two languages", () => {
    const r = checkPhone("0912 abc");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.field).toBe("phone");
    expect(r.problem.code).toBe("REGISTRY.PHONE_MALFORMED");
    expect(r.problem.vi).toContain("Số điện thoại");
    expect(r.problem.en).toContain("Phone number");
    expect(checkPhone("0912345678")).toEqual({ ok: true, phone: "0912345678", kind: "mobile" });
    expect(checkPhone("02973845678")).toEqual({ ok: true, phone: "02973845678", kind: "landline" });
  });

  it("any way of writing a valid mobile number reads back to it (property)", () => {
    const mobile = fc.tuple(fc.constantFrom("3", "5", "7", "8", "9"), fc.stringMatching(/^\d{8}$/)).map(([p, rest]) => `0${p}${rest}`);
    const sep = fc.constantFrom("", " ", ".", "-");
    fc.assert(
      fc.property(mobile, sep, fc.constantFrom("0", "+84 ", "84", "0084", ""), (p, s, prefix) => {
        const body = p.slice(1);
        const written = `${prefix}${body.slice(0, 3)}${s}${body.slice(3, 6)}${s}${body.slice(6)}`;
        expect(parsePhone(written)).toBe(p);
        expect(parsePhone(formatPhone(written))).toBe(p);
      }),
      { numRuns: 300 },
    );
  });
});

describe("formatPhone", () => {
  it("groups mobile and landline numbers", () => {
    expect(formatPhone("0912345678")).toBe("0912 345 678");
    expect(formatPhone("+84912345678")).toBe("0912 345 678");
    expect(formatPhone("02438251234")).toBe("024 3825 1234");
    expect(formatPhone("02838251234")).toBe("028 3825 1234");
    expect(formatPhone("02973845678")).toBe("0297 384 5678");
    expect(codeOf(() => formatPhone("12"))).toBe("REGISTRY.PHONE_MALFORMED");
  });
});
