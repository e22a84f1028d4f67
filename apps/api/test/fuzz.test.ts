/**
 * Hostile input to every procedure of the router, as every role, over HTTP, on PGlite and on
 * PostgreSQL: whatever comes in, the answer is a 2xx or a 4xx with a message, never a 500.
 * The procedures and their input fields are read from the router itself, so a new procedure is
 * fuzzed without anyone adding it here.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { appRouter } from "../src/index.js";
import { accounts, call, drivers, PASSWORD, PUBLIC_URL, startTestApp, type AccountName, type CallResult, type TestApp } from "./helpers.js";

interface ProcedureDef {
  _def: { type: "query" | "mutation" | "subscription"; inputs: unknown[] };
}
const defs = (appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures;
const procedures = Object.keys(defs).sort();

/** The top-level field names of a procedure's input, read from its zod schema. */
function fieldsOf(proc: string): string[] {
  const keys = new Set<string>();
  for (const schema of defs[proc]!._def.inputs) {
    if (schema instanceof z.ZodObject) for (const k of Object.keys(schema.shape)) keys.add(k);
  }
  return [...keys];
}

const callers: (AccountName | "signedOut")[] = ["signedOut", ...(Object.keys(accounts) as AccountName[])];

/** The values that broke things before (issue 8), and their neighbours. */
const hostileStrings = [
  "\u0000",
  "a\u0000b",
  "0000-01-01",
  "0001-01-01",
  "1899-12-31",
  "9999-12-31",
  "2020-02-30",
  "",
  " ",
  "%",
  "_",
  "\\",
  "'; drop table auth_user; --",
  "913",
  "91",
  "99999",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "\ud800",
  "x".repeat(5000),
  // Issue 21: lone surrogates anywhere in a string, fractional dates (Excel serials). A 5 MiB
  // string costs 1–2 s a GET here, too dear for every field: "10 MB bodies …" below sends one per procedure.
  "a\udc00b",
  "\udbff",
  "43906.5",
  "2020-03-15.5",
];
const hostileValues: unknown[] = [
  ...hostileStrings,
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 63),
  1e308,
  43906.5,
  [],
  {},
  [null],
  { $gt: "" },
  [{ role: "viewer", areaCode: "913" }, { role: "viewer", areaCode: "913" }],
  [{ role: "admin", areaCode: null }],
  [{ role: "viewer", areaCode: "\u0000" }],
  [{ role: "viewer", areaCode: "99999" }],
  { kind: "advance", years: 3, monthlyReturnRate: 0.005 },
];

/** A value for any field: hostile, or a plausible one, or one of a wrong type. */
const value = (t: TestApp) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...hostileValues) },
    { weight: 2, arbitrary: fc.constantFrom("2020-12-31", "2026-08-01", "913", "911", PASSWORD, "fuzz@test.vn", t.ids.admin, t.ids.collector, t.ids.otherCollector) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.integer() },
  );

function check(proc: string, caller: string, input: unknown, r: CallResult) {
  const where = `${proc} as ${caller} with ${JSON.stringify(input)?.slice(0, 200)}`;
  expect([where, r.status < 500]).toEqual([where, true]);
  if (r.status >= 400) expect([where, (r.body.error?.message ?? "").length > 0]).toEqual([where, true]);
}

