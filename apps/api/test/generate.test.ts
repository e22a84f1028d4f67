/**
 * `pnpm ansinh generate`: the synthetic national dataset. Deterministic files (same
 * seed → same bytes, another seed → other data), every personal ID and phone valid for the domain,
 * a generated province's files imported through the real import path with nothing rejected, and
 * the dataset loaded straight into the database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set) with counts matching the manifest and rows consistent with the domain.
 *
 * Units: the real 2025 list beside the checkout (../shared/data/admin-units/units-2025.csv) when
 * present, else the committed subset test/fixtures/units-2025-subset.csv (see its README).
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agentById, agents, selectRows, type Db } from "@ansinh/db";
import { healthCardStart, householdHealthContribution, voluntaryContribution } from "@ansinh/domain/contributions";
import type { Scheme } from "@ansinh/domain/eligibility";
import { checkPersonalId } from "@ansinh/domain/identity";
import { normaliseName, parsePhone } from "@ansinh/domain/registry";
import { generateIntoDb } from "../src/services/generate/db.js";
import { FileSink } from "../src/services/generate/files.js";
import { generateFiles, manifestOf, type Manifest } from "../src/services/generate/index.js";
import { DEFAULT_UNITS, readUnits, UnitsFileMissing } from "../src/services/generate/units.js";
import { importAreas } from "../src/services/import-areas.js";
import { processImportBatch } from "../src/services/import-enrolments.js";
import { readHeader, storeUpload } from "../src/services/import-file.js";
import { suggestMapping } from "../src/services/import-mapping.js";
import { recordEnrolment } from "../src/services/record-enrolment.js";
import { startImport } from "../src/services/start-import.js";
import { drivers, postgresUrl } from "./helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, "fixtures/units-2025-subset.csv");
const shared = existsSync(DEFAULT_UNITS);
if (!shared) {
  console.warn(`\n*** ${DEFAULT_UNITS} is ABSENT: generate tests use the fixture subset test/fixtures/units-2025-subset.csv (2 provinces, 7 communes) ***\n`);
}
const UNITS_FILE = shared ? DEFAULT_UNITS : FIXTURE;
/** A province of both lists, for the one-province runs. */
const PROVINCE = "96";
const FROM = 2023;
const TO = 2025;

