import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Cookie, type Page } from "@playwright/test";
import { dataDir } from "../playwright.config";

interface DemoCredential {
  email: string;
  role: string;
  area: string;
  password: string;
}

/** The demo accounts the API made on first start (random passwords, kept beside the data). */
export function demoAccount(role: string, area?: string): DemoCredential {
  const all = JSON.parse(readFileSync(path.join(dataDir, "demo-accounts.json"), "utf8")) as DemoCredential[];
  const found = all.find((a) => a.role === role && (area === undefined || a.area === area));
  if (!found) throw new Error(`no demo account ${role} ${area ?? ""}`);
  return found;
}

/**
 * Signs in through the form, once per account and run: later calls reuse the session cookie
 * (sign-in is rate limited per client, and dozens of tests sign in). `fresh` always uses the form.
 */
export async function signInAs(page: Page, role: string, area?: string, next = "/coverage", { fresh = false } = {}) {
  const account = demoAccount(role, area);
  const cacheFile = path.join(dataDir, `session-${role}-${area ?? "any"}.json`);
  if (!fresh && existsSync(cacheFile)) {
    await page.context().addCookies(JSON.parse(readFileSync(cacheFile, "utf8")) as Cookie[]);
    await page.goto(next);
    const ok = await page
      .getByTestId("signed-in-as")
      .waitFor({ timeout: 10_000 })
      .then(
        () => true,
        () => false,
      );
    if (ok) return account;
    await page.context().clearCookies();
  }
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  writeFileSync(cacheFile, JSON.stringify(await page.context().cookies()));
  return account;
}
