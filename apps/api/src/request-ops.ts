/**
 * The operational side of each request, kept beside it: when it started, its deadline, the
 * procedures it ran and its user (for the log line and the metrics), installed on a Fastify
 * instance by `installRequestOps` (one log line per request, the metrics, the fallback bound).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { databaseFault, faultBody } from "./faults.js";
import { proceduresOf } from "./logging.js";
import type { Metrics } from "./metrics.js";

export interface RequestOps {
  startedAt: number;
  deadlineAt: number;
  timeoutMs: number;
  procedures: string[];
  userId: string | null;
  metrics: Metrics | null;
  /** Aborted when the client goes away before its answer is sent (a list's query is then cancelled). */
  signal: AbortSignal | null;
  /** The statement timeout of the request's last bounded read, for the message of a read it stopped. */
  readTimeoutMs: number | null;
}

const opsOf = new WeakMap<FastifyRequest, RequestOps>();

export function requestOps(req: FastifyRequest): RequestOps {
  let ops = opsOf.get(req);
  if (!ops) {
    ops = {
      startedAt: performance.now(),
      deadlineAt: Date.now() + 30_000,
      timeoutMs: 30_000,
      procedures: [],
      userId: null,
      metrics: null,
      signal: null,
      readTimeoutMs: null,
    };
    opsOf.set(req, ops);
  }
  return ops;
}

/** Routes that stream a file in or out: their time is the file's, not bounded by REQUEST_TIMEOUT_MS. */
const STREAMING = [/^\/api\/imports\//, /^\/api\/figures\//, /^\/trpc\/export\//, /^\/trpc\/progress-report/];

export function installRequestOps(app: FastifyInstance, { timeoutMs, metrics }: { timeoutMs: number; metrics: Metrics | null }): void {
  const timers = new WeakMap<FastifyRequest, NodeJS.Timeout>();
  app.addHook("onRequest", async (req, reply) => {
    const ops = requestOps(req);
    ops.timeoutMs = timeoutMs;
    ops.deadlineAt = Date.now() + timeoutMs;
    ops.metrics = metrics;
    const gone = new AbortController();
    ops.signal = gone.signal;
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished) gone.abort();
    });
    if (STREAMING.some((r) => r.test(req.url))) return;
    // The last resort for any other route (tRPC answers at the deadline itself, see faults.ts).
    const timer = setTimeout(() => {
      if (reply.sent) return;
      metrics?.faults.inc({ kind: "busy" });
      void reply.code(503).send({ error: { message: "busy", data: { ...faultBody("busy", Math.round(timeoutMs / 1000), "maybe"), httpStatus: 503 } } });
    }, timeoutMs + 2000);
    timer.unref();
    timers.set(req, timer);
  });
  app.addHook("onResponse", async (req, reply) => {
    clearTimeout(timers.get(req));
    const ops = requestOps(req);
    const seconds = (performance.now() - ops.startedAt) / 1000;
    const route = req.routeOptions.url ?? "unmatched";
    const procedure = ops.procedures.length ? ops.procedures.join(",") : proceduresOf(req.url).join(",") || undefined;
    metrics?.httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    metrics?.httpDuration.observe({ route, method: req.method }, seconds);
    const line = {
      method: req.method,
      route,
      ...(procedure ? { procedure } : {}),
      status: reply.statusCode,
      durationMs: Math.round(seconds * 10_000) / 10,
      ...(ops.userId ? { userId: ops.userId } : {}),
    };
    if (reply.statusCode >= 500) req.log.warn(line, "request");
    else req.log.info(line, "request");
  });
  // The one error handler (Fastify keeps one per scope). A route outside tRPC that fails on the
  // database answers what tRPC's procedures answer; Fastify's own refusals (a body over the limit,
  // a body that is not JSON, an unknown type) come in the API's error shape, Vietnamese first —
  // a tRPC error for /trpc. Anything else goes on to Fastify's default handling.
  app.setErrorHandler(async (err: Error & { statusCode?: number }, req, reply) => {
    const fault = databaseFault(err);
    if (fault) {
      metrics?.faults.inc({ kind: fault });
      req.log.warn({ err }, "database fault");
      return reply.code(503).send(faultBody(fault));
    }
    const status = err.statusCode ?? 500;
    if (status < 400 || status >= 500) throw err;
    const [vi, en] =
      status === 413
        ? ["Yêu cầu quá lớn", "The request is too large"]
        : status === 415
          ? ["Kiểu nội dung không được hỗ trợ", "The content type is not supported"]
          : ["Yêu cầu không đọc được", "The request could not be read"];
    const code = "INPUT.INVALID";
    const issues = [{ path: [], vi, en }];
    const message = `${vi} / ${en}`;
    if (req.url.startsWith("/trpc/")) return reply.code(status).send({ error: { message, code: -32600, data: { code, issues, httpStatus: status } } });
    return reply.code(status).send({ code, issues, message });
  });
}