const work = mkdtempSync(path.join(os.tmpdir(), "ansinh-generate-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hashDir(dir: string): string {
  const h = createHash("sha256");
  for (const f of readdirSync(dir).sort()) h.update(f).update(readFileSync(path.join(dir, f)));
  return h.digest("hex");
}

const csvRows = (file: string) =>
  readFileSync(file, "utf8")
    .split("\r\n")
    .filter((l) => l !== "")
    .map((l) => l.split(","));

describe("generate: files", () => {
  const units = readUnits(UNITS_FILE);
  const run = (seed: string, out: string) => generateFiles({ participants: 1500, seed, units, province: null, fromYear: FROM, toYear: TO, out });

  it("says clearly when the units file is absent, in Vietnamese and English", () => {
    expect(() => readUnits(path.join(work, "no-such-units.csv"))).toThrow(UnitsFileMissing);
    expect(() => readUnits(path.join(work, "no-such-units.csv"))).toThrow(
      /Không tìm thấy tệp đơn vị hành chính.*The administrative-unit file .* was not found/s,
    );
  });

  it("writes the same bytes for the same seed, and other data for another seed", async () => {
    const a = await run("7", path.join(work, "a"));
    const b = await run("7", path.join(work, "b"));
    const c = await run("8", path.join(work, "c"));
    expect(hashDir(path.join(work, "a"))).toBe(hashDir(path.join(work, "b")));
    expect(hashDir(path.join(work, "a"))).not.toBe(hashDir(path.join(work, "c")));
    expect(a.manifest).toEqual(b.manifest);
    expect(a.manifest.counts.participants).toBe(1500);
    // About two enrolments per participant; both schemes; renewals in later files.
    expect(a.manifest.counts.enrolments / 1500).toBeGreaterThan(1.4);
    expect(a.manifest.counts.enrolments / 1500).toBeLessThan(3);
    expect(a.manifest.counts.voluntaryEnrolments).toBeGreaterThan(0);
    expect(a.manifest.counts.householdEnrolments).toBeGreaterThan(0);
    expect(a.manifest.files.some((f) => f.wave > 1)).toBe(true);
    expect(a.manifest.files.reduce((s, f) => s + f.lines, 0)).toBe(a.manifest.counts.enrolments);
    expect(c.manifest.counts.participants).toBe(1500);
  });

  it("puts one province's people in one scheme with --only: every participant is one line of <province>-voluntary.csv", async () => {
    const out = path.join(work, "only");
    const { manifest } = await generateFiles({
      participants: 400,
      seed: "7",
      units: readUnits(UNITS_FILE, PROVINCE),
      province: PROVINCE,
      only: "voluntary_social_insurance",
      fromYear: FROM,
      toYear: TO,
      out,
    });
    expect(new Set(manifest.files.map((f) => f.scheme))).toEqual(new Set(["voluntary_social_insurance"]));
    expect(new Set(manifest.files.map((f) => f.agent.key))).toEqual(new Set([`${PROVINCE}-post-office`]));
    const first = manifest.files.find((f) => f.wave === 1)!;
    expect(first.file).toBe(`${PROVINCE}-voluntary.csv`);
    expect(first.lines).toBe(400);
    expect(csvRows(path.join(out, first.file)).length).toBe(401);
    expect(manifest.counts.households).toBe(0);
  });

  it("gives every line a personal ID and phone the domain accepts, diacritics in names, and the domain's amount", () => {
    const dir = path.join(work, "a");
    const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as Manifest;
    let lines = 0;
    let checkedAmounts = 0;
    let withDiacritics = 0;
    for (const f of manifest.files) {
      const [header, ...rows] = csvRows(path.join(dir, f.file));
      const col = (name: string) => header!.indexOf(name);
      const [iName, iBirth, iGender, iId, iPhone, iMonths, iIncome, iAmount, iReceipt, iRank, iEthnicity] = [
        "Họ và tên",
        "Ngày sinh",
        "Giới tính",
        "Số định danh cá nhân (CCCD)",
        "Số điện thoại",
        "Số tháng đóng",
        "Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở",
        "Số tiền đóng",
        "Ngày biên lai",
        "STT thành viên trong hộ",
        "Dân tộc",
      ].map(col) as number[];
      for (const r of rows) {
        lines++;
        const iso = (dmy: string) => dmy.split("/").reverse().join("-");
        const id = checkPersonalId(r[iId!]!, { birthDate: iso(r[iBirth!]!), gender: r[iGender!] === "Nữ" ? "female" : "male" });
        expect(id.problems).toEqual([]);
        if (r[iPhone!] !== "") expect(parsePhone(r[iPhone!]!)).toBe(r[iPhone!]);
        if (normaliseName(r[iName!]!) !== r[iName!]!.toLowerCase()) withDiacritics++;
        // Every 7th line: the amount against the domain, called directly.
        if (lines % 7 === 0) {
          const amount = Number(r[iAmount!]!.replaceAll(".", ""));
          const receipt = iso(r[iReceipt!]!);
          const expected =
            f.scheme === "voluntary_social_insurance"
              ? voluntaryContribution({
                  paymentDate: receipt,
                  monthlyIncome: Number(r[iIncome!]!.replaceAll(".", "")),
                  supportGroups: r[iEthnicity!] === "Kinh" ? [] : ["ethnic_minority"],
                  plan: { kind: "periodic", months: Number(r[iMonths!]) as 1 | 3 | 6 | 12 },
                }).totals.net
              : householdHealthContribution({ paymentDate: receipt, months: 12, members: [{ rank: Number(r[iRank!]) }] }).members[0]!.total;
          expect(amount).toBe(expected);
          checkedAmounts++;
        }
      }
    }
    expect(lines).toBe(manifest.counts.enrolments);
    expect(checkedAmounts).toBeGreaterThan(100);
    expect(withDiacritics / lines).toBeGreaterThan(0.8);
  });
});

/** Imports a file through the real path (as `pnpm ansinh import-enrolments` does). */
async function importFile(db: Db, dataDir: string, file: string, agentId: number, scheme: Scheme) {
  const agent = (await agentById(db, agentId))!;
  const stored = await storeUpload(createReadStream(file), dataDir, path.basename(file), Number.MAX_SAFE_INTEGER);
  const header = await readHeader(stored.path, stored.format);
  const mapping = suggestMapping(header?.cells ?? [], null);
  const started = await startImport(db, {
    agent,
    scheme,
    file: { hash: stored.hash, format: stored.format, path: stored.path, name: path.basename(file) },
    mapping,
    dryRun: false,
    actor: null,
    requestId: null,
  });
  return processImportBatch(db, started.batch.id, { record: recordEnrolment });
}

describe.each(drivers)("generate: into the database and through the import on $name", ({ open }) => {
  const units = readUnits(UNITS_FILE, PROVINCE);
  const unitsText = readFileSync(UNITS_FILE, "utf8");
  const N = 120;
  let handle: Awaited<ReturnType<typeof open>>;
  let db: Db;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), "ansinh-generate-db-"));
    handle = await open();
    db = handle.db;
    const r = await importAreas(db, unitsText, { validFrom: `${FROM}-01-01`, validTo: null }, path.basename(UNITS_FILE));
    expect(r.rejected).toEqual([]);
  }, 300_000);
  afterAll(async () => {
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const one = async <T>(q: ReturnType<typeof sql>) => (await selectRows<T>(db, q))[0]!;

  it("refuses the embedded PGlite above 100,000 participants, and a database without the units, in both languages", async () => {
    if (handle.kind === "pglite") {
      await expect(generateIntoDb({ participants: 100_001, seed: "x", units, fromYear: FROM, toYear: TO, db, kind: "pglite" })).rejects.toThrow(
        /PGlite.*tối đa 100,000.*at most 100,000 participants/s,
      );
    }
    // Years before the units' validity: the areas are not in force then.
    await expect(
      generateIntoDb({
        participants: 10,
        seed: "x",
        units,
        fromYear: FROM - 1,
        toYear: TO,
        databaseUrl: handle.kind === "postgres" ? postgresUrl : undefined,
        db,
        kind: handle.kind,
      }),
    ).rejects.toThrow(/Thiếu đơn vị hành chính.*Missing administrative units.*--valid-from 2022-01-01/s);
    expect((await one<{ n: number }>(sql`select count(*)::int as n from participants`)).n).toBe(0);
  });

  it("imports a generated province's files, in the manifest's order, with nothing rejected", async () => {
    const out = path.join(dataDir, "files");
    const { manifest } = await generateFiles({ participants: N, seed: "import", units, province: PROVINCE, fromYear: FROM, toYear: TO, out });
    const a = manifest.agents.find((x) => x.kind === "post_office")!;
    const [agent] = await db
      .insert(agents)
      .values({ name: a.name, kind: "post_office", provinceCode: a.provinceCode, areaCode: a.areaCode, areaValidOn: a.areaValidOn })
      .returning();
    let imported = 0;
    for (const f of manifest.files) {
      const batch = await importFile(db, dataDir, path.join(out, f.file), agent!.id, f.scheme);
      const problems = await selectRows<{ line: number; outcome: string; problems: unknown }>(
        db,
        sql`select line, outcome, problems from import_rows where batch_id = ${batch.id} and outcome <> 'imported' limit 5`,
      );
      expect({ file: f.file, problems }).toEqual({ file: f.file, problems: [] });
      expect(batch.rejected).toBe(0);
      expect(batch.imported).toBe(f.lines);
      imported += batch.imported;
    }
    expect(imported).toBe(manifest.counts.enrolments);
    const counts = await one<{ p: number; e: number }>(sql`select (select count(*) from participants)::int as p, (select count(*) from enrolments)::int as e`);
    expect(counts).toEqual({ p: manifest.counts.participants, e: manifest.counts.enrolments });
    // The write path found the same kinds and amounts the generator wrote.
    const kinds = await selectRows<{ kind: string; n: number }>(db, sql`select kind, count(*)::int as n from enrolments group by kind order by kind`);
    expect(kinds.find((k) => k.kind === "new")!.n).toBe(manifest.counts.participants);
  }, 600_000);

  it("loads the dataset with COPY (or INSERT on PGlite): counts match the manifest, rows are consistent with the domain", async () => {
    // An empty registry: the import test's rows go.
    await db.execute(
      sql`truncate import_rows, import_batches, payments, enrolments, duplicate_reviews, participants, households, outreach_events, campaigns, agents restart identity cascade`,
    );
    const out = path.join(dataDir, "db-files");
    const files = new FileSink(out);
    const r = await generateIntoDb({
      participants: N,
      seed: "db",
      units,
      fromYear: FROM,
      toYear: TO,
      databaseUrl: handle.kind === "postgres" ? postgresUrl : undefined,
      db,
      kind: handle.kind,
      also: Object.assign(
        { wantsBreakdown: false, household: files.household.bind(files), participant: files.participant.bind(files), enrolment: files.enrolment.bind(files) },
        { drain: () => files.drain() },
      ),
    });
    const manifest = manifestOf({ participants: N, seed: "db", units, province: PROVINCE, fromYear: FROM, toYear: TO }, r.result, await files.close());
    expect(r.counts.participants).toBe(N);
    // Loaded with the aggregates deferred, then rebuilt (the foundation's ansinh_rebuild_aggregates()).
    expect(r.aggregatesRebuilt).toBe(true);
    const agg = await one<{ n: number }>(sql`select coalesce(sum(n), 0)::int as n from enrolment_counts where area_code = ${PROVINCE} and grain = 'y'`);
    expect(agg.n).toBe(r.counts.enrolments);
    const c = await one<Record<string, number>>(sql`select
      (select count(*) from participants)::int as participants, (select count(*) from households)::int as households,
      (select count(*) from enrolments)::int as enrolments, (select count(*) from payments)::int as payments,
      (select count(*) from agents)::int as agents, (select count(*) from campaigns)::int as campaigns, (select count(*) from outreach_events)::int as "outreachEvents",
      (select count(*) from enrolments where outreach_event_id is not null)::int as "attributedEnrolments"`);
    expect(c).toEqual({
      participants: manifest.counts.participants,
      households: manifest.counts.households,
      enrolments: manifest.counts.enrolments,
      payments: manifest.counts.payments,
      agents: manifest.counts.agents,
      campaigns: manifest.counts.campaigns,
      outreachEvents: manifest.counts.outreachEvents,
      attributedEnrolments: manifest.counts.attributedEnrolments,
    });
    expect(manifest.files.reduce((s, f) => s + f.lines, 0)).toBe(c.enrolments);
    // Consistency: each payment's enrolment and participant, each enrolment's participant and household head.
    const broken = await one<Record<string, number>>(sql`select
      (select count(*) from payments p left join enrolments e on e.id = p.enrolment_id where e.id is null or e.participant_id <> p.participant_id
         or e.amount <> p.amount or e.start_date <> p.cover_from or e.province_code <> p.province_code)::int as payments,
      (select count(*) from enrolments e left join participants p on p.id = e.participant_id where p.id is null)::int as enrolments,
      (select count(*) from households h where h.head_participant_id is null)::int as headless,
      (select count(*) from participants p where p.name_key <> lower(p.name_key))::int as keys`);
    expect(broken).toEqual({ payments: 0, enrolments: 0, headless: 0, keys: 0 });
    // A new participant's IDs are free again for the next insert (sequences moved past the rows).
    const seq = await one<{ ok: boolean }>(sql`select nextval(pg_get_serial_sequence('participants', 'id')) > (select max(id) from participants) as ok`);
    expect(seq.ok).toBe(true);

    // The same arguments again give the same rows (every column, created_at included).
    const digest = async () =>
      one<{ d: string }>(sql`select md5(
        (select string_agg(t::text, '|' order by id) from participants t) || (select string_agg(t::text, '|' order by id) from households t) ||
        (select string_agg(t::text, '|' order by id) from enrolments t) || (select string_agg(t::text, '|' order by id) from payments t) ||
        (select string_agg(t::text, '|' order by id) from outreach_events t) || (select string_agg(t::text, '|' order by id) from campaigns t)) as d`);
    const before = await digest();
    const reload = async (seed: string) => {
      await db.execute(
        sql`truncate payments, enrolments, duplicate_reviews, participants, households, outreach_events, campaigns, agents restart identity cascade`,
      );
      await generateIntoDb({
        participants: N,
        seed,
        units,
        fromYear: FROM,
        toYear: TO,
        databaseUrl: handle.kind === "postgres" ? postgresUrl : undefined,
        db,
        kind: handle.kind,
      });
    };
    await reload("other seed");
    expect((await digest()).d).not.toBe(before.d);
    await reload("db");
    expect(await digest()).toEqual(before);

    // A sample against the domain: amount and breakdown recomputed from the row's own fields.
    const sample = await selectRows<{
      id: number;
      participant_id: number;
      scheme: string;
      months: number;
      monthly_income: number | null;
      support_groups: string[];
      household_rank: number | null;
      breakdown: unknown;
      amount: number;
      receipt_date: string;
      cover_from: string;
      cover_to: string;
      name_key: string;
      full_name: string;
      personal_id: string;
      birth_date: string;
      gender: "male" | "female";
      used: number;
      prev_end: string | null;
    }>(
      db,
      sql`select e.id::int, e.participant_id::int, e.scheme, e.months, e.monthly_income::int, e.support_groups, e.household_rank, e.breakdown, e.amount::int,
                 to_char(pay.receipt_date, 'YYYY-MM-DD') as receipt_date, to_char(pay.cover_from, 'YYYY-MM-DD') as cover_from, to_char(pay.cover_to, 'YYYY-MM-DD') as cover_to,
                 p.name_key, p.full_name, p.personal_id, to_char(p.birth_date, 'YYYY-MM-DD') as birth_date, p.gender,
                 (select coalesce(sum((x.breakdown->>'supportedMonths')::int), 0) from enrolments x where x.participant_id = e.participant_id and x.id < e.id)::int as used,
                 (select to_char(max(y.cover_to), 'YYYY-MM-DD') from payments y where y.participant_id = e.participant_id and y.enrolment_id < e.id) as prev_end
          from enrolments e join payments pay on pay.enrolment_id = e.id join participants p on p.id = e.participant_id
          where e.id % 5 = 0 order by e.id`,
    );
    expect(sample.length).toBeGreaterThan(20);
    for (const s of sample) {
      expect(s.name_key).toBe(normaliseName(s.full_name));
      expect(checkPersonalId(s.personal_id, { birthDate: s.birth_date, gender: s.gender }).valid).toBe(true);
      if (s.scheme === "voluntary_social_insurance") {
        const v = voluntaryContribution({
          paymentDate: s.receipt_date,
          monthlyIncome: s.monthly_income!,
          supportGroups: s.support_groups as never,
          plan: { kind: "periodic", months: s.months as 1 | 3 | 6 | 12 },
          supportedMonthsUsed: s.used,
        });
        expect(s.amount).toBe(v.totals.net);
        expect(s.breakdown).toEqual(JSON.parse(JSON.stringify(v)));
      } else {
        const contribution = householdHealthContribution({ paymentDate: s.receipt_date, months: 12, members: [{ rank: s.household_rank!, id: "member" }] });
        const card = healthCardStart({ paymentDate: s.receipt_date, previousCardEnd: s.prev_end });
        expect(s.cover_from).toBe(card.validFrom);
        expect(s.amount).toBe(contribution.members[0]!.total);
        expect(s.breakdown).toEqual(JSON.parse(JSON.stringify({ rank: s.household_rank, member: contribution.members[0], contribution, cardStart: card })));
      }
    }
  }, 600_000);
});
