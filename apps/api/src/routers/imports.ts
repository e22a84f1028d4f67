import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { activeAgents, agentById, batchById, batchesOfAgents, cancelBatchJobs, importRowsPage, updateBatch, type Agent, type Db } from "@ansinh/db";
import { maskPersonalId, maskPhone, type Action } from "@ansinh/domain/access";
import { DomainError } from "@ansinh/domain/errors";
import { apiError, trpcCodeOf, type ErrorCode } from "../errors.js";
import { audited } from "../services/audited.js";
import type { BatchMapping } from "../services/import-enrolments.js";
import { fileExists, uploadPath } from "../services/import-file.js";
import { importFields } from "../services/import-mapping.js";
import { ImportInputError, startImport } from "../services/start-import.js";
import { protectedProcedure, router, type Access } from "../trpc.js";
import { readableCampaign, readableEvent } from "./campaigns.js";
import { page, text } from "./inputs.js";
import { listCursor } from "./registry-inputs.js";

export const schemeSchema = z.enum(["voluntary_social_insurance", "household_health_insurance"]);
const idSchema = z.number().int().min(1).max(2_147_483_647);

/** The agent, when the caller may take `action` on its area; otherwise not found or forbidden. */
export async function agentInScope(db: Parameters<typeof agentById>[0], access: Access, agentId: number, action: Action): Promise<Agent> {
  const agent = await agentById(db, agentId);
  if (!agent) throw apiError("IMPORT.AGENT_NOT_FOUND", "Không tìm thấy đại lý", "Agent not found", ["agentId"]);
  const caps = await access.capabilitiesOn(agent.areaCode, agent.areaValidOn);
  if (!caps.has(action)) throw apiError("FORBIDDEN", "Đại lý này nằm ngoài địa bàn của bạn", "This agent is outside your areas", ["agentId"]);
  return agent;
}

function inputError(e: ImportInputError): TRPCError {
  const cause = new DomainError<ErrorCode>(e.code as ErrorCode, e.issues);
  return new TRPCError({ code: trpcCodeOf(e.code), message: cause.message, cause });
}

const mappingSchema = z.partialRecord(z.enum(importFields), text(200));

/** The row as read, with the personal ID and phone masked for a caller without read_personal. */
function maskRaw(raw: unknown, personal: boolean): unknown {
  if (personal || raw === null || typeof raw !== "object") return raw;
  const r: Record<string, string | null> = { ...(raw as Record<string, string>) };
  if (r.personalId) r.personalId = maskPersonalId(r.personalId);
  if (r.phone) r.phone = maskPhone(r.phone);
  if (r.socialInsuranceNumber) r.socialInsuranceNumber = maskPersonalId(r.socialInsuranceNumber);
  return r;
}

/** Digit runs long enough to be a personal ID, a social-insurance number or a phone (8 or more, spaces and dots allowed). */
const LONG_NUMBER = /\d(?:[ .]?\d){7,}/g;

/**
 * A problem's text for a caller without read_personal: numbers that could be a personal ID, an
 * SI number or a phone are masked (the check's words may quote the cell).
 */
function maskText(text: string): string {
  return text.replace(LONG_NUMBER, (m) => {
    const digits = m.replace(/[ .]/g, "");
    return `${"*".repeat(Math.max(0, digits.length - 3))}${digits.slice(-3)}`;
  });
}

type Problem = { code: string; path: string[]; vi: string; en: string };
const maskProblems = (problems: Problem[], personal: boolean): Problem[] =>
  personal ? problems : problems.map((p) => ({ ...p, vi: maskText(p.vi), en: maskText(p.en) }));

/**
 * A batch's error as users see it: never the database's own text (a statement, its parameters,
 * a constraint), which says nothing a user can act on and may quote a person; the full text is
 * in the server's log.
 */
function shownError(error: string | null, personal: boolean): string | null {
  if (error === null) return null;
  const technical =
    /\b(insert|update|delete|select|violates|constraint|syntax|relation|column|duplicate key|params?:|query)\b/i.test(error) || /\$\d/.test(error);
  if (technical) return "Lỗi máy chủ khi nhập: hãy thử lại hoặc báo quản trị / A server error stopped the import: try again or tell an administrator";
  return personal ? error : maskText(error);
}

