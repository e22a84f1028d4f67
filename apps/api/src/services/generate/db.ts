/**
 * Writes a generated dataset straight into the database: agents, campaigns, outreach events,
 * households, participants, enrolments and payments, with PostgreSQL's COPY (postgres.js
 * `copy … from stdin` writable) in chunks; on the embedded PGlite (small datasets only) with
 * multi-row INSERTs. Rows are what the registry's write path would store: province in force on
 * the row's date, commune with the date it was checked on, breakdown as the domain returns it,
 * name key = `normaliseName`, deterministic `created_at` (the row's date), no clock.
 *
 * Aggregates: the loading session sets `ansinh.defer_aggregates = 'on'` (the foundation's
 * triggers then do nothing) and calls `ansinh_rebuild_aggregates()` at the end, when it exists.
 */
import { sql as dsql } from "drizzle-orm";
import type { Db } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import { generate, type GenCounts, type GenEnrolment, type GenHousehold, type GenParticipant, type GenSink } from "./model.js";
import type { GenUnits } from "./units.js";

export const PGLITE_MAX_PARTICIPANTS = 100_000;

export class GenerateDbError extends Error {}

type Cell = string | number | null;
type Row = Cell[];

const COLUMNS = {
  agents: ["id", "name", "kind", "province_code", "area_code", "area_valid_on", "created_at"],
  campaigns: ["id", "name", "province_code", "theme", "start_date", "end_date", "area_codes", "areas_valid_on", "partners", "created_at", "updated_at"],
  outreach_events: [
    "id",
    "campaign_id",
    "province_code",
    "type",
    "title",
    "event_date",
    "area_code",
    "organiser",
    "partner",
    "attendances",
    "created_at",
    "updated_at",
  ],
  households: ["id", "province_code", "code", "commune_code", "commune_valid_on", "created_at"],
  participants: [
    "id",
    "province_code",
    "personal_id",
    "full_name",
    "name_key",
    "birth_date",
    "gender",
    "ethnicity",
    "phone",
    "commune_code",
    "commune_valid_on",
    "household_id",
    "relationship",
    "household_joined_on",
    "created_at",
    "updated_at",
  ],
  enrolments: [
    "id",
    "province_code",
    "participant_id",
    "scheme",
    "kind",
    "start_date",
    "months",
    "monthly_income",
    "support_groups",
    "household_rank",
    "household_id",
    "facility_code",
    "breakdown",
    "rates_effective_from",
    "amount",
    "commune_code",
    "agent_id",
    "campaign_id",
    "outreach_event_id",
    "status",
    "source",
    "created_at",
  ],
  payments: [
    "id",
    "province_code",
    "enrolment_id",
    "participant_id",
    "cover_from",
    "months",
    "cover_to",
    "amount",
    "receipt_date",
    "receipt_number",
    "agent_id",
    "created_at",
  ],
} as const;
type Table = keyof typeof COLUMNS;

/** A row's moment: midnight, Vietnam time, of its date. */
const at = (date: string) => `${date} 00:00:00+07`;
const pgArray = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
const copyCell = (v: Cell) =>
  v === null
    ? "\\N"
    : typeof v === "number"
      ? String(v)
      : /[\\\t\n\r]/.test(v)
        ? v.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"))
        : v;

/** Where rows go: COPY on PostgreSQL, INSERT on PGlite. */
interface Loader {
  write(table: Table, rows: Row[]): Promise<void>;
  exec(text: string): Promise<{ [k: string]: unknown }[]>;
  close(): Promise<void>;
}

