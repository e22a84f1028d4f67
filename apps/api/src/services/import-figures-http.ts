/**
 * The figures import's HTTP routes (files do not travel through tRPC):
 * - `POST /api/figures/upload?kind=population|insured&fileName=`: the file as the raw body,
 *   streamed to disk (at most 50 MiB); answers its hash, format, header and the columns found,
 *   or 400 when the header lacks a needed column (nothing is imported here: `figures.run` does);
 * - `GET /api/figures/template.xlsx|template.csv?kind=`: the template;
 * - `GET /api/figures/batches/:id/report.xlsx`: a batch's report.
 * Upload and report need a session with the `manage` action somewhere; the report only for those
 * who may see the batch.
 */
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { assignmentsOf, figureBatchById, type Db } from "@ansinh/db";
import { figureKinds, locateFigureColumns } from "@ansinh/domain/coverage";
import { accessOf, type SessionUser } from "../trpc.js";
import { figureReportXlsx, figureTemplateCsv, figureTemplateXlsx, templateName } from "./import-figures-sheets.js";
import { mayViewFigureBatch } from "./import-figures.js";
import { readHeader, storeUpload, UnreadableFile, UploadTooLarge } from "./import-file.js";

export const FIGURES_UPLOAD_LIMIT = 50 * 1024 * 1024;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Deps {
  db: Db;
  dataDir: string;
  sessionUser(req: FastifyRequest): Promise<SessionUser | null>;
}

function fail(reply: FastifyReply, status: number, code: string, issues: { path: string[]; vi: string; en: string }[]) {
  return reply.code(status).send({ code, issues, message: issues.map((i) => `${i.vi} / ${i.en}`).join("; ") });
}
const one = (vi: string, en: string, path: string[] = []) => [{ path, vi, en }];

function cleanName(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  return base.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, 255) || "upload";
}

function contentDisposition(name: string): string {
  const ascii = name
    .normalize("NFD")
    .replace(/[^\x20-\x7e]/g, "")
    .replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

const kindQuery = z.object({ kind: z.enum(figureKinds) });

export function registerFigureRoutes(app: FastifyInstance, deps: Deps) {
  const { db } = deps;

  /** The caller's access when they may import figures somewhere; 401 / 403 answered here. */
  async function manager(req: FastifyRequest, reply: FastifyReply) {
    const user = await deps.sessionUser(req);
    if (!user) {
      fail(reply, 401, "UNAUTHORIZED", one("Cần đăng nhập", "Please sign in"));
      return null;
    }
    const access = accessOf(db, user, await assignmentsOf(db, user.id));
    if (access.rootsFor("manage")?.length === 0) {
      fail(reply, 403, "FORBIDDEN", one("Bạn không có quyền nhập số liệu", "You are not allowed to import figures"));
      return null;
    }
    return access;
  }

  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    scope.post("/api/figures/upload", { bodyLimit: FIGURES_UPLOAD_LIMIT }, async (req, reply) => {
      const body = req.body as Readable | undefined;
      const q = kindQuery.extend({ fileName: z.string().max(1000).optional() }).safeParse(req.query);
      if (!q.success) {
        body?.resume?.();
        return fail(
          reply,
          400,
          "INPUT.INVALID",
          one("Cần chọn loại số liệu (dân số hoặc số người tham gia)", "Choose the kind of figures (population or insured counts)", ["kind"]),
        );
      }
      if (!(await manager(req, reply))) {
        body?.resume?.();
        return reply;
      }
      if (Number(req.headers["content-length"] ?? 0) > FIGURES_UPLOAD_LIMIT)
        return fail(reply, 413, "IMPORT.TOO_LARGE", one("Tệp quá lớn (tối đa 50 MiB)", "The file is too large (50 MiB at most)"));
      if (!body || typeof body.pipe !== "function") return fail(reply, 400, "IMPORT.FILE_EMPTY", one("Chưa gửi tệp", "No file was sent"));
      const fileName = cleanName(q.data.fileName);
      try {
        const stored = await storeUpload(body, deps.dataDir, fileName, FIGURES_UPLOAD_LIMIT);
        const header = await readHeader(stored.path, stored.format);
        if (!header) return fail(reply, 400, "IMPORT.FILE_EMPTY", one("Tệp không có dòng nào", "The file has no rows"));
        const located = locateFigureColumns(q.data.kind, header.cells);
        if (located.problems.length) return fail(reply, 400, located.problems[0]!.code, located.problems);
        return { hash: stored.hash, format: stored.format, size: stored.size, fileName, headers: header.cells, columns: located.columns };
      } catch (e) {
        if (e instanceof UploadTooLarge || (e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          return fail(reply, 413, "IMPORT.TOO_LARGE", one("Tệp quá lớn (tối đa 50 MiB)", "The file is too large (50 MiB at most)"));
        if (e instanceof UnreadableFile) return fail(reply, 400, "IMPORT.FILE_UNREADABLE", one(e.vi, e.en));
        throw e;
      }
    });
  });

  app.get("/api/figures/template.xlsx", async (req, reply) => {
    const q = kindQuery.safeParse(req.query);
    if (!q.success) return fail(reply, 400, "INPUT.INVALID", one("Loại số liệu không hợp lệ", "Invalid kind of figures", ["kind"]));
    const body = await figureTemplateXlsx(q.data.kind);
    return reply
      .header("content-type", XLSX)
      .header("content-disposition", contentDisposition(templateName(q.data.kind, "xlsx")))
      .send(body);
  });

  app.get("/api/figures/template.csv", async (req, reply) => {
    const q = kindQuery.safeParse(req.query);
    if (!q.success) return fail(reply, 400, "INPUT.INVALID", one("Loại số liệu không hợp lệ", "Invalid kind of figures", ["kind"]));
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", contentDisposition(templateName(q.data.kind, "csv")))
      .send(figureTemplateCsv(q.data.kind));
  });

  app.get("/api/figures/batches/:id/report.xlsx", async (req, reply) => {
    const p = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) }).safeParse(req.params);
    const access = await manager(req, reply);
    if (!access) return reply;
    const batch = p.success ? await figureBatchById(db, p.data.id) : undefined;
    if (!batch || !(await mayViewFigureBatch(db, access, batch)))
      return fail(reply, 404, "IMPORT.NOT_FOUND", one("Không tìm thấy lần nhập", "Import not found", ["id"]));
    const body = await figureReportXlsx(db, batch);
    return reply
      .header("content-type", XLSX)
      .header("content-disposition", contentDisposition(`ket-qua-nhap-so-lieu-${batch.id}.xlsx`))
      .send(body);
  });
}
