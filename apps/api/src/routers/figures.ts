/**
 * Figures from outside (population; insured counts by group): run an uploaded file (dry run or
 * real), and read batches and their lines. The file itself travels over HTTP
 * (`POST /api/figures/upload`, see services/import-figures-http.ts). Who may: the `manage` action
 * (managers and admins), on the areas of each line; a line outside the caller's areas is rejected
 * with its reason.
 */
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { figureBatchById, figureBatchesPage, figureRowsPage, type FigureImportBatch } from "@ansinh/db";
import { figureKinds } from "@ansinh/domain/coverage";
import { DomainError } from "@ansinh/domain/errors";
import { apiError, trpcCodeOf, type ErrorCode } from "../errors.js";
import { figureBatchAuthors, FigureFileError, importFigures, mayViewFigureBatch } from "../services/import-figures.js";
import { uploadPath } from "../services/import-file.js";
import { protectedProcedure, router, type Access } from "../trpc.js";
import { page, text } from "./inputs.js";

const idSchema = z.number().int().min(1).max(2_147_483_647);
const kindSchema = z.enum(figureKinds);

function view(b: FigureImportBatch) {
  return {
    id: b.id,
    kind: b.kind,
    fileName: b.fileName,
    dryRun: b.status === "dry_run",
    status: b.status,
    totalRows: b.totalRows,
    imported: b.imported,
    unchanged: b.unchanged,
    rejected: b.rejected,
    createdAt: b.createdAt.toISOString(),
    finishedAt: b.finishedAt?.toISOString() ?? null,
  };
}

async function visibleBatch(db: Parameters<typeof figureBatchById>[0], access: Access, id: number, path: string): Promise<FigureImportBatch> {
  const b = await figureBatchById(db, id);
  if (!b || !(await mayViewFigureBatch(db, access, b))) throw apiError("IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", [path]);
  return b;
}

export const figuresRouter = router({
  /**
   * A dry run (nothing stored but the batch and its report) or the real import of an uploaded
   * file, by the hash the upload answered. The same file again answers its batch (`existing`).
   */
  run: protectedProcedure
    .meta({ access: "manage" })
    .input(
      z.object({
        kind: kindSchema,
        hash: z.string().regex(/^[0-9a-f]{64}$/, "upload.hash"),
        format: z.enum(["csv", "xlsx"]),
        fileName: text(255),
        dryRun: z.boolean(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (!ctx.imports) throw apiError("INTERNAL", "Máy chủ chưa bật chức năng nhập", "Imports are not enabled on this server");
      try {
        const { batch, existing } = await importFigures(ctx.db, {
          kind: input.kind,
          file: { hash: input.hash, format: input.format, name: input.fileName || "upload", path: uploadPath(ctx.imports.dataDir, input.hash, input.format) },
          dryRun: input.dryRun,
          actor: { id: ctx.access.user.id, email: ctx.access.user.email },
          requestId: ctx.requestId,
          scope: (day) => ctx.access.scopeFor("manage", day),
        });
        return { existing, batch: view(batch) };
      } catch (e) {
        if (e instanceof FigureFileError) {
          const cause = new DomainError<ErrorCode>(e.code as ErrorCode, e.issues);
          throw new TRPCError({ code: trpcCodeOf(e.code), message: cause.message, cause });
        }
        throw e;
      }
    }),

  /** One batch and its counts. */
  batch: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ id: idSchema }))
    .query(async ({ ctx, input }) => view(await visibleBatch(ctx.db, ctx.access, input.id, "id"))),

  /** A page of a batch's report: every line with its outcome, reasons and cells, in line order. */
  rows: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ batchId: idSchema, outcome: z.enum(["imported", "unchanged", "rejected"]).optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const b = await visibleBatch(ctx.db, ctx.access, input.batchId, "batchId");
      const { total, rows } = await figureRowsPage(ctx.db, b.id, { outcome: input.outcome, limit: input.limit, offset: input.offset });
      return {
        total,
        rows: rows.map((r) => ({
          line: r.line,
          outcome: r.outcome,
          problems: (r.problems as { code: string; path: string[]; vi: string; en: string }[] | null) ?? [],
          raw: (r.raw as Record<string, string> | null) ?? {},
        })),
      };
    }),

  /** Past batches the caller may see (all for a national admin; else its own and those of managers of areas within its own), newest first. */
  batches: protectedProcedure
    .meta({ access: "manage" })
    .input(z.object({ kind: kindSchema.optional(), ...page }))
    .query(async ({ ctx, input }) => {
      const createdBy = await figureBatchAuthors(ctx.readDb, ctx.access);
      const { total, rows } = await figureBatchesPage(ctx.readDb, { createdBy, kind: input.kind, limit: input.limit, offset: input.offset });
      return { total, rows: rows.map(view) };
    }),
});