describe.each(drivers)("fuzz on $name", ({ open }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(open);
  });
  afterAll(async () => t?.close());

  it("reads every procedure and its fields from the router", () => {
    expect(procedures.length).toBeGreaterThanOrEqual(14);
    expect(fieldsOf("users.create")).toEqual(expect.arrayContaining(["email", "name", "assignments"]));
  });

  // Thousands of calls (every field of every procedure, each hostile value, each role): its time
  // grows with the router, so it has its own budget.
  it("every procedure × every role × each hostile value in each field: never a 500", { timeout: 900_000 }, async () => {
    let calls = 0;
    for (const proc of procedures) {
      const mutation = defs[proc]!._def.type === "mutation";
      const fields = fieldsOf(proc);
      for (const caller of callers) {
        const cookie = caller === "signedOut" ? undefined : t.cookies[caller];
        // the whole input hostile, then each field in turn (a signed-out caller is refused before
        // its input is read, so one value per field is enough there)
        const values = caller === "signedOut" || caller === "viewer" ? hostileValues.slice(0, 4) : hostileValues;
        for (const v of values.slice(0, 6)) {
          check(proc, caller, v, await call(t.app, proc, v, { cookie, mutation }));
          calls++;
        }
        for (const field of fields) {
          for (const v of caller === "admin" || caller === "areaAdmin" ? values : values.slice(0, 6)) {
            const input = { [field]: v };
            check(proc, caller, input, await call(t.app, proc, input, { cookie, mutation }));
            calls++;
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(1000);
  });

  it("random hostile inputs to random procedures as random roles: never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...procedures),
        fc.constantFrom(...callers),
        fc.dictionary(fc.string({ maxLength: 12 }), value(t), { maxKeys: 3 }),
        fc.nat(),
        async (proc, caller, extra, seed) => {
          const fields = fieldsOf(proc);
          const input: Record<string, unknown> = {};
          // most runs fill the procedure's own fields, some add unknown ones
          fields.forEach((f, i) => {
            if ((seed >> i) & 1) input[f] = Object.values(extra)[i % Math.max(1, Object.keys(extra).length)] ?? hostileValues[(seed + i) % hostileValues.length];
          });
          if (seed % 5 === 0) Object.assign(input, extra);
          const r = await call(t.app, proc, input, { cookie: caller === "signedOut" ? undefined : t.cookies[caller], mutation: defs[proc]!._def.type === "mutation" });
          check(proc, caller, input, r);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("10 MB bodies are refused with 413 on every procedure and auth endpoint, and a 10 MB query string with a 4xx", async () => {
    const big = JSON.stringify({ search: "x".repeat(10 * 1024 * 1024) });
    for (const url of [...procedures.map((p) => `/trpc/${p}`), "/api/auth/sign-in/email", "/api/auth/change-password", "/api/auth/sign-out"]) {
      const r = await t.app.inject({ method: "POST", url, headers: { origin: PUBLIC_URL, "content-type": "application/json", cookie: t.cookies.admin }, payload: big });
      expect([url, r.statusCode]).toEqual([url, 413]);
    }
    const r = await t.app.inject({ method: "GET", url: `/trpc/users.list?input=${encodeURIComponent(big)}`, headers: { cookie: t.cookies.admin } });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    expect(r.statusCode).toBeLessThan(500);
  });

  it("hostile bodies to the auth endpoints: never a 500", async () => {
    const bodies: unknown[] = [
      ...hostileValues.slice(0, 12).map((v) => ({ email: v, password: v })),
      { email: accounts.viewer.email, password: "\u0000".repeat(10) },
      { email: accounts.viewer.email, password: "x".repeat(10_000) },
      { currentPassword: "\u0000", newPassword: "a\u0000bcdefghij" },
      { currentPassword: PASSWORD, newPassword: 12345678 },
      "not an object",
      [1, 2, 3],
    ];
    for (const url of ["/api/auth/sign-in/email", "/api/auth/change-password", "/api/auth/sign-out", "/api/auth/get-session"]) {
      for (const body of bodies) {
        const r = await t.app.inject({
          method: url.endsWith("get-session") ? "GET" : "POST",
          url: url.endsWith("get-session") ? `${url}?x=${encodeURIComponent(JSON.stringify(body))}` : url,
          remoteAddress: `10.1.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
          headers: { origin: PUBLIC_URL, "content-type": "application/json", cookie: t.cookies.collector },
          payload: url.endsWith("get-session") ? undefined : JSON.stringify(body),
        });
        const where = `${url} ${JSON.stringify(body).slice(0, 80)}`;
        expect([where, r.statusCode < 500]).toEqual([where, true]);
      }
    }
  });
});
