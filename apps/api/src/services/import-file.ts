/**
 * Reading an agent's list from disk, a row at a time: CSV (UTF-8 with or without BOM, or
 * Windows-1258, detected) and XLSX (exceljs's streaming reader, first sheet). A file is never
 * loaded whole: uploads are streamed to a file under the data directory, then read as a stream.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

export type SheetFormat = "csv" | "xlsx";
export type CsvEncoding = "utf-8" | "windows-1258";

export interface StoredUpload {
  /** sha256 of the bytes, hex: the file's identity (the same file again is the same batch). */
  hash: string;
  format: SheetFormat;
  size: number;
  /** Where it is kept: `<dataDir>/imports/<hash>.<format>`. */
  path: string;
}

export class UploadTooLarge extends Error {}
export class UnreadableFile extends Error {
  constructor(
    readonly vi: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/**
 * A file whose content unpacks beyond one of the bounds below (a ZIP bomb, a sheet of millions of
 * rows, a cell no one can hold): refused before it is held in memory, naming the bound.
 */
export class FileBeyondLimits extends UnreadableFile {}

const MiB = 1024 * 1024;

/**
 * What an XLSX may unpack to: counted while its parts are streamed, before exceljs
 * holds anything. Generous for any real list (Excel itself stops at 1,048,576 rows and 32,767
 * characters a cell); a bomb meets one of them within its first megabytes unpacked.
 */
export const XLSX_LIMITS = {
  /** Parts in the ZIP (a workbook from Excel has about a dozen). */
  entries: 1_000,
  /** Bytes one part unpacks to. */
  partBytes: 512 * MiB,
  /** Bytes all parts unpack to together. */
  totalBytes: 1024 * MiB,
  /** Bytes the shared strings part unpacks to (exceljs keeps them all in memory). */
  sharedStringsBytes: 64 * MiB,
  /** Shared strings, each rich-text run counted as one more (exceljs holds a run as objects). */
  sharedStrings: 1_000_000,
  /** Rows of a worksheet, empty ones included (Excel's own limit). */
  rows: 1_048_576,
  /** Bytes of one XML token (a tag or a text between two tags): a cell of 32,767 characters is at most ~96 KiB. */
  tokenBytes: 128 * 1024,
  /** The furthest column a cell may be in (the template has 23; IV, the last column of Excel 2003). */
  columns: 256,
} as const;

const fmtInt = (n: number) => n.toLocaleString("en-US");
const fmtVi = (n: number) => n.toLocaleString("en-US").replace(/,/g, ".");

function beyond(limit: keyof typeof XLSX_LIMITS, part: string): FileBeyondLimits {
  const n = XLSX_LIMITS[limit];
  const mib = (b: number) => `${fmtInt(b / MiB)} MiB`;
  const said: Record<keyof typeof XLSX_LIMITS, [string, string]> = {
    entries: [`tệp XLSX có hơn ${fmtVi(n)} phần`, `the XLSX file has more than ${fmtInt(n)} parts`],
    partBytes: [`phần ${part} giải nén ra hơn ${mib(n)}`, `its part ${part} unpacks to more than ${mib(n)}`],
    totalBytes: [`tệp giải nén ra hơn ${mib(n)}`, `it unpacks to more than ${mib(n)}`],
    sharedStringsBytes: [`bảng chuỗi dùng chung giải nén ra hơn ${mib(n)}`, `its shared strings unpack to more than ${mib(n)}`],
    sharedStrings: [
      `bảng chuỗi dùng chung có hơn ${fmtVi(n)} chuỗi (mỗi đoạn định dạng tính thêm một)`,
      `it has more than ${fmtInt(n)} shared strings (each formatted run counted as one more)`,
    ],
    rows: [`trang tính có hơn ${fmtVi(n)} dòng (kể cả dòng trống)`, `a worksheet has more than ${fmtInt(n)} rows (empty ones included)`],
    tokenBytes: [`một ô hoặc thẻ trong ${part} dài hơn ${fmtInt(n / 1024)} KiB`, `a cell or tag in ${part} is longer than ${fmtInt(n / 1024)} KiB`],
    columns: [`có ô nằm ngoài ${fmtVi(n)} cột đầu (quá cột IV)`, `a cell lies beyond the first ${fmtInt(n)} columns (past column IV)`],
  };
  const [vi, en] = said[limit];
  return new FileBeyondLimits(`Tệp vượt giới hạn: ${vi}`, `The file is beyond a limit: ${en}`);
}

// unzipper is exceljs's own ZIP reader: the bounds are counted by the very parser exceljs reads
// the file with afterwards (the same entries, the same bytes), at the version exceljs pins.
interface ZipEntry extends AsyncIterable<Buffer> {
  path: string;
  autodrain(): unknown;
}
const unzipper = createRequire(createRequire(import.meta.url).resolve("exceljs"))("unzipper") as {
  Parse(options: { forceStream: boolean }): NodeJS.ReadWriteStream & AsyncIterable<ZipEntry>;
};

/** A column's letters as its number (A = 1, XFD = 16,384); Infinity past three letters. */
function columnNumber(letters: string): number {
  if (letters.length > 3) return Infinity;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/**
 * Counts, in a streamed XML part, the tags `<name…`, the longest token (bytes between two `<`)
 * and, for a worksheet, the furthest column a cell names (`<c r="XFD2"`: exceljs spends time in
 * proportion to it on every row).
 */
class XmlCounter {
  count = 0;
  maxColumn = 0;
  private offset = 0;
  private lastLt = 0;
  private carry = Buffer.alloc(0);
  constructor(
    private readonly name: string,
    private readonly tokenBytes: number,
    private readonly cells: boolean,
    private readonly runs = false,
  ) {}
  /** Feeds a chunk; false when a token is longer than `tokenBytes`. */
  feed(chunk: Buffer): boolean {
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const base = this.offset - this.carry.length;
    this.offset += chunk.length;
    this.carry = Buffer.alloc(0);
    const want = this.name.length + 2; // "<", the name, and the byte after it
    const look = 48; // enough of a tag to read a cell's reference
    for (let p = buf.indexOf(0x3c); p !== -1; p = buf.indexOf(0x3c, p + 1)) {
      if (p + look > buf.length) {
        // Too near the end to read the tag: looked at again with the next chunk.
        this.carry = Buffer.from(buf.subarray(p));
        break;
      }
      if (base + p - this.lastLt > this.tokenBytes) return false;
      this.lastLt = base + p;
      const head = buf.toString("latin1", p + 1, Math.min(buf.length, p + look));
      if (head.startsWith(this.name) && /^[\s>/]/.test(head.charAt(this.name.length))) this.count++;
      // A rich-text run (`<r>`) of a shared string costs exceljs objects of its own: counted as one more.
      else if (this.runs && head.startsWith("r") && /^[\s>]/.test(head.charAt(1))) this.count++;
      if (this.cells && /^c\s/.test(head)) {
        const ref = /^c\s[^>]*?\br="([A-Z]+)\d/.exec(head);
        if (ref) this.maxColumn = Math.max(this.maxColumn, columnNumber(ref[1]!));
      }
    }
    return this.offset - this.lastLt <= this.tokenBytes + look + want;
  }
}

const checkedXlsx = new Map<string, Promise<void>>();

/**
 * Streams every part of an XLSX through unzipper, counting what it unpacks to, and throws
 * `FileBeyondLimits` at the first bound met (nothing is held: each chunk is counted and dropped).
 * A file is checked once per process (it is named by its hash, so its content never changes).
 */
export function checkXlsxBounds(file: string): Promise<void> {
  let pending = checkedXlsx.get(file);
  if (!pending) {
    pending = scanXlsx(file);
    if (checkedXlsx.size >= 1000) checkedXlsx.clear();
    checkedXlsx.set(file, pending);
  }
  return pending;
}

async function scanXlsx(file: string): Promise<void> {
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  const zip = unzipper.Parse({ forceStream: true });
  source.pipe(zip);
  let entries = 0;
  let total = 0;
  try {
    for await (const entry of zip) {
      if (++entries > XLSX_LIMITS.entries) throw beyond("entries", entry.path);
      const sheet = /^xl\/worksheets\/sheet\d+\.xml$/.test(entry.path);
      const shared = entry.path === "xl/sharedStrings.xml";
      const counter = new XmlCounter(sheet ? "row" : "si", XLSX_LIMITS.tokenBytes, sheet, shared);
      let bytes = 0;
      for await (const chunk of entry) {
        bytes += chunk.length;
        total += chunk.length;
        if (bytes > XLSX_LIMITS.partBytes) throw beyond("partBytes", entry.path);
        if (total > XLSX_LIMITS.totalBytes) throw beyond("totalBytes", entry.path);
        if (shared && bytes > XLSX_LIMITS.sharedStringsBytes) throw beyond("sharedStringsBytes", entry.path);
        if (!counter.feed(chunk)) throw beyond("tokenBytes", entry.path);
        if (sheet && counter.count > XLSX_LIMITS.rows) throw beyond("rows", entry.path);
        if (sheet && counter.maxColumn > XLSX_LIMITS.columns) throw beyond("columns", entry.path);
        if (shared && counter.count > XLSX_LIMITS.sharedStrings) throw beyond("sharedStrings", entry.path);
      }
    }
  } finally {
    source.destroy();
    (zip as unknown as { destroy?: () => void }).destroy?.();
  }
}

export const importsDir = (dataDir: string) => path.join(dataDir, "imports");

/** The stored file of an upload by its hash (a file name the server made, never the client's). */
export function uploadPath(dataDir: string, hash: string, format: SheetFormat): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error("bad upload hash");
  return path.join(importsDir(dataDir), `${hash}.${format}`);
}

/**
 * Streams `body` to a file under `<dataDir>/imports`, hashing it on the way, refusing more than
 * `limit` bytes; names it by its hash. The format is what the bytes say (a ZIP is XLSX), then
 * the name's extension.
 */
export async function storeUpload(body: Readable, dataDir: string, fileName: string, limit: number): Promise<StoredUpload> {
  const dir = importsDir(dataDir);
  await mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `upload-${randomUUID()}.part`);
  const hash = createHash("sha256");
  let size = 0;
  let head: Buffer | null = null;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new UploadTooLarge("too large"));
      if (head === null) head = chunk.subarray(0, 4);
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, createWriteStream(tmp));
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
  const zip = head !== null && (head as Buffer).length >= 4 && (head as Buffer).readUInt32LE(0) === 0x04034b50;
  const format: SheetFormat = zip ? "xlsx" : "csv";
  if (!zip && /\.xlsx$/i.test(fileName)) {
    await rm(tmp, { force: true });
    throw new UnreadableFile("Tệp .xlsx này không đọc được (không phải bảng tính Excel)", "This .xlsx file cannot be read (not an Excel workbook)");
  }
  if (size === 0) {
    await rm(tmp, { force: true });
    throw new UnreadableFile("Tệp rỗng", "The file is empty");
  }
  const digest = hash.digest("hex");
  const target = uploadPath(dataDir, digest, format);
  await rename(tmp, target);
  return { hash: digest, format, size, path: target };
}

