import { STATUS_CODES } from "node:http";
import os from "node:os";
import path from "node:path";
import type { Duplex } from "node:stream";
import rateLimit from "@fastify/rate-limit";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { appendAudit, assignmentsOf, ping, type DbHandle } from "@ansinh/db";
import { AnswerCache } from "./answer-cache.js";
import { authRequest, createAuth } from "./auth.js";
import { databaseFault, faultError, raceDeadline } from "./faults.js";
import { registerImportRoutes } from "./imports-http.js";
import { safeError } from "./logging.js";
import { createMetrics, registerMetricsRoute } from "./metrics.js";
import { dbRateLimitStore } from "./rate-limit-store.js";
import { installRequestOps, requestOps, type RequestOps } from "./request-ops.js";
import { appRouter, type AppRouter } from "./router.js";
import { registerProgressReport } from "./services/export-progress.js";
import { registerRegistryExports } from "./services/export-registry.js";
import type { RecordEnrolmentFn } from "./services/import-enrolments.js";
import { registerFigureRoutes } from "./services/import-figures-http.js";
import { defaultRecordEnrolment } from "./services/import-writer.js";
import { startJobWorker } from "./services/jobs.js";
import { revokeSessions } from "./services/users.js";
import { cookieValue, SessionCache } from "./session-cache.js";
import type { Context } from "./trpc.js";

export interface ServerOptions {
  handle: DbHandle;
  /**
   * Where dashboards and lists read (a replica, DATABASE_READ_URL); default: `handle`. No
   * migrations are run on it, and nothing is written to it.
   */
  readHandle?: DbHandle;
  /**
   * Signed-in requests served from memory (see ./session-cache.ts); null: every request asks
   * better-auth and reads the roles (SESSION_CACHE=off). Default: a new cache.
   */
  sessionCache?: SessionCache | null;
  /**
   * The dashboard's answers served from memory (see ./answer-cache.ts); null: computed on every
   * request (FIGURES_CACHE=off). Default: a new cache, unless reads go to a replica (`readHandle`).
   */
  figuresCache?: AnswerCache | null;
  logLevel?: string;
  /** The origin the browser sees (the admin app). */
  publicUrl?: string;
  authSecret?: string;
  /** Origins allowed to send mutations and sign-ins, besides publicUrl. */
  trustedOrigins?: string[];
  /** Sign-in (and password change) attempts per minute and client (default 10). */
  signInPerMinute?: number;
  /**
   * Addresses whose `X-Forwarded-For` is believed (the admin app's forwarder, a reverse proxy):
   * IPs, CIDR ranges or `loopback`; false believes nobody. Default: loopback.
   */
  trustProxy?: string[] | false;
  /** Procedures in one tRPC batch request (default 20). */
  maxBatchSize?: number;
  /** Where uploaded files are kept (`<dataDir>/imports`); default: a folder in the system's temp dir. */
  dataDir?: string;
  /** Run the background job worker in this process (default true). */
  jobWorker?: boolean;
  /** How long a job taken by this process's worker stays its own without renewal (default 60 s). */
  jobLeaseMs?: number;
  /** Voluntary lists on PostgreSQL take the bulk import path (default true), merged this many lines per transaction (default 2,000). */
  bulkImport?: boolean;
  bulkImportChunk?: number;
  /** The bulk path defers the dashboard aggregates to one rebuild at each batch's end (default false). */
  bulkImportDeferAggregates?: boolean;
  /** The registry's write path for imports (default: recordEnrolment). */
  recordEnrolment?: RecordEnrolmentFn | null;
  /** The longest a request may take before it is answered 503 "busy" (default 30 s; see ./faults.ts). */
  requestTimeoutMs?: number;
  /**
   * PostgreSQL: the longest one statement of a list may run (default 15 s, and at most a second past the
   * request's deadline); a list stopped by it answers 503 DATABASE.QUERY_TIMEOUT (./bounded-read.ts).
   */
  readStatementTimeoutMs?: number;
  /** Opens GET /metrics to `Authorization: Bearer <token>`; unset: /metrics answers 404. */
  metricsToken?: string | undefined;
  /** Where the JSON log lines go (default: standard output); for tests. */
  logStream?: { write(line: string): void };
}

/** The longest URL served (path and query string, as sent): Node's default header limit, 16 KiB. */
export const MAX_URL_LENGTH = 16_384;

/** Requests whose URL was over MAX_URL_LENGTH (see `rewriteUrl`). */
const tooLong = new WeakSet<object>();

