import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "../../..");

function portFree(port: number) {
  return new Promise<boolean>((resolve) => {
    const srv = net.createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host: "127.0.0.1" }, () => srv.close(() => resolve(true)));
  });
}

/** The README's start command, as a user runs it: it prints the URLs and Ctrl-C stops both apps. */
test("pnpm start's launcher serves both apps, then stops both on Ctrl-C", async ({ request, page }) => {
  test.setTimeout(360_000);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "ansinh-start-"));
  const [apiPort, adminPort] = [4330, 3330];
  const child = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    env: { ...process.env, API_PORT: String(apiPort), ADMIN_PORT: String(adminPort), DATA_DIR: dataDir, DATABASE_URL: "" },
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (out += d));
  try {
    await expect.poll(() => out, { timeout: 150_000 }).toContain("Ctrl-C");
    expect(out).toContain(`http://127.0.0.1:${adminPort}/`);
    expect(out).toMatch(/admin\s+VN\s+admin@demo\.ansinh\.vn\s+\S{12,}/);
    expect((await request.get(`http://127.0.0.1:${apiPort}/health`)).status()).toBe(200);
    const calculator = await request.get(`http://127.0.0.1:${adminPort}/calculator`);
    expect(calculator.status()).toBe(200);
    expect(calculator.headers()["x-frame-options"]).toBe("DENY");

    // The API dies: the admin app stays up, says plainly that the server is unreachable (its
    // own JSON, not the browser's error page), and the launcher brings the API back.
    const apiPid = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(child.pid)], { encoding: "utf8" })
      .split("\n")
      .find((l) => l.includes("apps/api/dist/main.js"))!
      .trim()
      .split(/\s+/)[0]!;
    process.kill(Number(apiPid), "SIGKILL");
    await expect.poll(async () => (await request.get(`http://127.0.0.1:${apiPort}/health`).catch(() => null))?.status() ?? 0).toBe(0);
    const down = await request.get(`http://127.0.0.1:${adminPort}/api/trpc/me.get`);
    expect(down.status()).toBe(502);
    expect(JSON.stringify(await down.json())).toContain("Mất kết nối máy chủ");
    expect((await request.get(`http://127.0.0.1:${adminPort}/calculator`)).status()).toBe(200);
    // In the browser: one plain message with a retry, not the browser's error page.
    await page.goto(`http://127.0.0.1:${adminPort}/calculator`);
    await expect(page.getByTestId("query-error").first()).toContainText("Mất kết nối máy chủ, vui lòng thử lại sau ít phút");
    await expect(page.getByRole("button", { name: "Thử lại" }).first()).toBeVisible();
    await expect
      // PGlite recovers its files after the kill: on a loaded 2-core machine that takes a while.
      .poll(async () => (await request.get(`http://127.0.0.1:${apiPort}/health`).catch(() => null))?.status() ?? 0, { timeout: 150_000 })
      .toBe(200);
    expect(out).toContain("restarting API");

    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(await portFree(apiPort)).toBe(true);
    expect(await portFree(adminPort)).toBe(true);
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});
