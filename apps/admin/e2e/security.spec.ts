import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { demoAccount } from "./accounts";

const adminPort = Number(process.env.E2E_ADMIN_PORT ?? 3310);

/**
 * A request to the running admin app from another loopback address (so the sign-in limit it
 * trips is that address's, not the one the other browser tests use), with any headers.
 */
function fromAddress(
  localAddress: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | { size: number },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: adminPort, method, path, localAddress, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? resolve({ status: -1, body: e.code }) : reject(e)));
    if (typeof body === "object") {
      // a streamed body of body.size bytes, written as fast as the server takes it
      const chunk = Buffer.alloc(64 * 1024, "a");
      let sent = 0;
      const write = () => {
        while (sent < body.size) {
          sent += chunk.length;
          if (!req.write(chunk)) return req.once("drain", write);
        }
        req.end();
      };
      write();
    } else req.end(body);
  });
}

test.describe("hardening of the admin app", () => {
  test("after sign-in, a next= naming another site lands on our own page", async ({ page, baseURL }) => {
    const account = demoAccount("viewer", "91");
    for (const next of ["/%5Cevil.example/x", "/%09/evil.example"]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?next=${next}`);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Mật khẩu").fill(account.password);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"));
      await expect(page.getByTestId("signed-in-as")).toBeVisible();
      expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
      expect(page.url()).not.toContain("evil.example");
    }
  });

  test("pages carry a nonce-based Content-Security-Policy, and still work under it", async ({ page }) => {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy/i.test(m.text())) errors.push(m.text());
    });
    const res = await page.goto("/calculator");
    const csp = res!.headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    // the nonce differs per request
    const again = await page.request.get("/calculator");
    expect(again.headers()["content-security-policy"]).not.toBe(csp);
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    // client-side validation ran: React hydrated under the policy
    await expect(page.getByText("Email không hợp lệ")).toBeVisible();
    expect(errors).toEqual([]);
  });

  test("a fake X-Forwarded-For per request does not get around the sign-in limit through the admin app", async ({ request }) => {
    const codes: number[] = [];
    for (let i = 0; i < 13; i++) {
      const r = await fromAddress(
        "127.0.0.2",
        "POST",
        "/api/auth/sign-in/email",
        {
          "content-type": "application/json",
          origin: `http://127.0.0.1:${adminPort}`,
          "x-forwarded-for": `203.0.113.${i + 1}`,
          "x-real-ip": `203.0.113.${i + 1}`,
        },
        JSON.stringify({ email: "xff-probe@example.vn", password: "wrong password" }),
      );
      codes.push(r.status);
    }
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes.slice(10)).toEqual([429, 429, 429]);
    // the audit trail holds the address the admin app saw (127.0.0.2), not a forged one
    const admin = demoAccount("admin");
    const signIn = await request.post("/api/auth/sign-in/email", {
      data: { email: admin.email, password: admin.password },
      headers: { origin: `http://127.0.0.1:${adminPort}` },
    });
    expect(signIn.status()).toBe(200);
    const audit = await request.get(`/api/trpc/audit.list?input=${encodeURIComponent(JSON.stringify({ entity: "session", limit: 50 }))}`);
    const rows = ((await audit.json()) as { result: { data: { rows: { action: string; after: { ipAddress?: string; email?: string } | null }[] } } }).result
      .data.rows;
    const failed = rows.filter((r) => r.action === "sign_in_failed" && r.after?.email === "xff-probe@example.vn").map((r) => r.after?.ipAddress);
    expect(failed.length).toBeGreaterThanOrEqual(10);
    expect(new Set(failed)).toEqual(new Set(["127.0.0.2"]));
  });

  test("a 30 MiB POST through the admin app is refused with 413, not buffered", async () => {
    const r = await fromAddress(
      "127.0.0.3",
      "POST",
      "/api/trpc/users.create",
      { "content-type": "application/json", "transfer-encoding": "chunked" },
      { size: 30 * 1024 * 1024 },
    );
    expect([413, -1]).toContain(r.status);
    const declared = await fromAddress(
      "127.0.0.3",
      "POST",
      "/api/trpc/users.create",
      { "content-type": "application/json", "content-length": String(30 * 1024 * 1024) },
      "{}",
    );
    expect(declared.status).toBe(413);
  });

  test("better-auth endpoints the product does not use are not reachable through the admin app", async ({ request }) => {
    for (const path of ["/api/auth/update-user", "/api/auth/list-sessions", "/api/auth/sign-up/email"]) {
      const r = await request.post(path, { data: { name: "x" }, headers: { origin: `http://127.0.0.1:${adminPort}` } });
      expect([path, r.status()]).toEqual([path, 404]);
    }
  });
});