async function postgresLoader(url: string): Promise<Loader> {
  const { default: postgres } = await import("postgres");
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  const conn = await client.reserve();
  return {
    async write(table, rows) {
      if (rows.length === 0) return;
      const stream = await conn.unsafe(`copy ${table} (${COLUMNS[table].join(", ")}) from stdin`).writable();
      await new Promise<void>((resolve, reject) => {
        stream.on("error", reject);
        stream.on("finish", () => resolve());
        let i = 0;
        const pump = () => {
          while (i < rows.length) {
            let text = "";
            for (const end = Math.min(rows.length, i + 2000); i < end; i++) text += rows[i]!.map(copyCell).join("\t") + "\n";
            if (!stream.write(text)) return void stream.once("drain", pump);
          }
          stream.end();
        };
        pump();
      });
    },
    exec: (text) => conn.unsafe(text) as unknown as Promise<{ [k: string]: unknown }[]>,
    async close() {
      conn.release();
      await client.end({ timeout: 5 });
    },
  };
}

function drizzleLoader(db: Db): Loader {
  return {
    async write(table, rows) {
      const cols = COLUMNS[table];
      for (let i = 0; i < rows.length; i += 200) {
        const part = rows.slice(i, i + 200);
        await db.execute(
          dsql`insert into ${dsql.identifier(table)} (${dsql.raw(cols.join(", "))}) values ${dsql.join(
            part.map(
              (r) =>
                dsql`(${dsql.join(
                  r.map((v) => dsql`${v}`),
                  dsql`, `,
                )})`,
            ),
            dsql`, `,
          )}`,
        );
      }
    },
    async exec(text) {
      const r = (await db.execute(dsql.raw(text))) as unknown as { rows?: { [k: string]: unknown }[] } | { [k: string]: unknown }[];
      return Array.isArray(r) ? r : (r.rows ?? []);
    },
    close: async () => {},
  };
}

class DbSink implements GenSink {
  readonly wantsBreakdown = true;
  households: Row[] = [];
  participants: Row[] = [];
  enrolments: Row[] = [];
  payments: Row[] = [];

  household(h: GenHousehold): void {
    this.households.push([h.id, h.provinceCode, h.code, h.communeCode, h.communeValidOn, at(h.communeValidOn)]);
  }
  participant(p: GenParticipant): void {
    this.participants.push([
      p.id,
      p.provinceCode,
      p.personalId,
      p.fullName,
      p.nameKey,
      p.birthDate,
      p.gender,
      p.ethnicity,
      p.phone,
      p.communeCode,
      p.communeValidOn,
      p.householdId,
      p.relationship,
      p.householdJoinedOn,
      at(p.communeValidOn),
      at(p.communeValidOn),
    ]);
  }
  enrolment(e: GenEnrolment): void {
    this.enrolments.push([
      e.id,
      e.provinceCode,
      e.participant.id,
      e.scheme,
      e.kind,
      e.startDate,
      e.months,
      e.monthlyIncome,
      pgArray(e.supportGroups),
      e.householdRank,
      e.household?.id ?? null,
      e.facilityCode,
      e.breakdown,
      e.ratesEffectiveFrom,
      e.amount,
      e.communeCode,
      e.agent.id,
      e.campaignId,
      e.outreachEventId,
      "active",
      "demo",
      at(e.receiptDate),
    ]);
    this.payments.push([
      e.id,
      e.provinceCode,
      e.id,
      e.participant.id,
      e.startDate,
      e.months,
      e.coverTo,
      e.amount,
      e.receiptDate,
      e.receiptNumber,
      e.agent.id,
      at(e.receiptDate),
    ]);
  }
  pending(): number {
    return this.participants.length + this.enrolments.length;
  }
  /** Milliseconds spent writing to the database. */
  writing = 0;
  async flush(loader: Loader) {
    const t = performance.now();
    try {
      await this.write(loader);
    } finally {
      this.writing += performance.now() - t;
    }
  }
  private async write(loader: Loader) {
    const { households, participants, enrolments, payments } = this;
    this.households = [];
    this.participants = [];
    this.enrolments = [];
    this.payments = [];
    await loader.write("households", households);
    await loader.write("participants", participants);
    await loader.write("enrolments", enrolments);
    await loader.write("payments", payments);
  }
}