/** Node's refusals of a request it could not read, as `{ code, issues, message }` (Fastify's default says it in English only). */
function refuseClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const [status, vi, en] =
    err.code === "HPE_HEADER_OVERFLOW"
      ? [
          431,
          `Địa chỉ hoặc tiêu đề yêu cầu quá dài (tối đa ${MAX_URL_LENGTH} ký tự)`,
          `The request's URL or headers are too long (at most ${MAX_URL_LENGTH} characters)`,
        ]
      : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? [408, "Yêu cầu gửi quá chậm", "The request was sent too slowly"]
        : [400, "Yêu cầu không đọc được", "The request could not be read"];
  const body = JSON.stringify({ code: "INPUT.INVALID", issues: [{ path: [], vi, en }], message: `${vi} / ${en}` });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Headers that carry a client address; only the one we derive ourselves is passed on. */
const addressHeaders = ["x-forwarded-for", "x-real-ip", "forwarded", "cf-connecting-ip", "true-client-ip", "x-client-ip"];

/** The request's headers for better-auth, with the client address Fastify resolved (req.ip) and no other. */
function toHeaders(req: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || addressHeaders.includes(key.toLowerCase())) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, String(value));
  }
  headers.set("x-forwarded-for", req.ip);
  return headers;
}

/** True when a string anywhere in `value` holds a NUL character (PostgreSQL text cannot). */
export function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === "string") return value.includes("\u0000");
  if (depth > 32 || value === null || typeof value !== "object") return false;
  if (Array.isArray(value)) return value.some((v) => hasNul(v, depth + 1));
  return Object.entries(value).some(([k, v]) => k.includes("\u0000") || hasNul(v, depth + 1));
}

const nulRefused = {
  message: "Dữ liệu không được chứa ký tự NUL (\\u0000) / Input must not contain the NUL character (\\u0000)",
  code: -32600,
  data: { code: "BAD_REQUEST", httpStatus: 400 },
};

/** Removes session tokens from a JSON answer: the cookie carries the session, nothing else does. */
function withoutTokens(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => withoutTokens(v, depth + 1));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "token")
      .map(([k, v]) => [k, withoutTokens(v, depth + 1)]),
  );
}

/**
 * The better-auth endpoints the product uses, and nothing else: everything else under
 * /api/auth answers 404 (update-user, list-sessions, …). `limited`: rate limited per client.
 */
const authRoutes: { method: "GET" | "POST"; path: string; limited: boolean }[] = [
  { method: "POST", path: "/sign-in/email", limited: true },
  { method: "POST", path: "/sign-out", limited: false },
  { method: "GET", path: "/get-session", limited: false },
  { method: "POST", path: "/change-password", limited: true },
];

const securityHeaders = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
};

/**
 * Builds the HTTP server: `GET /health`, better-auth under `/api/auth/*`, and the tRPC router
 * under `/trpc` (and the registry's XLSX exports under `/trpc/export/*`), with rate-limited sign-in, security headers, an origin check on every
 * state-changing request and a request id in every log line.
 */