export async function fileExists(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * The encoding of a CSV file, read through once: UTF-8 when every byte sequence is valid UTF-8
 * (a BOM is then skipped by the reader), Windows-1258 otherwise (the Vietnamese code page
 * agents' older software writes). Also the delimiter, from the first line: `,`, `;` or tab.
 */
export async function sniffCsv(file: string): Promise<{ encoding: CsvEncoding; bom: boolean; delimiter: string }> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let utf8 = true;
  let bom = false;
  let first: Buffer | null = null;
  for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    if (first === null) {
      first = chunk.subarray(0, 64 * 1024);
      bom = chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf;
    }
    if (!utf8) continue;
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      utf8 = false;
    }
  }
  if (utf8) {
    try {
      decoder.decode();
    } catch {
      utf8 = false;
    }
  }
  const line = (first ?? Buffer.alloc(0)).toString("latin1").split(/\r?\n/)[0] ?? "";
  const counts = [",", ";", "\t"].map((d) => ({ d, n: line.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return { encoding: utf8 ? "utf-8" : "windows-1258", bom, delimiter: counts[0]!.n > 0 ? counts[0]!.d : "," };
}

/** One row of a sheet: its line number (the header is line 1 when it is the first row) and its cells as text. */
export interface SheetRow {
  line: number;
  cells: string[];
}

/** A cell of exceljs as text: dates as `YYYY-MM-DD`, numbers as written, formulas by their result. */
export function cellText(v: unknown): string {
  if (v == null) return "";
  if (typeof v === "string") return v.normalize("NFC").trim();
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? "" : v.toISOString().slice(0, 10);
  if (typeof v === "object") {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText))
      return o.richText
        .map((r) => r.text)
        .join("")
        .normalize("NFC")
        .trim();
    if ("result" in o) return cellText(o.result);
    if ("text" in o) return cellText(o.text);
  }
  return "";
}

