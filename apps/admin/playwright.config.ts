import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

/** Debian's Chromium; a test tool never downloads its own browser here. */
const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter(Boolean) as string[];
export const chromiumPath = candidates.find((p) => existsSync(p));

const root = path.resolve(import.meta.dirname, "../..");
const apiPort = Number(process.env.E2E_API_PORT ?? 4310);
const adminPort = Number(process.env.E2E_ADMIN_PORT ?? 3310);
/** A fresh embedded database per run, so the demo data is seeded as on a first start. */
export const dataDir = path.join(os.tmpdir(), `ansinh-e2e-${process.env.E2E_RUN_ID ?? (process.env.E2E_RUN_ID = String(process.pid))}`);

export default defineConfig({
  testDir: "./e2e",
  globalTeardown: "./e2e/teardown.ts",
  outputDir: "./test-results",
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${adminPort}`,
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    screenshot: "only-on-failure",
    trace: "off",
  },
  webServer: {
    // The enrolment pages need communes and an agent (seed-registry.mjs), then the apps start.
    command: `node ${path.join(root, "apps/admin/e2e/seed-registry.mjs")} && node ${path.join(root, "scripts/start.mjs")}`,
    url: `http://127.0.0.1:${adminPort}/coverage`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      API_PORT: String(apiPort),
      ADMIN_PORT: String(adminPort),
      DATA_DIR: dataDir,
      DATABASE_URL: "",
    },
  },
});
