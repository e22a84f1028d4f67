/**
 * Hostile input to every procedure of the router, as every role, over HTTP, on PGlite and on
 * PostgreSQL: whatever comes in, the answer is a 2xx or a 4xx with a message, never a 500.
 * The procedures and their input fields are read from the router itself, so a new procedure is
 * fuzzed without anyone adding it here.
 *
 * `pnpm test` calls a seeded sample of the hostile cases: every procedure as every caller, and a
 * few (caller, value) pairs in each field. The seed is printed; `FUZZ_SEED=<seed>` repeats a run,
 * `FUZZ=full` calls every case (as `pnpm bench` does). A failure names the seed, the procedure,
 * the caller, the input and the response.
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

/** The values that broke things before, and their neighbours. */
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
  // Lone surrogates anywhere in a string, fractional dates (Excel serials), and a
  // 5 MiB string (refused at the edge: an over-long URL, a body over the limit).
  "a\udc00b",
  "\udbff",
  "43906.5",
  "2020-03-15.5",
  "43906.5.5",
  "2020-03-15T12:00:00.5Z",
];
/** 5 MiB: every procedure gets it in the sample (one field, or the whole input), every field in FUZZ=full. */
const huge = "x".repeat(5 * 1024 * 1024);
hostileStrings.push(huge);
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
  [
    { role: "viewer", areaCode: "913" },
    { role: "viewer", areaCode: "913" },
  ],
  [{ role: "admin", areaCode: null }],
  [{ role: "viewer", areaCode: "\u0000" }],
  [{ role: "viewer", areaCode: "99999" }],
  { kind: "advance", years: 3, monthlyReturnRate: 0.005 },
];

/** A value for any field: hostile, or a plausible one, or one of a wrong type. */
const value = (t: TestApp) =>
  fc.oneof(
    // (the 5 MiB string has cases of its own: every procedure, above)
    { weight: 4, arbitrary: fc.constantFrom(...hostileValues.filter((v) => v !== huge)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom("2020-12-31", "2026-08-01", "913", "911", PASSWORD, "fuzz@test.vn", t.ids.admin, t.ids.collector, t.ids.otherCollector),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 40, unit: "binary" }) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
    { weight: 1, arbitrary: fc.integer() },
  );

/** FUZZ=full: every case; otherwise a sample drawn with FUZZ_SEED (random, and printed, when unset). */
const full = process.env.FUZZ === "full";
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Math.floor(Math.random() * 2 ** 31);
if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);
const repeat = `FUZZ_SEED=${seed}${full ? " FUZZ=full" : ""}`;
console.info(`fuzz: ${full ? "every case" : "a sample of the cases"}; to repeat this run: ${repeat} (FUZZ=full for every case)`);

/** Cases drawn per procedure field (and per procedure, for the whole input) in a sample run. */
const SAMPLE_PER_FIELD = 4;

/** A small seeded generator (mulberry32), so a sample is the same for the same seed. */
function rng(s: number) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `k` of `list` (all when it is no longer), in their original order. */
function pick<T>(list: T[], k: number, next: () => number): T[] {
  if (list.length <= k) return list;
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(next() * list.length));
  return [...chosen].sort((x, y) => x - y).map((i) => list[i]!);
}

type Caller = (typeof callers)[number];
interface Case {
  proc: string;
  caller: Caller;
  input: unknown;
}

/**
 * The hostile cases, grouped by procedure and field: the whole input hostile, then each field in
 * turn (a signed-out caller is refused before its input is read, so a few values are enough there).
 * A sample keeps one whole-input case per caller and SAMPLE_PER_FIELD cases of each field.
 */
