/**
 * The bulk import's staging table (issue 12): an agent's list is checked line by line in Node
 * and streamed with COPY into `import_staging`; duplicates within the file are found there set
 * by set, and chunks of lines are merged into the registry from it. UNLOGGED: it holds nothing
 * that cannot be made again from the batch's file (a PostgreSQL crash empties it; the import then
 * stages the file again and resumes after its last committed line).
 */
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";

/** The staging table's DDL (idempotent). */
export const importStagingDdl = `
create unlogged table if not exists import_staging (
  batch_id bigint not null,
  line integer not null,
  state text not null,
  attributed boolean not null default false,
  problems jsonb,
  raw jsonb,
  receipt text,
  personal_id text,
  sin text,
  dup_field text,
  dup_line integer,
  sin_shared boolean not null default false,
  province_code text,
  full_name text,
  name_key text,
  birth_date date,
  gender text,
  ethnicity text,
  phone text,
  commune_code text,
  receipt_date date,
  months smallint,
  monthly_income bigint,
  support_groups text[],
  breakdown jsonb,
  rates_from date,
  amount bigint,
  amount_paid bigint,
  start_date date,
  cover_to date,
  kind text,
  primary key (batch_id, line)
)`;

/** Creates the staging table when it is not there yet (until a migration provides it). */
export async function ensureImportStaging(db: Db): Promise<void> {
  await db.execute(sql.raw(importStagingDdl));
}

/** The columns COPY fills, in order. */
export const importStagingCopyColumns = [
  "batch_id",
  "line",
  "state",
  "attributed",
  "problems",
  "raw",
  "receipt",
  "personal_id",
  "sin",
  "province_code",
  "full_name",
  "name_key",
  "birth_date",
  "gender",
  "ethnicity",
  "phone",
  "commune_code",
  "receipt_date",
  "months",
  "monthly_income",
  "support_groups",
  "breakdown",
  "rates_from",
  "amount",
  "amount_paid",
  "start_date",
  "cover_to",
  "kind",
] as const;
