/**
 * Writes a generated dataset as agents' lists the import reads (docs/import.md): per province a
 * D05-TS file `<province>-voluntary.csv` and a D03-TS file `<province>-household.csv`, with the
 * template's Vietnamese headers, for the province's post office. The import treats a personal ID
 * seen twice in one file as a duplicate, so a person's later payments go in later files:
 * `<province>-voluntary-2.csv` holds second payments, `-3` third ones, and so on — import them in
 * the manifest's order and every line is imported. Streamed: lines are buffered per file and
 * flushed, never held whole.
 */
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import type { SupportGroup } from "@ansinh/domain/contributions";
import type { Scheme } from "@ansinh/domain/eligibility";
import { supportGroupsLabel } from "@ansinh/domain/registry";
import { importFieldNames, importFields, type ImportField } from "../import-mapping.js";
import { dmyOfIso, type GenAgent, type GenEnrolment, type GenHousehold, type GenParticipant, type GenSink } from "./model.js";

const HEADER = importFields.map((f) => importFieldNames[f].vi).join(",") + "\r\n";
/** The order the lines below are written in: checked against the template's at load. */
const ORDER: readonly ImportField[] = [
  "fullName",
  "socialInsuranceNumber",
  "birthDate",
  "gender",
  "personalId",
  "phone",
  "ethnicity",
  "nationality",
  "householdCode",
  "householdRank",
  "monthsPaid",
  "incomeOrBaseShare",
  "amountPaid",
  "receiptDate",
  "oldCardFrom",
  "oldCardTo",
  "newCardFrom",
  "newCardTo",
  "facilityCode",
  "communeCode",
  "caseKind",
  "supportGroup",
  "supportEvidence",
  "receiptNumber",
  "outreachEvent",
];
if (ORDER.join() !== importFields.join()) throw new Error("generate/files.ts: the template's columns changed; update the line writer");
const FLUSH_AT = 1 << 16;
const vnd = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");

export interface FileEntry {
  file: string;
  province: string;
  scheme: Scheme;
  /** 1: first payments; 2: second payments… import in this order. */
  wave: number;
  lines: number;
  agent: { key: string; name: string; kind: string; provinceCode: string; areaCode: string; areaValidOn: string; id?: number };
}

interface Open {
  entry: FileEntry;
  stream: WriteStream;
  buffer: string;
  draining: Promise<void> | null;
}

/** The "Đối tượng" cell as offices write it ("khác" for no group). */
const groupCell = (groups: readonly string[]) => supportGroupsLabel(groups as SupportGroup[], "vi").replaceAll(",", ";");

export class FileSink implements GenSink {
  readonly wantsBreakdown = false;
  private readonly open = new Map<string, Open>();
  private pending: Promise<void>[] = [];

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  household(_h: GenHousehold): void {}
  participant(_p: GenParticipant): void {}

  enrolment(e: GenEnrolment): void {
    const voluntary = e.scheme === "voluntary_social_insurance";
    const key = `${e.provinceCode}|${voluntary ? "v" : "h"}|${e.wave}`;
    let f = this.open.get(key);
    if (!f) {
      const name = `${e.provinceCode}-${voluntary ? "voluntary" : "household"}${e.wave > 1 ? `-${e.wave}` : ""}.csv`;
      const stream = createWriteStream(path.join(this.dir, name));
      f = {
        entry: { file: name, province: e.provinceCode, scheme: e.scheme, wave: e.wave, lines: 0, agent: agentOf(e.agent) },
        stream,
        buffer: HEADER,
        draining: null,
      };
      this.open.set(key, f);
    }
    const p = e.participant;
    // The template's columns in order (importFields): name, SI number, birth date, gender, personal ID,
    // phone, ethnicity, nationality, household code, rank, months, income/share, amount, receipt date,
    // old card from/to, new card from/to, facility, commune, case, support group (voluntary), its
    // evidence, receipt number, outreach event.
    f.buffer +=
      `${p.fullName},,${dmyOfIso(p.birthDate)},${p.gender === "female" ? "Nữ" : "Nam"},${p.personalId},${p.phone ?? ""},${p.ethnicity},Việt Nam,` +
      (voluntary ? `,,${e.months},${vnd(e.monthlyIncome!)},` : `${e.household!.code},${e.householdRank},${e.months},,`) +
      `${vnd(e.amount)},${dmyOfIso(e.receiptDate)},,,,,${voluntary ? "" : (e.facilityCode ?? "")},${e.communeCode},${e.kind === "new" ? "Tăng mới" : "Đóng tiếp"},${voluntary ? groupCell(e.supportGroups) : ""},,${e.receiptNumber},\r\n`;
    f.entry.lines++;
    if (f.buffer.length >= FLUSH_AT) this.flush(f);
  }

  private flush(f: Open) {
    if (f.buffer === "") return;
    const ok = f.stream.write(f.buffer);
    f.buffer = "";
    // One wait per full stream (not one listener per write).
    if (!ok && !f.draining) {
      f.draining = new Promise((r) =>
        f.stream.once("drain", () => {
          f.draining = null;
          r();
        }),
      );
      this.pending.push(f.draining);
    }
  }

  /** Waits until the files have taken what was written (backpressure). */
  async drain(): Promise<void> {
    const waiting = this.pending;
    this.pending = [];
    await Promise.all(waiting);
  }

  /** Flushes and closes every file; returns the files in import order (province, scheme, wave). */
  async close(): Promise<FileEntry[]> {
    const all = [...this.open.values()];
    for (const f of all) this.flush(f);
    await this.drain();
    await Promise.all(
      all.map(
        (f) =>
          new Promise<void>((resolve, reject) => {
            f.stream.once("error", reject);
            f.stream.end(() => resolve());
          }),
      ),
    );
    return all
      .map((f) => f.entry)
      .sort((a, b) =>
        a.province !== b.province ? (a.province < b.province ? -1 : 1) : a.scheme !== b.scheme ? (a.scheme > b.scheme ? -1 : 1) : a.wave - b.wave,
      );
  }
}

export function agentOf(a: GenAgent): FileEntry["agent"] {
  return { key: a.key, name: a.name, kind: a.kind, provinceCode: a.provinceCode, areaCode: a.areaCode, areaValidOn: a.areaValidOn };
}