function hostileCases(proc: string, next: (() => number) | null): Case[] {
  const out: Case[] = [];
  const valuesOf = (caller: Caller) => (caller === "signedOut" || caller === "viewer" ? hostileValues.slice(0, 4) : hostileValues);
  for (const caller of callers) {
    const whole = valuesOf(caller)
      .slice(0, 6)
      .map((v) => ({ proc, caller, input: v }));
    out.push(...(next ? pick(whole, 1, next) : whole));
  }
  for (const field of fieldsOf(proc)) {
    const group: Case[] = [];
    for (const caller of callers) {
      for (const v of caller === "admin" || caller === "areaAdmin" ? valuesOf(caller) : valuesOf(caller).slice(0, 6))
        group.push({ proc, caller, input: { [field]: v } });
    }
    out.push(...(next ? pick(group, SAMPLE_PER_FIELD, next) : group));
  }
  // The 5 MiB string to every procedure, as the national admin (past the access checks): in one
  // field drawn with the seed (in every field with FUZZ=full, through hostileValues), or as the input.
  const fields = fieldsOf(proc);
  if (next && fields.length) out.push({ proc, caller: "admin", input: { [fields[Math.floor(next() * fields.length)]!]: huge } });
  else out.push({ proc, caller: "admin", input: huge });
  return out;
}

/** JSON with long strings shortened (`<5242880 chars>`), for messages and comparisons. */
const brief = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === "string" && x.length > 1000 ? `<${x.length} chars>` : x));

/** What a developer needs to fix a failure without running it again. */
function describeCall(proc: string, caller: string, input: unknown, r: CallResult): string {
  return `${proc} as ${caller} with ${brief(input)?.slice(0, 200)} → ${r.status} ${JSON.stringify(r.body)?.slice(0, 400)} (${repeat})`;
}

function check(proc: string, caller: string, input: unknown, r: CallResult) {
  const where = describeCall(proc, caller, input, r);
  expect([where, r.status < 500]).toEqual([where, true]);
  if (r.status >= 400) expect([where, (r.body.error?.message ?? "").length > 0]).toEqual([where, true]);
}

/**
 * `call`, but an input holding the 5 MiB string (whole, or in one field) is written around it
 * once encoded ("x" is the same in JSON and in a URL): encoding 5 MiB on every call cost the test
 * more than the server's answer.
 */
async function send(t: TestApp, proc: string, input: unknown, opts: { cookie?: string | undefined; mutation: boolean }): Promise<CallResult> {
  const field =
    input !== null && typeof input === "object" && !Array.isArray(input)
      ? Object.keys(input).find((k) => (input as Record<string, unknown>)[k] === huge)
      : undefined;
  const single = field !== undefined && Object.keys(input as object).length === 1;
  if (input !== huge && !single) return call(t.app, proc, input, opts);
  const [open, close] = input === huge ? ['"', '"'] : [`{${JSON.stringify(field)}:"`, '"}'];
  const headers: Record<string, string> = { origin: PUBLIC_URL, ...(opts.cookie ? { cookie: opts.cookie } : {}) };
  const res = opts.mutation
    ? await t.app.inject({ method: "POST", url: `/trpc/${proc}`, headers: { ...headers, "content-type": "application/json" }, payload: open + huge + close })
    : await t.app.inject({ method: "GET", url: `/trpc/${proc}?input=${encodeURIComponent(open)}${huge}${encodeURIComponent(close)}`, headers });
  let body: CallResult["body"];
  try {
    body = res.json();
  } catch {
    body = { error: { message: res.body, data: { code: "NOT_JSON" } } };
  }
  return { status: res.statusCode, body };
}

