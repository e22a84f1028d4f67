/**
 * The import's HTTP routes (files do not travel through tRPC):
 * - `POST /api/imports/upload?agentId=&scheme=&fileName=`: the file as the raw body (any type),
 *   streamed to disk, at most 50 MiB; answers its hash, format, header and a suggested mapping;
 * - `GET /api/imports/template.xlsx|template.csv?scheme=`: the template;
 * - `GET /api/imports/batches/:id/report.xlsx`: a batch's report;
 * - `GET /api/imports/agent-batch.xlsx?agentId=&scheme=&from=&to=`: an agent's batch for the agency.
 * All need a session; the agent must be in the caller's areas.
 */
import { rm } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { agentById, assignmentsOf, batchById, type Db } from "@ansinh/db";
import type { Action } from "@ansinh/domain/access";
import { isoDateSchema } from "@ansinh/domain/dates";
import { FileBeyondLimits, readHeader, storeUpload, UnreadableFile, UploadTooLarge } from "./services/import-file.js";
import { suggestMapping, type ColumnMapping } from "./services/import-mapping.js";
import { agentBatchXlsx, reportXlsx, templateCsv, templateXlsx } from "./services/import-sheets.js";
import { accessOf, type SessionUser } from "./trpc.js";

/** The upload route's own body limit. */
export const UPLOAD_LIMIT = 50 * 1024 * 1024;

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Deps {
  db: Db;
  dataDir: string;
  sessionUser(req: FastifyRequest): Promise<SessionUser | null>;
}

function fail(reply: FastifyReply, status: number, code: string, vi: string, en: string, path: string[] = []) {
  return reply.code(status).send({ code, issues: [{ path, vi, en }], message: `${vi} / ${en}` });
}

const scheme = z.enum(["voluntary_social_insurance", "household_health_insurance"]);
const id = z.coerce.number().int().min(1).max(2_147_483_647);

/** A file name as shown: no path, no control characters, at most 255 characters. */
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

