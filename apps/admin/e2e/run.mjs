#!/usr/bin/env node
// Runs the browser tests in Debian's Chromium, or says plainly that they cannot run here.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));
if (!chromium) {
  const msg = "Chromium not found (install Debian's chromium or set CHROMIUM_PATH): browser tests SKIPPED.";
  if (process.env.CI) {
    console.error(`${msg} CI must run them.`);
    process.exit(1);
  }
  console.warn(msg);
  process.exit(0);
}
const cli = createRequire(import.meta.url).resolve("@playwright/test/cli");
const r = spawnSync(process.execPath, [cli, "test", ...process.argv.slice(2)], { stdio: "inherit", env: { ...process.env, CHROMIUM_PATH: chromium } });
if (r.error) console.error(`cannot run playwright: ${r.error.message}`);
process.exit(r.status ?? 1);
