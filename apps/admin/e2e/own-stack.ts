import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, type Page } from "@playwright/test";

/**
 * An app of a spec's own on a fresh embedded database that the spec seeds before it starts
 * (PGlite is single-process: the shared test app's database cannot be written to while it runs).
 * `start` seeds `dataDir`, starts the API and the admin app on free ports and waits for them;
 * `stop` ends them and removes the data.
 */
export interface OwnStack {
  base: string;
  dataDir: string;
  /** Signs in with a demo account the API made on first start, landing on `next`. */
  signIn(page: Page, role: string, area: string | undefined, next: string): Promise<void>;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "../../..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

export async function startOwnStack(name: string, seed: (dataDir: string) => Promise<void>): Promise<OwnStack> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `ansinh-e2e-${name}-`));
  await seed(dataDir);
  const [apiPort, adminPort] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${adminPort}`;
  const stack: ChildProcess = spawn(process.execPath, [path.join(root, "scripts/start.mjs")], {
    env: { ...process.env, API_PORT: String(apiPort), ADMIN_PORT: String(adminPort), DATA_DIR: dataDir, DATABASE_URL: "" },
    stdio: "ignore",
    detached: true,
  });
  await waitFor(`${base}/api/health`, 180_000);
  return {
    base,
    dataDir,
    async signIn(page, role, area, next) {
      const all = JSON.parse(readFileSync(path.join(dataDir, "demo-accounts.json"), "utf8")) as {
        email: string;
        role: string;
        area: string;
        password: string;
      }[];
      const account = all.find((a) => a.role === role && (area === undefined || a.area === area))!;
      await page.goto(`${base}/sign-in?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(account.email);
      await page.getByLabel("Mật khẩu").fill(account.password);
      await page.getByRole("button", { name: "Đăng nhập" }).click();
      await expect(page.getByTestId("signed-in-as")).toBeVisible();
    },
    async stop() {
      if (stack.pid) {
        try {
          process.kill(-stack.pid, "SIGTERM");
        } catch {
          /* already gone */
        }
        await new Promise((r) => setTimeout(r, 1500));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
