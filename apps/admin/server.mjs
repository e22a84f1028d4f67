#!/usr/bin/env node
// Serves the built admin app, as `next start` does, and records each request's client address
// (the socket's) for the /api forwarder (src/server/api-proxy.ts). Next passes a client's own
// X-Forwarded-For through untouched, so a route handler cannot know who is calling; this can.
// Env: ADMIN_PORT (3000), ADMIN_HOST (127.0.0.1), API_URL.
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import next from "next";

const dir = path.dirname(fileURLToPath(import.meta.url));
const port = Number(process.env.ADMIN_PORT ?? 3000);
const hostname = process.env.ADMIN_HOST ?? "127.0.0.1";

const clients = new AsyncLocalStorage();
globalThis[Symbol.for("ansinh.clientAddress")] = clients;

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  const address = req.socket.remoteAddress ?? null;
  // What the pages see is the truth too, not what the client claimed.
  for (const h of ["x-forwarded-for", "x-real-ip", "forwarded"]) delete req.headers[h];
  if (address) req.headers["x-forwarded-for"] = address;
  clients.run({ address }, () => handle(req, res));
});
server.listen(port, hostname, () => console.log(`admin: http://${hostname}:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
