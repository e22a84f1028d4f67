import Fastify, { type FastifyInstance } from "fastify";
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from "@trpc/server/adapters/fastify";
import { ping, type DbHandle } from "@ansinh/db";
import { appRouter, type AppRouter } from "./router.js";
import type { Context } from "./trpc.js";

export interface ServerOptions {
  handle: DbHandle;
  logLevel?: string;
}

/** Builds the HTTP server: `GET /health` and the tRPC router under `/trpc`. */
export async function buildServer({ handle, logLevel = "info" }: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logLevel === "silent" ? false : { level: logLevel },
    bodyLimit: 1_048_576,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 5000 },
  });

  app.get("/health", async (_req, reply) => {
    try {
      await ping(handle.db);
      return { status: "ok", database: handle.kind };
    } catch {
      return reply.code(503).send({ status: "unavailable", database: handle.kind });
    }
  });

  await app.register(fastifyTRPCPlugin, {
    prefix: "/trpc",
    trpcOptions: {
      router: appRouter,
      createContext: (): Context => ({ db: handle.db }),
      onError({ error, path }) {
        if (error.code === "INTERNAL_SERVER_ERROR") app.log.error({ err: error.cause ?? error, path }, "procedure failed");
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>["trpcOptions"],
  });

  return app;
}
