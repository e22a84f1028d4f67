#!/usr/bin/env node
// The baseline of the dashboard and coverage benchmark: `areas.coverage` as it was before the aggregates
// (commit 417ed3f), "the whole tree in the caller's scope on every request", served by a small
// Fastify app on the same database so that the bench measures it with the same HTTP client and
// autocannon settings as the real API in the same run. Started by bench/dashboard.mjs as a child
// process (like the API), never by tests.
//
//   GET /coverage?code=91&onDate=2025-12-31&scheme=health_insurance[&roots=91]
//
// `roots` is the caller's read scope (`ctx.access.rootsFor("read")`): absent for a national admin,
// a comma-separated list of codes for a scoped one. The route has no session: the real procedure
// also reads the session and the caller's roles (two small queries), so this baseline is, if
// anything, a little faster than the old procedure was.
//
// Env: DATABASE_URL (required), BASELINE_PORT, BASELINE_HOST (127.0.0.1).
import Fastify from "fastify";
import { areaRowsOn, coverageFiguresOn, createDb } from "@ansinh/db";
import { ancestors, buildAreaTree } from "@ansinh/domain/areas";
import { rollUp } from "@ansinh/domain/coverage";

if (typeof areaRowsOn !== "function" || typeof coverageFiguresOn !== "function") {
  console.error("baseline: @ansinh/db no longer exports areaRowsOn / coverageFiguresOn: the old whole-tree path cannot be mounted");
  process.exit(3);
}

const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, migrate: false });
const db = handle.db;
const app = Fastify({ logger: false });

/** The body of `areas.coverage` at 417ed3f, unchanged but for the error. */
async function oldCoverage(input, within) {
  const [rows, figures] = await Promise.all([
    areaRowsOn(db, input.onDate, within),
    coverageFiguresOn(db, { onDate: input.onDate, scheme: input.scheme, within }),
  ]);
  const tree = buildAreaTree(rows, input.onDate);
  const node = tree.byCode.get(input.code);
  if (!node) return null;
  const rolled = rollUp({ roots: [node] }, figures);
  const path = ancestors(tree, node.code)
    .reverse()
    .map((p) => ({ code: p.code, name: p.name }));
  const describe = (n) => ({
    code: n.code,
    name: n.name,
    level: n.level,
    unitType: n.unitType,
    reportedOn: figures.get(n.code)?.reportedOn ?? null,
    coverage: rolled.get(n.code),
  });
  return { onDate: input.onDate, scheme: input.scheme, path, area: describe(node), children: node.children.map(describe) };
}

app.get("/health", async () => ({ ok: true }));
app.get("/coverage", async (req, reply) => {
  const q = req.query;
  const within = typeof q.roots === "string" && q.roots !== "" ? q.roots.split(",") : null;
  const out = await oldCoverage({ code: String(q.code), onDate: String(q.onDate), scheme: String(q.scheme ?? "health_insurance") }, within);
  if (!out) return reply.code(404).send({ code: "AREAS.NOT_FOUND" });
  return out;
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    app
      .close()
      .then(() => handle.close())
      .finally(() => process.exit(0));
  });
}
await app.listen({ port: Number(process.env.BASELINE_PORT ?? 0), host: process.env.BASELINE_HOST ?? "127.0.0.1" });