export interface GenerateDbOptions {
  participants: number;
  seed: string;
  units: GenUnits;
  fromYear: number;
  toYear: number;
  only?: Scheme | null;
  /** postgres://… (COPY); else `db` (PGlite) is used. */
  databaseUrl?: string | undefined;
  db: Db;
  kind: "pglite" | "postgres";
  log?: (line: string) => void;
  /** Other sinks fed the same rows (the files, when --out is given too). */
  also?: GenSink & { drain?: () => Promise<void> };
}

export interface GenerateDbResult {
  counts: GenCounts & { agents: number; campaigns: number; outreachEvents: number };
  agents: { id: number; key: string }[];
  seconds: number;
  rowsPerSecond: number;
  aggregatesRebuilt: boolean;
  result: Awaited<ReturnType<typeof generate>>;
}

const vi = (n: number) => n.toLocaleString("en-US");

/** Generates the dataset into the database; see the module's comment. */
export async function generateIntoDb(o: GenerateDbOptions): Promise<GenerateDbResult> {
  const log = o.log ?? (() => {});
  if (o.kind === "pglite" && o.participants > PGLITE_MAX_PARTICIPANTS) {
    throw new GenerateDbError(
      `Cơ sở dữ liệu nhúng (PGlite) chỉ dùng cho tối đa ${vi(PGLITE_MAX_PARTICIPANTS)} người tham gia; hãy đặt DATABASE_URL tới PostgreSQL / ` +
        `The embedded database (PGlite) takes at most ${vi(PGLITE_MAX_PARTICIPANTS)} participants; set DATABASE_URL to a PostgreSQL server`,
    );
  }
  const loader = o.kind === "postgres" && o.databaseUrl ? await postgresLoader(o.databaseUrl) : drizzleLoader(o.db);
  const t0 = performance.now();
  try {
    // --- the areas must be there, in force over every generated date
    const first = `${o.fromYear}-01-01`;
    const last = `${o.toYear}-12-31`;
    const codes = [...o.units.communes.map((c) => c.code), ...o.units.provinces.map((p) => p.code)];
    const quoted = codes.map((c) => `'${c.replace(/'/g, "''")}'`).join(",");
    const [found] = await loader.exec(
      `select count(distinct code)::int as n from areas where code in (${quoted}) and valid_from <= '${first}' and (valid_to is null or valid_to >= '${last}')`,
    );
    if (Number(found?.n ?? 0) < codes.length) {
      throw new GenerateDbError(
        `Thiếu đơn vị hành chính: chỉ ${vi(Number(found?.n ?? 0))}/${vi(codes.length)} tỉnh, xã của ${o.units.source} có hiệu lực từ ${first} đến ${last}. ` +
          `Hãy nhập trước: pnpm ansinh import-areas <${o.units.source}> --valid-from ${first} / ` +
          `Missing administrative units: only ${vi(Number(found?.n ?? 0))} of the ${vi(codes.length)} provinces and communes of ${o.units.source} are in force from ${first} to ${last}. ` +
          `Import them first: pnpm ansinh import-areas <${o.units.source}> --valid-from ${first}`,
      );
    }
    const [held] = await loader.exec(`select (select count(*) from participants)::int as p, (select count(*) from enrolments)::int as e`);
    if (Number(held?.p ?? 0) > 0 || Number(held?.e ?? 0) > 0) {
      throw new GenerateDbError(
        `Sổ đăng ký đã có dữ liệu (${vi(Number(held?.p))} người tham gia, ${vi(Number(held?.e))} lượt tham gia): --db chỉ nạp vào sổ trống / ` +
          `The registry already holds data (${vi(Number(held?.p))} participants, ${vi(Number(held?.e))} enrolments): --db loads into an empty registry only`,
      );
    }
    const [max] = await loader.exec(
      `select coalesce((select max(id) from agents), 0)::int as a, coalesce((select max(id) from campaigns), 0)::int as c, coalesce((select max(id) from outreach_events), 0)::int as e, coalesce((select max(id) from households), 0)::bigint as h`,
    );
    const [fn] = await loader.exec(`select to_regproc('ansinh_rebuild_aggregates') is not null as ok`);
    const canRebuild = fn?.ok === true;
    await loader.exec(`set ansinh.defer_aggregates = 'on'`);
    const bulk = o.kind === "postgres" ? await bulkMode(loader, log) : null;

    const sink = new DbSink();
    const tee: GenSink = o.also
      ? {
          wantsBreakdown: true,
          household: (h) => (sink.household(h), o.also!.household(h)),
          participant: (p) => (sink.participant(p), o.also!.participant(p)),
          enrolment: (e) => (sink.enrolment(e), o.also!.enrolment(e)),
        }
      : sink;
    let lastLog = t0;
    let inFlight: Promise<void> | null = null;
    let failed: unknown = null;
    const result = await generate(
      {
        participants: o.participants,
        seed: o.seed,
        units: o.units,
        fromYear: o.fromYear,
        toYear: o.toYear,
        only: o.only ?? null,
        firstIds: { agent: Number(max!.a) + 1, campaign: Number(max!.c) + 1, event: Number(max!.e) + 1, household: Number(max!.h) + 1 },
      },
      tee,
      {
        // PGlite: a flush every 2,000 participants. PostgreSQL: the generator stops every 500 to
        // let the socket move; a chunk (~20,000 rows) is copied while the next one is generated.
        pauseEvery: o.kind === "pglite" ? 2_000 : 500,
        pause: async () => {
          if (failed) throw failed;
          if (o.kind === "pglite") await sink.flush(loader);
          else if (sink.pending() >= 20_000) {
            if (inFlight) await inFlight;
            if (failed) throw failed;
            inFlight = sink
              .flush(loader)
              .catch((e: unknown) => void (failed = e ?? new Error("flush failed")))
              .finally(() => void (inFlight = null));
          }
          await new Promise((r) => setImmediate(r));
          await o.also?.drain?.();
        },
        reference: async (r) => {
          const ref = referenceRows(r);
          await loader.write("agents", ref.agents);
          await loader.write("campaigns", ref.campaigns);
          await loader.write("outreach_events", ref.outreach_events);
        },
        onProgress: (done) => {
          const now = performance.now();
          if (now - lastLog > 5000) {
            lastLog = now;
            const s = (now - t0) / 1000;
            log(`  ${vi(done)} / ${vi(o.participants)} người tham gia / participants — ${vi(Math.round(done / s))}/s`);
          }
        },
      },
    );
    if (inFlight) await inFlight;
    if (failed) throw failed;
    await sink.flush(loader);
    const { agents, campaigns, events, counts } = result;
    log(
      `  sinh và ghi / generated and written: ${((performance.now() - t0) / 1000).toFixed(1)} s, trong đó ghi CSDL (song song) / of which database writes (overlapped) ${(sink.writing / 1000).toFixed(1)} s`,
    );
    await bulk?.end();

    // Household heads (the participants did not exist when the households were copied).
    await loader.exec(
      `update households h set head_participant_id = p.id from participants p
        where p.household_id = h.id and p.relationship = 'Chủ hộ' and h.id > ${Number(max!.h)}`,
    );
    for (const [table, col] of [
      ["agents", "id"],
      ["campaigns", "id"],
      ["outreach_events", "id"],
      ["households", "id"],
      ["participants", "id"],
      ["enrolments", "id"],
      ["payments", "id"],
    ] as const) {
      await loader.exec(`select setval(pg_get_serial_sequence('${table}', '${col}'), greatest((select max(${col}) from ${table}), 1))`);
    }
    let aggregatesRebuilt = false;
    if (canRebuild) {
      const ta = performance.now();
      await loader.exec(`select ansinh_rebuild_aggregates()`);
      aggregatesRebuilt = true;
      log(`  ansinh_rebuild_aggregates(): ${((performance.now() - ta) / 1000).toFixed(1)} s`);
    } else log("  ansinh_rebuild_aggregates() chưa có / does not exist yet: bỏ qua / skipped");
    await loader.exec(`reset ansinh.defer_aggregates`);
    const seconds = (performance.now() - t0) / 1000;
    const rows = counts.participants + counts.households + counts.enrolments + counts.payments + agents.length + campaigns.length + events.length;
    return {
      counts: { ...counts, agents: agents.length, campaigns: campaigns.length, outreachEvents: events.length },
      agents: agents.map((a) => ({ id: a.id, key: a.key })),
      seconds,
      rowsPerSecond: rows / seconds,
      aggregatesRebuilt,
      result,
    };
  } finally {
    await bulkEnd?.().catch((e: unknown) => log(`  ${(e as Error).message}`));
    await loader.close();
  }
}

