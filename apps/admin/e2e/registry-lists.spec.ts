import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { normaliseName } from "@ansinh/domain/registry";
import { claimWithoutEvidence, readSheet, seedRegistryDataDir, type RegistryFixtures } from "../../api/test/registry-list-fixtures";
import { startOwnStack, type OwnStack } from "./own-stack";

/**
 * The registry's lists in Chromium: a participant found by a name typed without diacritics,
 * personal data masked for a viewer, the Excel export of the list as shown, and the list at
 * phone width. The registry rows are written into a fresh embedded database before an app of
 * this spec's own starts on it (PGlite is single-process: the shared test app's database cannot
 * be written to while it runs).
 */
let stack: OwnStack | null = null;
let dataDir = "";
let base = "";
let f: RegistryFixtures;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  stack = await startOwnStack("registry", async (dir) => {
    // Trần Văn Bình's enrolment claims a poor household, with no evidence recorded.
    f = await seedRegistryDataDir(dir, (db, fx) => claimWithoutEvidence(db, fx.people.binh.id, "poor"));
  });
  base = stack.base;
  dataDir = stack.dataDir;
});

test.afterAll(async () => {
  await stack?.stop();
});

/** Signs in with one of the demo accounts the API made on first start. */
async function signIn(page: Page, role: string, area?: string) {
  await stack!.signIn(page, role, area, "/participants");
}

test("finds a participant by a name typed without diacritics", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto(`${base}/participants`);
  // The admin sees the whole country: these fixtures and the demo's U Minh Thượng registry.
  await expect(page.getByTestId("participant-name").first()).toBeVisible();
  await page.getByTestId("registry-search").fill("dang thi dao");
  const names = page.getByTestId("participant-name");
  await expect(names.filter({ hasText: "Đặng Thị Đào" }).first()).toBeVisible();
  await expect.poll(async () => (await names.allTextContents()).filter((n) => !normaliseName(n).includes("dang thi dao"))).toEqual([]);
  // Personal ID typed in full finds the person too; the admin sees it unmasked.
  await page.getByTestId("registry-search").fill(f.people.an.personalId);
  await expect(page.getByTestId("participant-name")).toHaveText("Nguyễn Văn An");
  await expect(page.getByTestId("personal-id")).toHaveText(f.people.an.personalId);
  await page.getByTestId("participant-name").click();
  await expect(page.getByTestId("participant-title")).toHaveText("Nguyễn Văn An");
  await expect(page.getByTestId("card-code")).toHaveText(`GD491${f.people.an.socialInsuranceNumber}`);
});

test("the enrolments list filters the poor / near-poor claims without evidence", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto(`${base}/enrolments`);
  const filter = page.getByRole("checkbox", { name: /Khai hộ nghèo \/ cận nghèo chưa có giấy tờ/ });
  const an = page.getByRole("link", { name: "Nguyễn Văn An" });
  // An's enrolments claim no group: shown, then not once the filter is on.
  await page.getByTestId("registry-search").fill(f.people.an.personalId);
  await expect(an.first()).toBeVisible();
  await filter.check();
  await expect(an).toHaveCount(0);
  // Bình's claims a poor household without evidence: shown with the filter on.
  await page.getByTestId("registry-search").fill(f.people.binh.personalId);
  await expect(page.getByRole("link", { name: "Trần Văn Bình" })).toBeVisible();
  await filter.uncheck();
  await page.getByTestId("registry-search").fill(f.people.an.personalId);
  await expect(an.first()).toBeVisible();
});

test("masks personal IDs and phones for a viewer, on the page and in the detail", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto(`${base}/participants`);
  await expect(page.getByTestId("masked-note")).toBeVisible();
  await expect(page.getByTestId("personal-id").first()).toBeVisible();
  // A viewer records nothing, so is not offered to.
  await expect(page.getByRole("link", { name: "Ghi nhận người tham gia mới" })).toHaveCount(0);
  const html = await page.content();
  for (const p of Object.values(f.people)) {
    expect(html).not.toContain(p.personalId);
    if (p.phone) expect(html).not.toContain(p.phone.slice(-7));
  }
  for (const text of await page.getByTestId("personal-id").allTextContents()) expect(text).toMatch(/^\d{3}\*{7}\d{2}$/);
  await page.goto(`${base}/participants/${f.people.an.id}`);
  await expect(page.getByTestId("personal-id")).toHaveText(/^\d{3}\*{7}\d{2}$/);
  await expect(page.getByTestId("phone")).toHaveText("09*****001");
  // The household's card codes: the head's (masked like an ID), a word where there is none yet.
  await expect(page.getByTestId("member-card-code").first()).toHaveText(/^GD4\*+\d{2}$/);
  await expect(page.getByTestId("member-card-code").nth(1)).toHaveText("Chưa có mã số BHXH");
});