describe("the fuzz sample", () => {
  it("calls every procedure as every caller, and every field of it, the same way for the same seed", () => {
    for (const proc of procedures) {
      const cases = hostileCases(proc, rng(seed));
      expect(new Set(cases.map((c) => c.caller)), proc).toEqual(new Set(callers));
      const fields = new Set(cases.flatMap((c) => (c.input && typeof c.input === "object" && !Array.isArray(c.input) ? Object.keys(c.input) : [])));
      for (const f of fieldsOf(proc)) expect(fields.has(f), `${proc}.${f}`).toBe(true);
      expect(brief(hostileCases(proc, rng(seed))), proc).toBe(brief(cases));
      expect(
        cases.some((c) => c.input === huge || (typeof c.input === "object" && c.input !== null && Object.values(c.input).includes(huge))),
        proc,
      ).toBe(true);
      expect(cases.length, proc).toBeLessThanOrEqual(hostileCases(proc, null).length);
    }
  });
});

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

  // Every field of every procedure, each hostile value, each role: thousands of calls with
  // FUZZ=full (its time grows with the router, so it has its own budget), a sample otherwise.
  it(
    `every procedure × every role × hostile values in each field (${full ? "every case" : "a seeded sample"}): never a 500`,
    { timeout: 900_000 },
    async () => {
      const next = full ? null : rng(seed);
      let calls = 0;
      for (const proc of procedures) {
        const mutation = defs[proc]!._def.type === "mutation";
        for (const c of hostileCases(proc, next)) {
          const cookie = c.caller === "signedOut" ? undefined : t.cookies[c.caller];
          check(proc, c.caller, c.input, await send(t, proc, c.input, { cookie, mutation }));
          calls++;
        }
      }
      console.info(`fuzz: ${calls} hostile calls to ${procedures.length} procedures (${repeat})`);
      expect(calls).toBeGreaterThan(full ? 1000 : procedures.length * callers.length);
    },
  );

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
            if ((seed >> i) & 1)
              input[f] = Object.values(extra)[i % Math.max(1, Object.keys(extra).length)] ?? hostileValues[(seed + i) % hostileValues.length];
          });
          if (seed % 5 === 0) Object.assign(input, extra);
          const r = await call(t.app, proc, input, {
            cookie: caller === "signedOut" ? undefined : t.cookies[caller],
            mutation: defs[proc]!._def.type === "mutation",
          });
          check(proc, caller, input, r);
        },
      ),
      { numRuns: full ? 500 : 150, seed },
    );
  });

  it("an over-long URL is refused before it is read: 414 in the API's shape, and 431 in that shape from Node over real HTTP", async () => {
    for (const proc of ["users.list", "registry.enrolments"]) {
      const started = performance.now();
      const r = await send(t, proc, { search: huge }, { cookie: t.cookies.admin, mutation: false });
      const ms = performance.now() - started;
      expect(r.status).toBe(414);
      const data = (r.body.error as unknown as { data: { code: string; issues: { vi: string; en: string }[] } }).data;
      expect(data.code).toBe("INPUT.INVALID");
      expect(data.issues[0]).toMatchObject({ vi: expect.stringContaining("16384"), en: expect.stringContaining("16384") });
      console.info(`fuzz: a 5 MiB GET input to ${proc}: ${r.status} in ${Math.round(ms)} ms`);
    }
    // Over real HTTP, Node refuses a request line over its header limit (16 KiB) before Fastify.
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const port = (t.app.server.address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/trpc/users.list?input=${encodeURIComponent(JSON.stringify({ search: "x".repeat(20_000) }))}`, {
      headers: { cookie: t.cookies.admin },
    });
    expect(res.status).toBe(431);
    const body = (await res.json()) as { code: string; issues: { vi: string; en: string }[] };
    expect(body.code).toBe("INPUT.INVALID");
    expect(body.issues[0]!.vi).toMatch(/quá dài/);
    expect(body.issues[0]!.en).toMatch(/too long/);
  });

  it("10 MB bodies are refused with 413 on every procedure and auth endpoint, and a 10 MB query string with a 4xx", async () => {
    const big = JSON.stringify({ search: "x".repeat(10 * 1024 * 1024) });
    for (const url of [...procedures.map((p) => `/trpc/${p}`), "/api/auth/sign-in/email", "/api/auth/change-password", "/api/auth/sign-out"]) {
      const r = await t.app.inject({
        method: "POST",
        url,
        headers: { origin: PUBLIC_URL, "content-type": "application/json", cookie: t.cookies.admin },
        payload: big,
      });
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
        const where = `${url} ${JSON.stringify(body).slice(0, 80)} → ${r.statusCode} ${r.body.slice(0, 300)}`;
        expect([where, r.statusCode < 500]).toEqual([where, true]);
      }
    }
  });
});