let bulkEnd: (() => Promise<void>) | null = null;

/**
 * Bulk-load settings on the loading session (PostgreSQL, empty tables only): commits without
 * waiting for the disk (`synchronous_commit = off`); foreign-key triggers off when the role may
 * (`session_replication_role = replica`, superusers; the generator writes every reference before
 * its row, and the test checks them); and the secondary indexes of participants, enrolments and
 * payments dropped, then built again in one pass at the end (a unique index built again checks its
 * rows all the same). `end()` puts everything back, also when the load fails.
 */
async function bulkMode(loader: Loader, log: (line: string) => void): Promise<{ end: () => Promise<void> }> {
  await loader.exec(`set synchronous_commit = off`);
  let replica = false;
  try {
    await loader.exec(`set session_replication_role = replica`);
    replica = true;
  } catch {
    log("  session_replication_role: không đủ quyền, giữ kiểm tra khoá ngoại / not permitted, foreign keys stay checked");
  }
  const indexes = (await loader.exec(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def from pg_index i
      where i.indrelid in ('participants'::regclass, 'enrolments'::regclass, 'payments'::regclass, 'households'::regclass) and not i.indisprimary
      order by 1`,
  )) as { name: string; def: string }[];
  for (const ix of indexes) await loader.exec(`drop index if exists ${ix.name}`);
  let done = false;
  const end = async () => {
    if (done) return;
    done = true;
    bulkEnd = null;
    const t = performance.now();
    for (const ix of indexes) await loader.exec(ix.def);
    if (replica) await loader.exec(`set session_replication_role = origin`);
    await loader.exec(`reset synchronous_commit`);
    log(`  ${indexes.length} chỉ mục dựng lại / indexes rebuilt: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  bulkEnd = end;
  return { end };
}

/** The reference rows (agents, campaigns, events) as COPY rows. */
export function referenceRows(r: Pick<Awaited<ReturnType<typeof generate>>, "agents" | "campaigns" | "events">): {
  agents: Row[];
  campaigns: Row[];
  outreach_events: Row[];
} {
  return {
    agents: r.agents.map((a) => [a.id, a.name, a.kind, a.provinceCode, a.areaCode, a.areaValidOn, at(a.areaValidOn)]),
    campaigns: r.campaigns.map((c) => [
      c.id,
      c.name,
      c.provinceCode,
      c.theme,
      c.startDate,
      c.endDate,
      pgArray(c.areaCodes),
      c.areasValidOn,
      pgArray(c.partners),
      at(c.startDate),
      at(c.startDate),
    ]),
    outreach_events: r.events.map((e) => [
      e.id,
      e.campaignId,
      e.provinceCode,
      e.type,
      e.title,
      e.eventDate,
      e.areaCode,
      e.organiser,
      e.partner,
      e.attendances,
      at(e.eventDate),
      at(e.eventDate),
    ]),
  };
}
