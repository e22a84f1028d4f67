import Fastify, { type FastifyInstance, type FastifyRequest } from "fastify";
import rateLimit from "@fastify/rate-limit";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { ping, type DbHandle } from "@ansinh/db";
import { createAuth } from "./auth.js";
import { appRouter, type AppRouter } from "./router.js";
import type { Context } from "./trpc.js";

export interface ServerOptions {
  handle: DbHandle;
  logLevel?: string;
  /** The origin the browser sees (the admin app). */
  publicUrl?: string;
  authSecret?: string;
  /** Origins allowed to send mutations and sign-ins, besides publicUrl. */
  trustedOrigins?: string[];
  /** Sign-in attempts per minute and client (default 10). */
  signInPerMinute?: number;
}

function toHeaders(req: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, String(value));
  }
  return headers;
}

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
 * under `/trpc`, with rate-limited sign-in, security headers, an origin check on every
 * state-changing request and a request id in every log line.
 */
export async function buildServer({
  handle,
  logLevel = "info",
  publicUrl = "http://127.0.0.1:3000",
  authSecret = "ansinh-development-secret-change-me-0000",
  trustedOrigins = [],
  signInPerMinute = 10,
}: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      logLevel === "silent"
        ? false
        : {
            level: logLevel,
            redact: { paths: ["req.headers.cookie", "req.headers.authorization", 'res.headers["set-cookie"]'], remove: true },
          },
    bodyLimit: 1_048_576,
    genReqId: (req) => {
      const given = req.headers["x-request-id"];
      return typeof given === "string" && /^[\w-]{8,64}$/.test(given) ? given : crypto.randomUUID();
    },
    trustProxy: ["127.0.0.1", "::1"],
    routerOptions: { maxParamLength: 5000 },
  });
  const origins = new Set([new URL(publicUrl).origin, ...trustedOrigins.map((o) => new URL(o).origin)]);
  const auth = createAuth({ db: handle.db, publicUrl, secret: authSecret, trustedOrigins: [...origins] });

  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
    for (const [k, v] of Object.entries(securityHeaders)) reply.header(k, v);
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

  await app.register(rateLimit, { global: false });

  app.get("/health", async (_req, reply) => {
    try {
      await ping(handle.db);
      return { status: "ok", database: handle.kind };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: handle.kind });
    }
  });

  const authHandler = async (req: FastifyRequest, reply: import("fastify").FastifyReply) => {
    const url = new URL(req.url, publicUrl);
    const body = req.body === undefined || req.method === "GET" ? undefined : JSON.stringify(req.body);
    const res = await auth.handler(new Request(url, { method: req.method, headers: toHeaders(req), body }));
    reply.status(res.status);
    res.headers.forEach((value, key) => {
      if (key.toLowerCase() !== "set-cookie") reply.header(key, value);
    });
    const cookies = res.headers.getSetCookie();
    if (cookies.length) reply.header("set-cookie", cookies);
    return reply.send(res.body ? Buffer.from(await res.arrayBuffer()) : null);
  };
  app.route({
    method: ["POST"],
    url: "/api/auth/sign-in/*",
    config: { rateLimit: { max: signInPerMinute, timeWindow: 60_000 } },
    handler: authHandler,
  });
  app.route({ method: ["GET", "POST"], url: "/api/auth/*", handler: authHandler });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: async ({ req }): Promise<Context> => {
        const session = await auth.api.getSession({ headers: toHeaders(req) }).catch(() => null);
        const u = session?.user as { id: string; email: string; name: string; disabled?: boolean } | undefined;
        return {
          db: handle.db,
          user: u && !u.disabled ? { id: u.id, email: u.email, name: u.name } : null,
          assignments: [],
          requestId: req.id,
        };
      },
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  return app;
}