test("exports the list as shown to Excel", async ({ page }) => {
  await signIn(page, "admin");
  await page.goto(`${base}/participants`);
  // A search only these fixtures answer (the admin also sees the demo's registry): one person by ID.
  await page.getByTestId("registry-search").fill(f.people.an.personalId);
  await expect(page.getByTestId("participant-name")).toHaveCount(1);
  const shown = await page.getByTestId("participant-name").allTextContents();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
  expect(download.suggestedFilename()).toMatch(/^nguoi-tham-gia-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const file = path.join(dataDir, download.suggestedFilename());
  await download.saveAs(file);
  const rows = await readSheet(file);
  expect(rows[0]!.slice(0, 4)).toEqual(["Họ và tên", "Số định danh cá nhân", "Mã số BHXH", "Ngày sinh"]);
  expect(rows.slice(1).map((r) => r[0])).toEqual(shown);
});

test("at phone width the renewals list scrolls inside its table, not the page; per agent and area narrows it", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, "collector", "913");
  await page.goto(`${base}/renewals`);
  await expect(page.getByRole("tab", { name: /Sắp đến hạn/ })).toBeVisible();
  const list = page.getByRole("table", { name: "Sắp đến hạn (30 ngày tới)" });
  // The demo collector works for the district post office, so the list opens on its people;
  // these fixtures' people came through another agent: show everyone in the collector's area.
  const mine = page.getByLabel("Chỉ người của đại lý tôi");
  await expect(mine).toBeChecked();
  await mine.uncheck();
  await expect(list.locator("tbody tr").first()).toBeVisible();
  await expect(page.getByTestId("export")).toBeVisible();
  // Per agent and area: one line per agent and commune; choosing one narrows the list to it.
  await expect(page.getByTestId("renewals-summary").getByRole("button", { name: /Bưu điện huyện U Minh Thượng \(thử\)/ })).toHaveCount(2);
  await page.getByRole("button", { name: /Lọc: Bưu điện huyện U Minh Thượng \(thử\), .*Thạnh Yên/ }).click();
  await expect(list.locator("tbody tr")).toHaveCount(1);
  await expect(list.locator("tbody tr")).toContainText("Nguyễn Văn An");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: path.join(import.meta.dirname, "../test-results/registry-renewals-390.png"), fullPage: true });
  for (const p of ["/participants", "/enrolments", `/participants/${f.people.an.id}`]) {
    await page.goto(`${base}${p}`);
    await expect(page.locator("main h1")).toBeVisible();
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect([p, wide <= 1]).toEqual([p, true]);
  }
});

test("keyboard only: search, then open a participant with Enter", async ({ page }) => {
  await signIn(page, "manager", "913");
  await page.goto(`${base}/participants`);
  await page.getByTestId("registry-search").focus();
  await page.keyboard.type("tran van binh");
  await expect(page.getByTestId("participant-name")).toHaveCount(1);
  // Tab on from the search box until the person's link has the focus.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press("Tab");
    if (await page.getByTestId("participant-name").evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.getByTestId("participant-name")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("participant-title")).toHaveText("Trần Văn Bình");
});

test("the registry pages with rows have no serious accessibility fault (axe, WCAG 2.1 AA), desktop and phone", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "viewer");
  const found: string[] = [];
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    for (const p of ["/participants", "/enrolments", "/renewals", `/participants/${f.people.an.id}`]) {
      await page.goto(`${base}${p}`);
      await page.waitForLoadState("networkidle");
      await expect(page.locator("main")).toBeVisible();
      const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
        found.push(
          `${viewport.width} ${p}: ${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
        );
      }
    }
  }
  expect(found, found.join("\n")).toEqual([]);
});
