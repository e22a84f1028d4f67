/**
 * The admin app's /api forwarder (apps/admin/src/server/api-proxy.ts), called as its route
 * handlers call it, in front of a real listening API, on PGlite and PostgreSQL; and the admin
 * app's post-sign-in redirect rule.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agents, selectRows } from "@ansinh/db";
import { safeNext } from "../../admin/src/app/sign-in/safe-next.js";
import { BODY_LIMIT, bodyLimitFor, clientAddressKey, forward, UPLOAD_LIMIT } from "../../admin/src/server/api-proxy.js";
import { buildServer } from "../src/index.js";
import { accounts, drivers, PASSWORD, PUBLIC_URL, startTestApp, type TestApp } from "./helpers.js";

const ADMIN = "http://127.0.0.1:3000";

function signInRequest(password: string, headers: Record<string, string> = {}) {
  return new Request(`${ADMIN}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { origin: PUBLIC_URL, "content-type": "application/json", ...headers },
    body: JSON.stringify({ email: accounts.viewer.email, password }),
  });
}

/** A body of `size` bytes made on demand; `pulled()` says how much of it was read. */
function bigBody(size: number) {
  let sent = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled: () => sent };
}

describe.each(drivers)("admin forwarder on $name", ({ open }) => {
  let t: TestApp;
  let api: FastifyInstance;
  beforeAll(async () => {
    t = await startTestApp(open);
    api = await buildServer({ handle: t.handle, logLevel: "silent", publicUrl: PUBLIC_URL, signInPerMinute: 3 });
    await api.listen({ port: 0, host: "127.0.0.1" });
    process.env.API_URL = `http://127.0.0.1:${(api.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // the test's own fetch keeps connections alive in its pool: not the API's to wait for
    api?.server.closeAllConnections();
    await api?.close();
    await t?.close();
  });

  const failedIps = async () =>
    (await selectRows<{ ip: string }>(t.handle.db, sql`select after->>'ipAddress' as ip from audit_log where action = 'sign_in_failed' order by id`)).map(
      (r) => r.ip,
    );

  it("replaces the client's X-Forwarded-For with the address it saw: a fake one per request does not escape the limit", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await forward(
        signInRequest("wrong password!", { "x-forwarded-for": `203.0.113.${i + 1}`, "x-real-ip": "203.0.113.99", forwarded: "for=203.0.113.98" }),
        "/api/auth/sign-in/email",
        {
          clientAddress: "192.0.2.50",
        },
      );
      codes.push(res.status);
      await res.arrayBuffer();
    }
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const ips = await failedIps();
    expect(ips).toContain("192.0.2.50");
    expect(ips.join(",")).not.toContain("203.0.113.");
  });

  it("takes the address from the admin server's per-request record (server.mjs), and sends none without it", async () => {
    const store = new AsyncLocalStorage<{ address: string | null }>();
    (globalThis as Record<symbol, unknown>)[clientAddressKey] = store;
    try {
      const res = await store.run({ address: "192.0.2.77" }, () =>
        forward(signInRequest("wrong password!", { "x-forwarded-for": "6.6.6.6" }), "/api/auth/sign-in/email"),
      );
      expect(res.status).toBe(401);
      expect((await failedIps()).at(-1)).toBe("192.0.2.77");
    } finally {
      delete (globalThis as Record<symbol, unknown>)[clientAddressKey];
    }
    // started some other way: no address is claimed, the API counts the forwarder's own
    const res = await forward(signInRequest("wrong password!", { "x-forwarded-for": "6.6.6.7" }), "/api/auth/sign-in/email");
    expect(res.status).toBe(401);
    expect((await failedIps()).at(-1)).toBe("127.0.0.1");
  });

  it("streams bodies and refuses one past 1 MiB with 413, without reading it whole", async () => {
    const body = bigBody(30 * 1024 * 1024);
    const res = await forward(
      new Request(`${ADMIN}/api/trpc/users.create`, {
        method: "POST",
        headers: { origin: PUBLIC_URL, "content-type": "application/json", cookie: t.cookies.admin },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
      "/trpc/users.create",
      { clientAddress: "192.0.2.60" },
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/quá lớn .* too large/);
    expect(body.pulled()).toBeLessThan(4 * 1024 * 1024);
    // a declared length past the limit is refused before anything is read
    const declared = bigBody(30 * 1024 * 1024);
    const early = await forward(
      new Request(`${ADMIN}/api/trpc/users.create`, {
        method: "POST",
        headers: { "content-type": "application/json", "content-length": String(30 * 1024 * 1024) },
        body: declared.stream,
        duplex: "half",
      } as RequestInit),
      "/trpc/users.create",
      { clientAddress: "192.0.2.60" },
    );
    expect(early.status).toBe(413);
    expect(declared.pulled()).toBeLessThanOrEqual(64 * 1024);
  });

  it("takes up to 50 MiB on the import's upload route only, streamed", async () => {
    expect(bodyLimitFor("POST", "/api/imports/upload")).toBe(UPLOAD_LIMIT);
    expect(bodyLimitFor("POST", "/api/imports/upload/x")).toBe(BODY_LIMIT);
    expect(bodyLimitFor("GET", "/api/imports/template.xlsx")).toBe(BODY_LIMIT);
    expect(bodyLimitFor("POST", "/trpc/imports.start")).toBe(BODY_LIMIT);
    const [agent] = await t.handle.db
      .insert(agents)
      .values({ name: "Đại lý thử", kind: "online", provinceCode: "91", areaCode: "913", areaValidOn: "2020-01-01" })
      .returning();
    // a 3 MiB list (past the general limit) reaches the API whole
    const header = "Họ và tên,Ngày sinh\n";
    const csv = header + "Lâm Thị Mai,12/04/1985\n".repeat(Math.ceil((3 * 1024 * 1024) / 24));
    const url = `/api/imports/upload?agentId=${agent!.id}&scheme=voluntary_social_insurance&fileName=big.csv`;
    const ok = await forward(
      new Request(`${ADMIN}${url}`, { method: "POST", headers: { origin: PUBLIC_URL, cookie: t.cookies.collector, "content-type": "text/csv" }, body: csv }),
      "/api/imports/upload",
      { clientAddress: "192.0.2.62", bodyLimit: bodyLimitFor("POST", "/api/imports/upload") },
    );
    expect(ok.status).toBe(200);
    expect((await ok.json()) as { size: number; headers: string[] }).toMatchObject({ size: Buffer.byteLength(csv), headers: ["Họ và tên", "Ngày sinh"] });
    // past 50 MiB: 413, without reading it whole
    const body = bigBody(200 * 1024 * 1024);
    const res = await forward(
      new Request(`${ADMIN}${url}`, {
        method: "POST",
        headers: { origin: PUBLIC_URL, cookie: t.cookies.collector },
        body: body.stream,
        duplex: "half",
      } as RequestInit),
      "/api/imports/upload",
      { clientAddress: "192.0.2.62", bodyLimit: bodyLimitFor("POST", "/api/imports/upload") },
    );
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/50 MiB/);
    expect(body.pulled()).toBeLessThan(60 * 1024 * 1024);
  });

  it("passes a body up to the limit through, and a good sign-in works", async () => {
    const res = await forward(
      new Request(`${ADMIN}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { origin: PUBLIC_URL, "content-type": "application/json" },
        body: JSON.stringify({ email: accounts.manager.email, password: PASSWORD, pad: "x".repeat(BODY_LIMIT - 200) }),
      }),
      "/api/auth/sign-in/email",
      { clientAddress: "192.0.2.61" },
    );
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.includes("session_token"))).toBe(true);
  });
});

describe("after sign-in, the admin app goes only to its own pages", () => {
  const origin = "http://127.0.0.1:3000";
  it("refuses every way of naming another site", () => {
    for (const next of [
      "/\\evil.example/x",
      decodeURIComponent("/%5Cevil.example/x"),
      decodeURIComponent("/%09/evil.example"),
      "/\n/evil.example",
      "//evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "",
      null,
    ]) {
      // The home page: it sends each role to its first page.
      expect([next, safeNext(next, origin)]).toEqual([next, "/"]);
    }
  });
  it("keeps a path of its own, with its query and hash", () => {
    expect(safeNext("/coverage?date=2020-12-31&area=91", origin)).toBe("/coverage?date=2020-12-31&area=91");
    expect(safeNext("/staff#top", origin)).toBe("/staff#top");
    expect(safeNext("/%5Cevil.example/x", origin)).toBe("/%5Cevil.example/x");
  });
});
