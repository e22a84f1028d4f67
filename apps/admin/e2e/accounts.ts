import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
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

export async function signInAs(page: Page, role: string, area?: string, next = "/coverage") {
  const account = demoAccount(role, area);
  await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  return account;
}
