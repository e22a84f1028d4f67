// Hostile uploads, generated: small on disk, large when unpacked. Shared by
// test/door.test.ts and bench/upload-bombs.mjs. A minimal ZIP writer (stored central directory,
// deflated entries): a bomb part is one deflate segment ended by a full flush (byte-aligned, the
// dictionary reset) repeated N times, then a final empty block — a valid deflate stream that
// inflates to N × the segment. Its CRC is not computed (a reader that honours the bounds stops long
// before the end, where a CRC would be checked).
import { Buffer } from "node:buffer";
import { constants, deflateRawSync } from "node:zlib";

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = crcTable[(c ^ buf[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A part: `text` (deflated), or a bomb `{ head, unit, times, tail }` (unit repeated `times`). */
function deflatePart(part) {
  if (typeof part === "string" || Buffer.isBuffer(part)) {
    const raw = Buffer.from(part);
    return { data: deflateRawSync(raw), size: raw.length, crc: crc32(raw) };
  }
  const head = deflateRawSync(Buffer.from(part.head), { finishFlush: constants.Z_FULL_FLUSH });
  const unitRaw = Buffer.from(part.unit);
  const unit = deflateRawSync(unitRaw, { finishFlush: constants.Z_FULL_FLUSH, level: 9 });
  const tail = deflateRawSync(Buffer.from(part.tail));
  const chunks = [head];
  for (let i = 0; i < part.times; i++) chunks.push(unit);
  chunks.push(tail);
  const size = Buffer.byteLength(part.head) + unitRaw.length * part.times + Buffer.byteLength(part.tail);
  if (size > 0xffffffff) throw new Error("a part over 4 GiB needs ZIP64");
  return { data: Buffer.concat(chunks), size, crc: 0 };
}

/** A ZIP of `entries` ([name, part] in order). */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, part] of entries) {
    const { data, size, crc } = deflatePart(part);
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>Họ và tên</t></is></c><c r="B1" t="inlineStr"><is><t>Số CCCD</t></is></c></row>';

/** A workbook of one sheet: the usual parts around `sheet` and, when given, `sharedStrings`. */
export function workbook({ sheet, sharedStrings, extra = [] }) {
  const entries = [
    [
      "[Content_Types].xml",
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    ],
    [
      "_rels/.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      "xl/workbook.xml",
      `<?xml version="1.0" encoding="UTF-8"?><workbook ${NS} ${R_NS}><sheets><sheet name="D05-TS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      "xl/_rels/workbook.xml.rels",
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
  ];
  if (sharedStrings) entries.push(["xl/sharedStrings.xml", sharedStrings]);
  entries.push(["xl/worksheets/sheet1.xml", sheet], ...extra);
  return zip(entries);
}

const sheetOf = (rows) => `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${HEADER_ROW}${rows}</sheetData></worksheet>`;
const MiB = 1024 * 1024;
const repeatTo = (s, bytes) => s.repeat(Math.ceil(bytes / s.length)).slice(0, bytes - (bytes % s.length) || bytes);

/**
 * The hostile uploads, each `{ name, file }`:
 * - shared strings inflating to ~4 GiB (the tester's was 6 GiB; a ZIP without ZIP64 stops at 4);
 * - one shared string of ~1 GiB (a cell no one can hold);
 * - 300,000 empty rows, each reaching column XFD (the last one Excel has);
 * - 2,000,000 rows (more than Excel's 1,048,576);
 * - a worksheet part inflating to ~4 GiB of rows;
 * - 5,000 ZIP entries.
 */
export function uploadBombs() {
  const si = "<si><t>bom</t></si>";
  const unit = repeatTo(si, MiB);
  const bombs = [];
  bombs.push({
    name: "shared strings of 4 GiB",
    file: workbook({
      sharedStrings: { head: `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>`, unit, times: 4000, tail: "</sst>" },
      sheet: sheetOf('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
    }),
  });
  bombs.push({
    name: "one shared string of 1 GiB",
    file: workbook({
      sharedStrings: { head: `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}><si><t>`, unit: "a".repeat(MiB), times: 1024, tail: "</t></si></sst>" },
      sheet: sheetOf('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
    }),
  });
  const emptyRows = Array.from({ length: 300_000 }, (_, i) => `<row r="${i + 2}"><c r="XFD${i + 2}"/></row>`).join("");
  bombs.push({ name: "300,000 empty rows to column XFD", file: workbook({ sheet: sheetOf(emptyRows) }) });
  const rowUnit = repeatTo("<row/>", MiB);
  bombs.push({
    name: "2,000,000 rows",
    file: workbook({
      sheet: {
        head: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${HEADER_ROW}`,
        unit: "<row/>".repeat(100_000),
        times: 20,
        tail: "</sheetData></worksheet>",
      },
    }),
  });
  bombs.push({
    name: "a worksheet of 4 GiB",
    file: workbook({
      sheet: {
        head: `<?xml version="1.0" encoding="UTF-8"?><worksheet ${NS}><sheetData>${HEADER_ROW}`,
        unit: rowUnit,
        times: 4000,
        tail: "</sheetData></worksheet>",
      },
    }),
  });
  bombs.push({
    name: "5,000 ZIP entries",
    file: workbook({ sheet: sheetOf(""), extra: Array.from({ length: 5000 }, (_, i) => [`xl/media/image${i}.xml`, "<x/>"]) }),
  });
  return bombs;
}

/**
 * Workbooks just within the bounds (accepted): what the API holds at worst for an accepted file —
 * 495,000 rich-text shared strings (exceljs keeps each run as objects; a run counts as a string),
 * 990,000 plain ones, and 60 MiB of shared strings of 2,000 characters each.
 */
export function withinBounds() {
  const rich = "<si><r><t>ab</t></r></si>";
  const head = `<?xml version="1.0" encoding="UTF-8"?><sst ${NS}>`;
  const long = `<si><t>${"ă".repeat(2000)}</t></si>`;
  return [
    {
      name: "495,000 rich-text shared strings (within the bounds)",
      file: workbook({
        sharedStrings: { head, unit: rich.repeat(1000), times: 495, tail: "</sst>" },
        sheet: sheetOf('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
      }),
    },
    {
      name: "990,000 plain shared strings (within the bounds)",
      file: workbook({
        sharedStrings: { head, unit: "<si><t>ab</t></si>".repeat(1000), times: 990, tail: "</sst>" },
        sheet: sheetOf('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
      }),
    },
    {
      name: "60 MiB of long shared strings (within the bounds)",
      file: workbook({
        sharedStrings: { head, unit: long.repeat(100), times: Math.floor((60 * MiB) / (Buffer.byteLength(long) * 100)), tail: "</sst>" },
        sheet: sheetOf('<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
      }),
    },
  ];
}