export function registerImportRoutes(app: FastifyInstance, deps: Deps) {
  const { db } = deps;

  /** The caller, and whether they may take `action` on the agent's area: 401, 404 or 403 answered here. */
  async function agentFor(req: FastifyRequest, reply: FastifyReply, agentId: number, action: Action) {
    const user = await deps.sessionUser(req);
    if (!user) {
      fail(reply, 401, "UNAUTHORIZED", "Cần đăng nhập", "Please sign in");
      return null;
    }
    const agent = await agentById(db, agentId);
    if (!agent) {
      fail(reply, 404, "IMPORT.AGENT_NOT_FOUND", "Không tìm thấy đại lý", "Agent not found", ["agentId"]);
      return null;
    }
    const access = accessOf(db, user, await assignmentsOf(db, user.id));
    if (!(await access.capabilitiesOn(agent.areaCode, agent.areaValidOn)).has(action)) {
      fail(reply, 403, "FORBIDDEN", "Đại lý này nằm ngoài địa bàn của bạn", "This agent is outside your areas", ["agentId"]);
      return null;
    }
    return { user, agent };
  }

  const sendXlsx = (reply: FastifyReply, name: string, body: Readable) =>
    reply.header("content-type", XLSX).header("content-disposition", contentDisposition(name)).send(body);

  // The upload's body reaches the handler as a stream, whatever its declared type.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_req, payload, done) => done(null, payload));
    scope.post("/api/imports/upload", { bodyLimit: UPLOAD_LIMIT }, async (req, reply) => {
      const q = z.object({ agentId: id, scheme, fileName: z.string().max(1000).optional() }).safeParse(req.query);
      if (!q.success) {
        (req.body as Readable | undefined)?.resume?.();
        return fail(reply, 400, "INPUT.INVALID", "Cần chọn đại lý và loại hình", "Choose an agent and a scheme", ["agentId"]);
      }
      const who = await agentFor(req, reply, q.data.agentId, "write");
      if (!who) {
        (req.body as Readable | undefined)?.resume?.();
        return reply;
      }
      const declared = Number(req.headers["content-length"] ?? 0);
      if (declared > UPLOAD_LIMIT) return fail(reply, 413, "IMPORT.TOO_LARGE", "Tệp quá lớn (tối đa 50 MiB)", "The file is too large (50 MiB at most)");
      const body = req.body as Readable | undefined;
      if (!body || typeof body.pipe !== "function") return fail(reply, 400, "IMPORT.FILE_EMPTY", "Chưa gửi tệp", "No file was sent");
      const fileName = cleanName(q.data.fileName);
      let storedPath: string | null = null;
      try {
        const stored = await storeUpload(body, deps.dataDir, fileName, UPLOAD_LIMIT);
        storedPath = stored.path;
        const header = await readHeader(stored.path, stored.format);
        if (!header) return fail(reply, 400, "IMPORT.FILE_EMPTY", "Tệp không có dòng nào", "The file has no rows");
        const saved = (who.agent.importMapping as Record<string, ColumnMapping> | null)?.[q.data.scheme] ?? null;
        return {
          hash: stored.hash,
          format: stored.format,
          size: stored.size,
          fileName,
          headers: header.cells,
          suggested: suggestMapping(header.cells, saved),
        };
      } catch (e) {
        if (e instanceof UploadTooLarge || (e as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          return fail(reply, 413, "IMPORT.TOO_LARGE", "Tệp quá lớn (tối đa 50 MiB)", "The file is too large (50 MiB at most)");
        if (e instanceof FileBeyondLimits) {
          // A file beyond the bounds is not kept (it could only be refused again).
          if (storedPath) await rm(storedPath, { force: true });
          return fail(reply, 400, "IMPORT.FILE_BEYOND_LIMITS", e.vi, e.en);
        }
        if (e instanceof UnreadableFile) return fail(reply, 400, "IMPORT.FILE_UNREADABLE", e.vi, e.en);
        throw e;
      }
    });
  });

  /** A session, or 401 answered here (every route of the import needs one, templates too). */
  async function signedIn(req: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (await deps.sessionUser(req)) return true;
    fail(reply, 401, "UNAUTHORIZED", "Cần đăng nhập", "Please sign in");
    return false;
  }

  app.get("/api/imports/template.xlsx", async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const q = z.object({ scheme }).safeParse(req.query);
    if (!q.success) return fail(reply, 400, "INPUT.INVALID", "Loại hình không hợp lệ", "Invalid scheme", ["scheme"]);
    const name = q.data.scheme === "household_health_insurance" ? "mau-D03-TS-bhyt-ho-gia-dinh.xlsx" : "mau-D05-TS-bhxh-tu-nguyen.xlsx";
    return sendXlsx(reply, name, templateXlsx(q.data.scheme));
  });

  app.get("/api/imports/template.csv", async (req, reply) => {
    if (!(await signedIn(req, reply))) return reply;
    const q = z.object({ scheme }).safeParse(req.query);
    if (!q.success) return fail(reply, 400, "INPUT.INVALID", "Loại hình không hợp lệ", "Invalid scheme", ["scheme"]);
    const name = q.data.scheme === "household_health_insurance" ? "mau-D03-TS-bhyt-ho-gia-dinh.csv" : "mau-D05-TS-bhxh-tu-nguyen.csv";
    return reply.header("content-type", "text/csv; charset=utf-8").header("content-disposition", contentDisposition(name)).send(templateCsv(q.data.scheme));
  });

  app.get("/api/imports/batches/:id/report.xlsx", async (req, reply) => {
    const p = z.object({ id }).safeParse(req.params);
    if (!p.success) return fail(reply, 404, "IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["id"]);
    const batch = await batchById(db, p.data.id);
    if (!batch) return fail(reply, 404, "IMPORT.NOT_FOUND", "Không tìm thấy lần nhập", "Import not found", ["id"]);
    // The report holds the rows as read, personal IDs included.
    const who = await agentFor(req, reply, batch.agentId, "read_personal");
    if (!who) return reply;
    // Written in the reader's language (`?lang=en`; Vietnamese otherwise).
    const lang = (req.query as { lang?: unknown } | undefined)?.lang === "en" ? "en" : "vi";
    return sendXlsx(reply, `${lang === "en" ? "import-result" : "ket-qua-nhap"}-${batch.id}.xlsx`, reportXlsx(db, batch.id, lang, batch.status === "dry_run"));
  });

  app.get("/api/imports/agent-batch.xlsx", async (req, reply) => {
    const q = z.object({ agentId: id, scheme, from: isoDateSchema, to: isoDateSchema }).safeParse(req.query);
    if (!q.success || q.data.from > q.data.to) {
      return fail(
        reply,
        400,
        "INPUT.INVALID",
        "Cần đại lý, loại hình và khoảng ngày (từ ≤ đến)",
        "An agent, a scheme and a date range (from ≤ to) are needed",
        ["from"],
      );
    }
    const who = await agentFor(req, reply, q.data.agentId, "read_personal");
    if (!who) return reply;
    const form = q.data.scheme === "household_health_insurance" ? "D03-TS" : "D05-TS";
    return sendXlsx(
      reply,
      `${form}-dai-ly-${who.agent.id}-${q.data.from}-${q.data.to}.xlsx`,
      agentBatchXlsx(db, who.agent.id, q.data.scheme, q.data.from, q.data.to),
    );
  });
}