export const importsRouter = router({
  /** Agents the caller may import for (write on the agent's area), with their remembered mappings. */
  agents: protectedProcedure.meta({ access: "write" }).query(async ({ ctx }) => {
    const out = [];
    for (const a of await activeAgents(ctx.db)) {
      if ((await ctx.access.capabilitiesOn(a.areaCode, a.areaValidOn)).has("write")) {
        out.push({ id: a.id, name: a.name, kind: a.kind, areaCode: a.areaCode, importMapping: a.importMapping });
      }
    }
    return out;
  }),

  /**
   * Starts a dry run or the real run of an uploaded file (by the hash the upload answered). The
   * same file again for the same agent and scheme answers the same batch (`existing: true`).
   */
  start: protectedProcedure
    .meta({ access: "write" })
    .input(
      z.object({
        agentId: idSchema,
        scheme: schemeSchema,
        hash: z.string().regex(/^[0-9a-f]{64}$/, "upload.hash"),
        format: z.enum(["csv", "xlsx"]),
        fileName: text(255),
        mapping: mappingSchema,
        /** The campaign and/or outreach event every line is attributed to (a line's own event column overrides the event). */
        campaignId: idSchema.nullish(),
        outreachEventId: idSchema.nullish(),
        dryRun: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const agent = await agentInScope(ctx.db, ctx.access, input.agentId, "write");
      if (input.campaignId != null) await readableCampaign(ctx.db, ctx.access, input.campaignId);
      if (input.outreachEventId != null) await readableEvent(ctx.db, ctx.access, input.outreachEventId);
      if (!ctx.imports) throw apiError("INTERNAL", "Máy chủ chưa bật chức năng nhập", "Imports are not enabled on this server");
      try {
        const { batch, existing } = await startImport(ctx.db, {
          agent,
          scheme: input.scheme,
          file: { hash: input.hash, format: input.format, name: input.fileName, path: uploadPath(ctx.imports.dataDir, input.hash, input.format) },
          mapping: input.mapping,
          attribution: { campaignId: input.campaignId ?? null, outreachEventId: input.outreachEventId ?? null },
          dryRun: input.dryRun,
          actor: { id: ctx.access.user.id, email: ctx.access.user.email },
          requestId: ctx.requestId,
        });
        ctx.imports.wake();
        return { batchId: batch.id, existing, status: batch.status };
      } catch (e) {
        if (e instanceof ImportInputError) throw inputError(e);
        throw e;
      }
    }),

  /**
   * The real run of a finished dry run, from the file the dry run read (kept by its hash where
   * uploads are stored) with the same mapping and attribution: a dry run reopened from the history
   * is imported without uploading the file again.
   */
  runDryRun: protectedProcedure
    .meta({ access: "write" })
    .input(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const b = await batchById(ctx.db, input.id);
      if (!b) throw apiError("IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["id"]);
      const agent = await agentInScope(ctx.db, ctx.access, b.agentId, "write");
      if (b.status !== "dry_run" || b.finishedAt === null) {
        throw apiError("IMPORT.CONFLICT", "Chỉ nhập thật được từ một lần chạy thử đã xong", "Only a finished dry run can be run for real", ["id"]);
      }
      if (!ctx.imports) throw apiError("INTERNAL", "Máy chủ chưa bật chức năng nhập", "Imports are not enabled on this server");
      const mapping = b.mapping as BatchMapping;
      const attribution = mapping.attribution
        ? { campaignId: mapping.attribution.campaignId ?? null, outreachEventId: mapping.attribution.outreachEventId ?? null }
        : null;
      if (attribution?.campaignId != null) await readableCampaign(ctx.db, ctx.access, attribution.campaignId);
      if (attribution?.outreachEventId != null) await readableEvent(ctx.db, ctx.access, attribution.outreachEventId);
      try {
        const { batch, existing } = await startImport(ctx.db, {
          agent,
          scheme: b.scheme,
          file: { hash: b.fileHash, format: mapping.format, name: b.fileName, path: uploadPath(ctx.imports.dataDir, b.fileHash, mapping.format) },
          mapping: mapping.columns,
          attribution,
          dryRun: false,
          actor: { id: ctx.access.user.id, email: ctx.access.user.email },
          requestId: ctx.requestId,
        });
        ctx.imports.wake();
        return { batchId: batch.id, existing, status: batch.status };
      } catch (e) {
        if (e instanceof ImportInputError) throw inputError(e);
        throw e;
      }
    }),

  /** One batch: status and progress (the page polls it), counts. */
  batch: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => {
      const b = await batchById(ctx.db, input.id);
      if (!b) throw apiError("IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["id"]);
      const agent = await agentInScope(ctx.db, ctx.access, b.agentId, "read");
      const personal = (await ctx.access.capabilitiesOn(agent.areaCode, agent.areaValidOn)).has("read_personal");
      return {
        id: b.id,
        agentId: b.agentId,
        agentName: agent.name,
        scheme: b.scheme,
        fileName: b.fileName,
        dryRun: b.status === "dry_run",
        status: b.status,
        attribution: (b.mapping as { attribution?: { campaignId: number | null; outreachEventId: number | null } } | null)?.attribution ?? null,
        finished: b.finishedAt !== null,
        totalRows: b.totalRows,
        processedRows: b.processedRows,
        imported: b.imported,
        duplicates: b.duplicates,
        rejected: b.rejected,
        error: shownError(b.error, personal),
        createdAt: b.createdAt.toISOString(),
        finishedAt: b.finishedAt?.toISOString() ?? null,
        /** A finished dry run whose file is still stored: it can be run for real without uploading it again. */
        canRunForReal:
          b.status === "dry_run" && b.finishedAt !== null && !b.error && ctx.imports !== undefined && ctx.imports !== null
            ? await fileExists(uploadPath(ctx.imports.dataDir, b.fileHash, (b.mapping as BatchMapping).format))
            : false,
      };
    }),

  /** A page of a batch's report: every line with its outcome and reasons, in line order. */
  rows: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ batchId: idSchema, outcome: z.enum(["imported", "duplicate", "rejected"]).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const b = await batchById(ctx.db, input.batchId);
      if (!b) throw apiError("IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["batchId"]);
      const agent = await agentInScope(ctx.db, ctx.access, b.agentId, "read");
      const personal = (await ctx.access.capabilitiesOn(agent.areaCode, agent.areaValidOn)).has("read_personal");
      const { total, rows } = await importRowsPage(ctx.db, b.id, { outcome: input.outcome, limit: input.limit, offset: input.offset });
      return {
        total,
        rows: rows.map((r) => ({
          line: r.line,
          outcome: r.outcome,
          problems: maskProblems((r.problems as Problem[] | null) ?? [], personal),
          raw: maskRaw(r.raw, personal) as Record<string, string> | null,
        })),
      };
    }),

  /**
   * Cancels a waiting or running import: its job is marked cancelled and the worker
   * stops at its next chunk; the lines committed so far stay, and starting the same file again
   * resumes after them. Audited. A batch already finished is answered as it is.
   */
  cancel: protectedProcedure
    .meta({ access: "write" })
    .input(z.object({ id: idSchema }))
    .mutation(async ({ ctx, input }) => {
      const b = await batchById(ctx.db, input.id);
      if (!b) throw apiError("IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["id"]);
      await agentInScope(ctx.db, ctx.access, b.agentId, "write");
      // A finished batch has nothing to cancel: answered as it is (a second click is harmless).
      const waiting = b.status === "queued" || b.status === "running" || (b.status === "dry_run" && b.finishedAt === null);
      if (!waiting) return { id: b.id, status: b.status, cancelled: false };
      return audited({ ...ctx, user: ctx.access.user }, async (tx: Db) => {
        await cancelBatchJobs(tx, b.id);
        if (b.status === "dry_run") await updateBatch(tx, b.id, { error: "Đã hủy / Cancelled", finishedAt: new Date() });
        else await updateBatch(tx, b.id, { status: "cancelled", finishedAt: new Date() });
        const status = b.status === "dry_run" ? "dry_run" : "cancelled";
        return {
          entity: "import_batch",
          entityId: String(b.id),
          action: "import_cancelled",
          before: { status: b.status },
          after: { status },
          result: { id: b.id, status, cancelled: true },
        };
      });
    }),

  /** Past batches of the agents the caller can see, newest first, by keyset (`after`: the `nextCursor` of the page before). */
  batches: protectedProcedure
    .meta({ access: "read" })
    .input(z.object({ agentId: idSchema.optional(), after: listCursor.optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const visible: number[] = [];
      for (const a of await activeAgents(ctx.readDb)) {
        if (input.agentId !== undefined && a.id !== input.agentId) continue;
        if ((await ctx.access.capabilitiesOn(a.areaCode, a.areaValidOn)).has("read")) visible.push(a.id);
      }
      const { total, totalExact, nextCursor, rows } = await batchesOfAgents(ctx.readDb, visible, input);
      return {
        total,
        totalExact,
        nextCursor,
        rows: rows.map(({ batch: b, agentName }) => ({
          id: b.id,
          agentName,
          scheme: b.scheme,
          fileName: b.fileName,
          dryRun: b.status === "dry_run",
          status: b.status,
          totalRows: b.totalRows,
          processedRows: b.processedRows,
          imported: b.imported,
          duplicates: b.duplicates,
          rejected: b.rejected,
          createdAt: b.createdAt.toISOString(),
        })),
      };
    }),
});
