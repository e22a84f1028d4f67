/**
 * The log format and the metrics (docs/operations.md): one JSON line per request with the
 * request id, route pattern, procedure, status, duration and user id — and no personal data
 * anywhere in the log (names, personal IDs, phones, search terms, a failed query's parameters);
 * `/metrics` in Prometheus' text format behind METRICS_TOKEN.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EnvError, readEnv } from "../src/env.js";
import { safeError } from "../src/logging.js";
import { call, drivers, startTestApp, type TestApp } from "./helpers.js";
import { seedRegistryFixtures } from "./registry-fixtures.js";

const TOKEN = "m".repeat(40);
const PERSON = { personalId: "091185004321", fullName: "Lý Thị Riêng Tư", phone: "0912 345 999", birthDate: "1985-02-03", gender: "female" as const };

describe("METRICS_TOKEN", () => {
  it("is optional and at least 32 characters", () => {
    expect(readEnv({}).METRICS_TOKEN).toBeUndefined();
    expect(readEnv({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
    expect(() => readEnv({ METRICS_TOKEN: "short" })).toThrow(EnvError);
  });
});

const driver = drivers.at(-1)!;

describe(`logs and metrics on ${driver.name}`, () => {
  let t: TestApp;
  const lines: string[] = [];
  let agentId = 0;

  beforeAll(async () => {
    t = await startTestApp(driver.open, { server: { logLevel: "info", logStream: { write: (l: string) => void lines.push(l) }, metricsToken: TOKEN } });
    ({ agentId } = await seedRegistryFixtures(t.handle.db));
    await t.handle.db.execute(sql`insert into agent_collectors (agent_id, user_id) values (${agentId}, ${t.ids.collector})`);
  }, 60_000);
  afterAll(async () => t?.close());

  it("writes one line per request, with its id, procedure, duration and user, and no personal data", async () => {
    lines.length = 0;
    const form = {
      participant: { ...PERSON, communeCode: "31012" },
      months: 3,
      monthlyIncome: 1_500_000,
      payment: { receiptDate: "2020-03-10", receiptNumber: "LOG-1" },
      agentId,
    };
    const created = await call(t.app, "enrolments.create", form, { cookie: t.cookies.collector, mutation: true });
    expect(created.status).toBe(200);
    // Refused: 7 months is not a choice (the refusal must not bring the input into the log either).
    const again = await call(
      t.app,
      "enrolments.create",
      { ...form, months: 7, payment: { ...form.payment, receiptNumber: "LOG-2" } },
      { cookie: t.cookies.collector, mutation: true },
    );
    expect(again.status).toBe(400);
    expect((await call(t.app, "participants.list", { search: PERSON.fullName, limit: 20 }, { cookie: t.cookies.collector })).status).toBe(200);
    expect((await call(t.app, "participants.list", { search: PERSON.personalId, limit: 20 }, { cookie: t.cookies.collector })).status).toBe(200);
    // A failed query whose parameters and message carry a personal ID, logged as the API logs failures.
    const failure = await t.handle.db.execute(sql`select ${PERSON.personalId}::date`).catch((e: unknown) => e);
    t.app.log.error({ err: failure }, "procedure failed");

    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = parsed.filter((l) => l.msg === "request");
    expect(requests.map((r) => r.procedure)).toEqual(["enrolments.create", "enrolments.create", "participants.list", "participants.list"]);
    for (const r of requests) {
      expect(r).toMatchObject({ level: 30, method: expect.stringMatching(/^(GET|POST)$/), route: "/trpc/:path", userId: t.ids.collector });
      expect(r.reqId).toMatch(/^[0-9a-f-]{36}$/);
      expect(typeof r.durationMs).toBe("number");
      expect(typeof r.status).toBe("number");
      expect(Object.keys(r).sort()).toEqual([
        "durationMs",
        "hostname",
        "level",
        "method",
        "msg",
        "pid",
        "procedure",
        "reqId",
        "route",
        "status",
        "time",
        "userId",
      ]);
    }
    expect(requests.map((r) => r.status)).toEqual([200, again.status, 200, 200]);
    const failed = parsed.find((l) => l.msg === "procedure failed")!;
    expect(JSON.stringify(failed)).toMatch(/22007|22008|22P02/);

    const all = lines.join("\n");
    for (const secret of [PERSON.personalId, PERSON.fullName, "Riêng", "Ri%C3%AAng", "0912 345 999", "0912345999", "345 999", "LOG-1"])
      expect(all).not.toContain(secret);
    expect(all).not.toMatch(/cookie|better-auth\.session/i);
  });

  it("keeps a Drizzle error's SQL and drops its parameters", () => {
    const e = Object.assign(new Error("Failed query: select $1::date\nparams: 091185004321"), {
      cause: Object.assign(new Error('invalid input syntax for type date: "091185004321"'), {
        code: "22007",
        severity: "ERROR",
        routine: "DateTimeParseError",
      }),
    });
    const out = JSON.stringify(safeError(e));
    expect(out).toContain("select $1::date");
    expect(out).toContain("22007");
    expect(out).not.toContain("091185004321");
  });

  it("serves the metrics in Prometheus' text format to the token's holder only", async () => {
    expect((await t.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    expect((await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${"x".repeat(40)}` } })).statusCode).toBe(401);
    const res = await t.app.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.body;
    const ours = text.split("\n").filter((l) => l.startsWith("ansinh_") && !l.startsWith("ansinh_process") && !l.startsWith("ansinh_nodejs"));
    expect(ours.length, text).toBeGreaterThan(10);
    expect(ours.join("\n")).toMatch(/^ansinh_procedure_calls_total\{procedure="enrolments\.create",type="mutation",result="ok"\} 1$/m);
    expect(ours.join("\n")).toMatch(/^ansinh_procedure_calls_total\{procedure="enrolments\.create",type="mutation",result="[A-Z_.]+"\} 1$/m);
    expect(text).toMatch(/^ansinh_procedure_duration_seconds_count\{procedure="participants\.list",type="query"\} 2$/m);
    expect(text).toMatch(/^ansinh_http_requests_total\{route="\/trpc\/:path",method="GET",status="200"\} \d+$/m);
    expect(text).toMatch(/^ansinh_session_cache_lookups_total\{result="hit"\} \d+$/m);
    expect(text).toMatch(/^ansinh_jobs\{status="queued"\} 0$/m);
    expect(text).toMatch(/^ansinh_import_rows_total\{outcome="rejected"\} 0$/m);
    expect(text).toMatch(/^ansinh_database_up 1$/m);
    for (const name of [
      "ansinh_answer_cache_lookups_total",
      "ansinh_db_pool_in_flight",
      "ansinh_db_pool_waiting",
      "ansinh_db_connections",
      "ansinh_faults_total",
      "ansinh_process_cpu_seconds_total",
    ]) {
      expect(text).toContain(`# TYPE ${name}`);
    }
    // Nothing personal in the metrics either.
    expect(text).not.toContain(PERSON.personalId);
  });
});