export async function buildServer({
  handle,
  readHandle = handle,
  sessionCache = new SessionCache(),
  figuresCache,
  logLevel = "info",
  publicUrl = "http://127.0.0.1:3000",
  authSecret = "ansinh-development-secret-change-me-0000",
  trustedOrigins = [],
  signInPerMinute = 10,
  trustProxy = ["loopback"],
  maxBatchSize = 20,
  dataDir = path.join(os.tmpdir(), "ansinh"),
  jobWorker = true,
  jobLeaseMs = 60_000,
  bulkImport = true,
  bulkImportChunk,
  bulkImportDeferAggregates = false,
  recordEnrolment = defaultRecordEnrolment,
  requestTimeoutMs = 30_000,
  readStatementTimeoutMs = 15_000,
  metricsToken,
  logStream,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      logLevel === "silent"
        ? false
        : {
            level: logLevel,
            redact: { paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'], remove: true },
            // Errors without their values (PostgreSQL's detail, Drizzle's parameters): see ./logging.ts.
            serializers: { err: (e) => safeError(e) as { type: string; message: string; stack: string } },
            ...(logStream ? { stream: logStream } : {}),
          },
    // One line per request, written by ./request-ops.ts (route pattern, procedure, status, duration, user id; never the URL).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1_048_576,
    // The request id is the server's own: a client-chosen x-request-id never reaches the audit trail.
    genReqId: () => crypto.randomUUID(),
    trustProxy,
    routerOptions: { maxParamLength: 5000 },
    // What Node refuses before a request reaches Fastify (a request line or headers over its
    // limit: an over-long URL; a malformed request; a client too slow), in the API's shape.
    clientErrorHandler: refuseClientError,
    // An over-long URL is not routed nor its query string parsed (each costs ~0.1 s a 5 MiB URL):
    // it is routed as a short one, and answered 414 by the first hook below.
    rewriteUrl: (raw) => {
      const url = raw.url ?? "/";
      if (url.length <= MAX_URL_LENGTH) return url;
      tooLong.add(raw);
      return url.startsWith("/trpc/") ? "/trpc/url-too-long" : "/url-too-long";
    },
  });
  const origins = new Set([new URL(publicUrl).origin, ...trustedOrigins.map((o) => new URL(o).origin)]);
  const auth = createAuth({ db: handle.db, publicUrl, secret: authSecret, trustedOrigins: [...origins] });

  // An over-long URL (a GET carries its input there) is refused first, before it is
  // parsed, decoded or checked: a 4xx in the API's shape at once, whatever the input (a 5 MiB
  // string cost 1–2 s a request before). Node refuses a request line over its header limit
  // (16 KiB by default) before Fastify sees it; this bound holds whatever that limit is set to.
  app.addHook("onRequest", async (req, reply) => {
    if (!tooLong.has(req.raw)) return;
    const [vi, en] = [`Địa chỉ yêu cầu quá dài (tối đa ${MAX_URL_LENGTH} ký tự)`, `The request's URL is too long (at most ${MAX_URL_LENGTH} characters)`];
    const issues = [{ path: [], vi, en }];
    const message = `${vi} / ${en}`;
    if (req.url.startsWith("/trpc/"))
      return reply.code(414).send({ error: { message, code: -32600, data: { code: "INPUT.INVALID", issues, httpStatus: 414 } } });
    return reply.code(414).send({ code: "INPUT.INVALID", issues, message });
  });

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
    for (const [k, v] of Object.entries(securityHeaders)) reply.header(k, v);
    // Answers carry personal data (users, staff, audit, the registry to come): never stored by a cache.
    reply.header("cache-control", "no-store");
  });

  // PostgreSQL text cannot hold NUL: refused at the edge for every route, with a 400.
  app.addHook("preHandler", async (req, reply) => {
    const query = req.query as Record<string, unknown> | undefined;
    let input: unknown = query?.input;
    if (typeof input === "string") {
      try {
        input = JSON.parse(input);
      } catch {
        /* tRPC answers malformed input itself */
      }
    }
    // An upload's body is a stream (the import's route): its bytes are a file, not text to check.
    const body = req.body !== null && typeof req.body === "object" && typeof (req.body as { pipe?: unknown }).pipe === "function" ? undefined : req.body;
    if (hasNul(body) || hasNul(input) || hasNul(query) || req.url.includes("%00")) {
      return reply.code(400).send({ error: nulRefused });
    }
  });

  // CSRF: a state-changing request from a browser must come from one of our origins. Cookies are
  // SameSite=Lax too; requests with no Origin header are not from a browser form.
  app.addHook("onRequest", async (req, reply) => {
    if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return;
    const origin = req.headers.origin;
    if (origin !== undefined && !origins.has(origin)) {
      return reply.code(403).send({ error: { message: "Nguồn yêu cầu không được phép / Request origin not allowed" } });
    }
  });

  // Counted in the database: several API processes share one limit per client.
  await app.register(rateLimit, { global: false, store: dbRateLimitStore(handle.db) });

  const sessionCookie = `${publicUrl.startsWith("https://") ? "__Secure-" : ""}ansinh.session_token`;
  const cache = sessionCache;
  if (cache) {
    // Any change to users, sessions or roles, by any process, empties the cache; while the
    // LISTEN connection is down the cache is not used (see SessionCache).
    try {
      const unlisten = await handle.listen(
        "ansinh_auth",
        () => cache.clear(),
        (up) => {
          cache.setActive(up);
          if (!up) app.log.warn("session cache off: the ansinh_auth LISTEN connection is down");
        },
      );
      app.addHook("onClose", async () => {
        await unlisten();
        cache.setActive(false);
      });
    } catch (err) {
      app.log.warn({ err }, "session cache off: cannot LISTEN on ansinh_auth");
    }
  }
  const authChanged = () => cache?.clear();
  // The dashboard's answers: emptied on every ansinh_figures notification; not kept when reads go
  // to a replica, which may not have replayed the change the notification announces.
  const answers = figuresCache === undefined ? (readHandle === handle ? new AnswerCache() : null) : figuresCache;
  const metrics = createMetrics({ handle, sessionCache: cache, answers });
  installRequestOps(app, { timeoutMs: requestTimeoutMs, metrics });
  registerMetricsRoute(app, metrics, metricsToken);
  if (answers) {
    try {
      const unlisten = await handle.listen(
        "ansinh_figures",
        () => answers.clear(),
        (up) => {
          answers.setActive(up);
          if (!up) app.log.warn("dashboard cache off: the ansinh_figures LISTEN connection is down");
        },
      );
      app.addHook("onClose", async () => {
        await unlisten();
        answers.setActive(false);
      });
    } catch (err) {
      app.log.warn({ err }, "dashboard cache off: cannot LISTEN on ansinh_figures");
    }
  }

  app.get("/health", async (_req, reply) => {
    try {
      await ping(handle.db);
      return { status: "ok", database: handle.kind };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: handle.kind });
    }
  });

  /** Forwards one allowed auth endpoint to better-auth, on its canonical path (never the client's spelling). */
  const forwardAuth = async (req: FastifyRequest, reply: FastifyReply, path: string, body: unknown) => {
    const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?")) : "";
    const url = new URL(`/api/auth${path}${query}`, publicUrl);
    const payload = body === undefined || req.method === "GET" ? undefined : JSON.stringify(body);
    const res = await authRequest.run({ requestId: req.id }, () =>
      auth.handler(new Request(url, { method: req.method, headers: toHeaders(req), body: payload })),
    );
    reply.status(res.status);
    res.headers.forEach((value, key) => {
      const k = key.toLowerCase();
      if (k !== "set-cookie" && k !== "content-length" && k !== "set-auth-token") reply.header(key, value);
    });
    const cookies = res.headers.getSetCookie();
    if (cookies.length) reply.header("set-cookie", cookies);
    const text = res.body ? await res.text() : "";
    let answer: string | null = text || null;
    if ((res.headers.get("content-type") ?? "").includes("application/json") && text) {
      try {
        answer = JSON.stringify(withoutTokens(JSON.parse(text)));
      } catch {
        /* not JSON after all: sent as is */
      }
    }
    // Sent by the caller once its audit row is written, so the row exists when the answer arrives.
    return { status: res.status, send: () => reply.send(answer) };
  };

  /** A session lookup that failed on the database is that failure, not "signed out". */
  const noSessionUnlessFault = (e: unknown) => {
    if (databaseFault(e)) throw e;
    return null;
  };
  const sessionOf = (req: FastifyRequest) => auth.api.getSession({ headers: toHeaders(req), query: { disableRefresh: true } }).catch(noSessionUnlessFault);

  const audit = (req: FastifyRequest, entry: Omit<Parameters<typeof appendAudit>[1], "requestId">) =>
    appendAudit(handle.db, { ...entry, requestId: req.id }).catch((err: unknown) => app.log.error({ err }, "audit append failed"));

  for (const route of authRoutes) {
    app.route({
      method: route.method,
      url: `/api/auth${route.path}`,
      ...(route.limited ? { config: { rateLimit: { max: signInPerMinute, timeWindow: 60_000 } } } : {}),
      handler: async (req, reply) => {
        let body = req.body as Record<string, unknown> | undefined;
        if (route.path === "/sign-in/email") {
          const email = typeof body?.email === "string" ? body.email.trim().toLowerCase().slice(0, 254) : null;
          const res = await forwardAuth(req, reply, route.path, body);
          // Successful sign-ins are audited by the session hook (with the session id).
          if (res.status !== 200) {
            await audit(req, {
              actorId: null,
              actorEmail: null,
              action: "sign_in_failed",
              entity: "session",
              entityId: email ?? "-",
              before: null,
              after: { email, ipAddress: req.ip, status: res.status },
            });
          }
          return res.send();
        }
        // Every other endpoint needs a session, and a disabled account's session is over.
        const session = await sessionOf(req);
        const u = session?.user as { id: string; email: string; disabled?: boolean } | undefined;
        if (u?.disabled) {
          await revokeSessions(handle.db, u.id);
          authChanged();
          return reply.code(401).send({ code: "UNAUTHORIZED", message: "Tài khoản đã bị khoá / The account is disabled" });
        }
        if (route.path === "/change-password" && body && typeof body === "object") {
          // Changing one's password always signs out the other sessions.
          body = { ...body, revokeOtherSessions: true };
        }
        const res = await forwardAuth(req, reply, route.path, body);
        // The session (sign-out) or the other sessions (password) are over: forgotten here before
        // the answer, everywhere else on the database's notification.
        if (route.path !== "/get-session") authChanged();
        if (route.path === "/sign-out" && session && res.status === 200) {
          await audit(req, {
            actorId: u!.id,
            actorEmail: u!.email,
            action: "sign_out",
            entity: "session",
            entityId: session.session.id,
            before: null,
            after: null,
          });
        }
        return res.send();
      },
    });
  }
  // Anything else under /api/auth — another endpoint, or a path spelled with ./, ../, //, %2e,
  // capitals or a trailing slash — is not forwarded: it could only reach an allowed endpoint
  // around its rate limit.
  app.route({
    method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    url: "/api/auth/*",
    handler: async (_req, reply) => reply.code(404).send({ code: "NOT_FOUND", message: "Không có đường dẫn này / Not found" }),
  });

  const worker = jobWorker
    ? startJobWorker(handle.db, {
        record: recordEnrolment,
        log: app.log,
        leaseMs: jobLeaseMs,
        bulk: bulkImport,
        bulkDeferAggregates: bulkImportDeferAggregates,
        ...(bulkImportChunk ? { bulkChunk: bulkImportChunk } : {}),
      })
    : { wake() {}, stop: async () => {} };
  app.addHook("onClose", async () => worker.stop());
  const imports = { dataDir, wake: () => worker.wake() };
  /**
   * The request's session, user and roles: from the session cache when it holds the cookie, else
   * from better-auth (the cookie's signature, the session row, its expiry and sliding refresh)
   * and the role assignments. A disabled account has no session.
   */
  const signedIn = async (req: FastifyRequest): Promise<{ user: Context["user"]; assignments: Context["assignments"] } | null> => {
    const session = async () => {
      const s = await auth.api.getSession({ headers: toHeaders(req) }).catch(noSessionUnlessFault);
      const u = s?.user as { id: string; email: string; name: string; disabled?: boolean } | undefined;
      return s && u && !u.disabled ? { user: { id: u.id, email: u.email, name: u.name }, expiresAt: new Date(s.session.expiresAt).getTime() } : null;
    };
    // Without the cache, the roles are read by the procedures that need them (trpc.ts).
    if (!cache) return session().then((s) => s && { user: s.user, assignments: null });
    return cache.get(cookieValue(req.headers.cookie, sessionCookie), async () => {
      const s = await session();
      return s && { ...s, assignments: await assignmentsOf(handle.db, s.user.id) };
    });
  };
  const sessionUser = async (req: FastifyRequest) => (await signedIn(req))?.user ?? null;
  registerImportRoutes(app, { db: handle.db, dataDir, sessionUser });
  registerFigureRoutes(app, { db: handle.db, dataDir, sessionUser });
  /** The procedures' context: the session's user (none when disabled). */
  const contextWith = (req: FastifyRequest, ops: RequestOps, session: { user: Context["user"]; assignments: Context["assignments"] } | null): Context => {
    ops.userId = session?.user?.id ?? null;
    return {
      ops,
      db: handle.db,
      readDb: readHandle.db,
      reads: { kind: readHandle.kind, statementTimeoutMs: readStatementTimeoutMs, cancelTagged: readHandle.cancelTagged },
      user: session?.user ?? null,
      assignments: session?.assignments ?? null,
      authChanged,
      answers,
      requestId: req.id,
      imports,
    };
  };
  const contextOf = async (req: FastifyRequest): Promise<Context> => contextWith(req, requestOps(req), await signedIn(req));
  /**
   * The context at once when the session cache holds the request's cookie (the signed-in hit
   * path, No promise, no deadline timer); undefined otherwise.
   */
  const cachedContextOf = (req: FastifyRequest): Context | undefined => {
    const hit = cache?.peek(cookieValue(req.headers.cookie, sessionCookie));
    return hit ? contextWith(req, requestOps(req), hit) : undefined;
  };

  // XLSX exports of the registry's lists, next to the procedures they call.
  registerRegistryExports(app, contextOf);
  registerProgressReport(app, contextOf);

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      // One request runs at most this many procedures (a batch of 140 coverage queries was one GET).
      maxBatchSize,
      // Bounded like the procedures (a session lookup waits for the pool too), and a database
      // fault here is the outage's answer, not "please sign in".
      createContext: async ({ req }) => {
        const hit = cachedContextOf(req);
        if (hit) return hit;
        const ops = requestOps(req);
        try {
          return await raceDeadline(ops.deadlineAt, ops.timeoutMs, contextOf(req));
        } catch (e) {
          const fault = databaseFault(e);
          if (fault) {
            metrics.faults.inc({ kind: fault });
            throw faultError(fault, e);
          }
          throw e;
        }
      },
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "procedure failed");
        else if (error.code === "SERVICE_UNAVAILABLE") app.log.warn({ err: error.cause ?? error, path }, "procedure unavailable");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  return app;
}
