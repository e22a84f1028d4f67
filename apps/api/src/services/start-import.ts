/**
 * Starting an import of an uploaded file (dry run or real run) for an agent and a scheme: checks
 * the mapping against the file's header, creates the batch and queues its job, remembers the
 * agent's mapping, and writes one audit row — all in one transaction. The same file again for
 * the same agent and scheme is the same batch: nothing new is written (idempotent re-import).
 */
import { appendAudit, enqueueJob, findBatchByFile, insertBatch, saveAgentMapping, updateBatch, type Agent, type Db, type ImportBatch } from "@ansinh/db";
import type { Scheme } from "@ansinh/domain/eligibility";
import type { BatchMapping } from "./import-enrolments.js";
import { fileExists, readHeader, type SheetFormat } from "./import-file.js";
import { mappingProblems, type ColumnMapping } from "./import-mapping.js";
import { IMPORT_JOB } from "./jobs.js";

export class ImportInputError extends Error {
  constructor(
    readonly code: string,
    readonly issues: { path: string[]; vi: string; en: string }[],
  ) {
    super(issues.map((i) => i.en).join("; "));
  }
}

export interface StartImportInput {
  agent: Agent;
  scheme: Scheme;
  file: { hash: string; format: SheetFormat; path: string; name: string };
  mapping: ColumnMapping;
  /** The campaign and/or event every line is attributed to (checked line by line by the write path). */
  attribution?: { campaignId: number | null; outreachEventId: number | null } | null;
  dryRun: boolean;
  actor: { id: string; email: string } | null;
  requestId: string | null;
}

export async function startImport(db: Db, input: StartImportInput): Promise<{ batch: ImportBatch; existing: boolean }> {
  if (!(await fileExists(input.file.path))) {
    throw new ImportInputError("IMPORT.FILE_NOT_FOUND", [
      { path: ["hash"], vi: "Không tìm thấy tệp đã tải lên; hãy tải lại tệp", en: "The uploaded file was not found; please upload it again" },
    ]);
  }
  const header = await readHeader(input.file.path, input.file.format);
  if (!header) throw new ImportInputError("IMPORT.FILE_EMPTY", [{ path: ["hash"], vi: "Tệp không có dòng nào", en: "The file has no rows" }]);
  const problems = mappingProblems(input.mapping, header.cells, input.scheme);
  if (problems.length) throw new ImportInputError("IMPORT.MAPPING_INVALID", problems);

  if (!input.dryRun) {
    const existing = await findBatchByFile(db, input.agent.id, input.scheme, input.file.hash);
    if (existing) {
      if (existing.status === "failed" || existing.status === "cancelled") {
        // A failed or cancelled run is finished by running it again: it resumes after its last committed line.
        await db.transaction(async (tx) => {
          await updateBatch(tx, existing.id, { status: "queued", error: null });
          await enqueueJob(tx, IMPORT_JOB, { batchId: existing.id });
        });
        return { batch: { ...existing, status: "queued", error: null }, existing: true };
      }
      return { batch: existing, existing: true };
    }
  }
  const attribution = input.attribution && (input.attribution.campaignId !== null || input.attribution.outreachEventId !== null) ? input.attribution : null;
  const mapping: BatchMapping = { format: input.file.format, columns: input.mapping, ...(attribution ? { attribution } : {}) };
  let batch: ImportBatch;
  try {
    batch = await insertStarted(db, input, mapping, attribution);
  } catch (e) {
    // Two starts of one file at once: the other one's batch is this one (idempotent, not a 500).
    if (!input.dryRun && isUniqueViolation(e)) {
      const existing = await findBatchByFile(db, input.agent.id, input.scheme, input.file.hash);
      if (existing) return { batch: existing, existing: true };
    }
    throw e;
  }
  return { batch, existing: false };
}

function isUniqueViolation(e: unknown): boolean {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if ((c as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

async function insertStarted(db: Db, input: StartImportInput, mapping: BatchMapping, attribution: StartImportInput["attribution"]): Promise<ImportBatch> {
  return db.transaction(async (tx0) => {
    const tx = tx0 as unknown as Db;
    const b = await insertBatch(tx, {
      agentId: input.agent.id,
      provinceCode: input.agent.provinceCode,
      scheme: input.scheme,
      fileName: input.file.name.slice(0, 255),
      fileHash: input.file.hash,
      filePath: input.file.path,
      mapping,
      status: input.dryRun ? "dry_run" : "queued",
      createdBy: input.actor?.id ?? null,
    });
    await enqueueJob(tx, IMPORT_JOB, { batchId: b.id });
    await saveAgentMapping(tx, input.agent.id, input.scheme, input.mapping);
    await appendAudit(tx, {
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      action: input.dryRun ? "import_dry_run" : "import_started",
      entity: "import_batch",
      entityId: String(b.id),
      before: null,
      after: {
        agentId: input.agent.id,
        scheme: input.scheme,
        fileName: b.fileName,
        fileHash: b.fileHash,
        mapping: input.mapping,
        ...(attribution ? { attribution } : {}),
      },
      requestId: input.requestId,
    });
    return b;
  });
}
