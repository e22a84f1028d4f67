/**
 * The bulk import's staging table: an agent's list is checked line by line in Node
 * and streamed with COPY into `import_staging`; duplicates within the file are found there set
 * by set, and chunks of lines are merged into the registry from it. UNLOGGED: it holds nothing
 * that cannot be made again from the batch's file (a PostgreSQL crash empties it; the import then
 * stages the file again and resumes after its last committed line).
 */

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
  "support_claim",
  "support_evidence",
] as const;