async function* csvRows(file: string): AsyncGenerator<SheetRow> {
  const { encoding, delimiter } = await sniffCsv(file);
  const source = createReadStream(file, { highWaterMark: 64 * 1024 });
  const decoded = source.pipe(iconv.decodeStream(encoding === "utf-8" ? "utf-8" : "windows-1258", { stripBOM: true }));
  const parser = decoded.pipe(
    parse({ delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false, info: true, max_record_size: 64 * 1024 }),
  );
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = rec.record.map((c) => c.normalize("NFC").trim());
      if (cells.every((c) => c === "")) continue;
      yield { line: rec.info.lines, cells };
    }
  } finally {
    source.destroy();
  }
}

async function* xlsxRows(file: string): AsyncGenerator<SheetRow> {
  await checkXlsxBounds(file);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "emit",
  });
  let sheets = 0;
  for await (const sheet of reader) {
    sheets++;
    if (sheets > 1) break;
    for await (const row of sheet) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      const width = Math.min(values.length, XLSX_LIMITS.columns + 1);
      for (let i = 1; i < width; i++) cells.push(cellText(values[i]));
      if (cells.every((c) => c === "")) continue;
      yield { line: row.number, cells };
    }
  }
}

/** The rows of a stored file, header included, one at a time (empty rows skipped). */
export async function* readSheet(file: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  try {
    yield* format === "xlsx" ? xlsxRows(file) : csvRows(file);
  } catch (e) {
    if (e instanceof UnreadableFile) throw e;
    throw new UnreadableFile(
      `Không đọc được tệp ${format.toUpperCase()}: ${(e as Error).message}`.slice(0, 300),
      `The ${format.toUpperCase()} file cannot be read: ${(e as Error).message}`.slice(0, 300),
    );
  }
}

/** The header row (the first non-empty row) of a stored file. */
export async function readHeader(file: string, format: SheetFormat): Promise<SheetRow | null> {
  for await (const row of readSheet(file, format)) return row;
  return null;
}
