#!/usr/bin/env node
// Runs the browser tests in Debian's Chromium, or says plainly that they cannot run here.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

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
const r = spawnSync("playwright", ["test", ...process.argv.slice(2)], { stdio: "inherit", shell: false, env: { ...process.env, CHROMIUM_PATH: chromium } });
process.exit(r.status ?? 1);
