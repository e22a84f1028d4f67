/**
 * Reading an agent's list from disk, a row at a time: CSV (UTF-8 with or without BOM, or
 * Windows-1258, detected) and XLSX (exceljs's streaming reader, first sheet). A file is never
 * loaded whole: uploads are streamed to a file under the data directory, then read as a stream.
 */
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
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
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join("").normalize("NFC").trim();
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
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
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
