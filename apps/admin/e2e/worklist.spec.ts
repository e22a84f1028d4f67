import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addMonths, formatVnd } from "@ansinh/domain/contributions";
import { addDays, formatDisplayDate, todayInVietnam } from "@ansinh/domain/dates";
import { periodEnd, reminderText, renewalAmountDue } from "@ansinh/domain/registry";
import { personalIdFor, seedRegistryDataDir } from "../../api/test/registry-list-fixtures";
import { seedWorklistHousehold } from "../../api/test/worklist-fixtures";
import { startOwnStack, type OwnStack } from "./own-stack";

/**
 * The collector's worklist in Chromium at phone width: an outcome recorded in two taps,
 * the reminders' CSV downloaded and read cell by cell, and the person gone from the list once
 * their renewal is paid. A household of the demo's U Minh Thượng commune (2025 era), collected by
 * the demo post office the demo collector works for, is written into a fresh embedded database
 * before an app of this spec's own starts on it (PGlite is single-process).
 */
let stack: OwnStack | null = null;
let dataDir = "";
let base = "";
const today = todayInVietnam();
const person = {
  fullName: "Mai Thị Thử",
  birthDate: "1979-03-03",
  gender: "female" as const,
  personalId: personalIdFor("1979-03-03", "female", 777),
  phone: "0918000777",
};
const household = { code: "9109990777", commune: "31027", facility: "91013" };
let agentId = 0;
const coverFrom = addDays(addMonths(today, -12), 12);
const coveredUntil = periodEnd({ from: coverFrom, months: 12 });

test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, acceptDownloads: true });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  stack = await startOwnStack("worklist", async (dir) => {
    await seedRegistryDataDir(dir);
    agentId = await seedWorklistHousehold(dir, { person, household, coverFrom, coveredUntil });
  });
  base = stack.base;
  dataDir = stack.dataDir;
});

test.afterAll(async () => {
  await stack?.stop();
});

async function signIn(page: Page, role: string, area?: string) {
  await stack!.signIn(page, role, area, "/worklist");
}

/** The collector's list narrowed to the test household's member. */
async function openMine(page: Page) {
  await page.goto(`${base}/worklist`);
  await expect(page.getByRole("heading", { name: "Danh sách vận động đóng tiếp" })).toBeVisible();
  await page.getByTestId("worklist-search").fill("mai thi thu");
  await expect(page.getByTestId("worklist-name")).toHaveText([person.fullName]);
}

/** One CSV line split into cells (quoted cells may hold commas and doubled quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cur);
      cur = "";
    } else cur += c;
  }
  cells.push(cur);
  return cells;
}

const amount = renewalAmountDue({ scheme: "household_health_insurance", months: 12, householdRank: 1 }, today, null)!.amount;

test("a collector records an outcome in two taps, on a phone", async ({ page }) => {
  await signIn(page, "collector", "913");
  await openMine(page);
  await expect(page.getByTestId("amount-due")).toContainText(formatVnd(amount, "vi"));
  await expect(page.getByTestId("call")).toHaveAttribute("href", `tel:${person.phone}`);
  await expect(page.getByTestId("last-outcome")).toHaveText("—");
  // Retention of the last 12 months, as the domain defines it (the API test checks the figures).
  await expect(page.getByTestId("retention")).toContainText("Tỷ lệ đóng tiếp của người hết hạn trong 12 tháng qua: trong 30 ngày");
  // Tap 1: the row's menu; tap 2: the outcome.
  await page.getByTestId("record").tap();
  await page.getByRole("menuitem", { name: "Hẹn đóng ngày mai" }).tap();
  await expect(page.getByTestId("recorded")).toContainText(`${person.fullName} — Hẹn ngày đóng`);
  await expect(page.getByTestId("last-outcome")).toHaveText(`Hẹn ngày đóng ${formatDisplayDate(addDays(today, 1))}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await page.screenshot({ path: path.join(import.meta.dirname, "../test-results/worklist-390.png"), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  expect(serious).toEqual([]);
});

test("downloads the reminders as CSV, checked cell by cell", async ({ page }) => {
  await signIn(page, "collector", "913");
  await openMine(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("reminders").tap()]);
  expect(download.suggestedFilename()).toBe(`nhac-dong-${today}.csv`);
  const file = path.join(dataDir, download.suggestedFilename());
  await download.saveAs(file);
  const text = readFileSync(file, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  const lines = text.slice(1).trimEnd().split("\r\n").map(csvCells);
  expect(lines).toHaveLength(2);
  expect(lines[0]).toEqual(["Họ và tên", "Số điện thoại", "Loại hình", "Số tiền cần đóng", "Hạn đóng", "Kết quả liên hệ gần nhất", "Nội dung tin nhắn"]);
  const [name, phone, scheme, due, deadline, outcome, message] = lines[1]!;
  expect(name).toBe(person.fullName);
  expect(phone).toBe(person.phone);
  expect(scheme).toBe("BHYT hộ gia đình");
  expect(due).toBe(String(amount));
  expect(deadline).toBe(formatDisplayDate(coveredUntil));
  expect(outcome).toBe("Hẹn ngày đóng");
  expect(message).toBe(reminderText({ fullName: person.fullName, scheme: "household_health_insurance", amount, coveredUntil, onDate: today }));
  expect(message).toContain(`Số tiền cần đóng: ${formatVnd(amount, "vi")}`);
});

test("by keyboard alone: the outcome menu opens with Enter and an outcome is chosen with the arrows", async ({ page }) => {
  await signIn(page, "collector", "913");
  await openMine(page);
  await page.getByTestId("record").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menuitem", { name: "Đã chuyển đi" })).toBeVisible();
  for (let i = 0; i < 12; i++) {
    if ((await page.evaluate(() => document.activeElement?.textContent ?? "")) === "Đã chuyển đi") break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("last-outcome")).toHaveText("Đã chuyển đi");
});

test("a viewer sees the list masked, without call links, and the page passes axe on desktop and phone", async ({ page }) => {
  await signIn(page, "viewer");
  const found: string[] = [];
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    await page.setViewportSize(viewport);
    await page.goto(`${base}/worklist`);
    await expect(page.getByTestId("worklist-name").first()).toBeVisible();
    await expect(page.getByTestId("masked-note")).toBeVisible();
    await expect(page.getByTestId("call")).toHaveCount(0);
    expect(await page.content()).not.toContain(person.phone.slice(-6));
    const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of result.violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
      found.push(`${viewport.width}: ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
  }
  expect(found, found.join("\n")).toEqual([]);
});

test("prints the worklist as lists for door-to-door rounds, one per commune", async ({ page }) => {
  await signIn(page, "collector", "913");
  await page.goto(`${base}/worklist`);
  await page.getByTestId("rounds-link").tap();
  const round = page.getByTestId(`round-${household.commune}`);
  await expect(round.getByRole("heading", { name: /^Danh sách vận động đóng tiếp — / })).toBeVisible();
  const row = round.getByTestId("round-row").filter({ hasText: person.fullName });
  await expect(row).toContainText(household.code);
  await expect(row).toContainText(formatVnd(amount, "vi"));
  await expect(row).toContainText(formatDisplayDate(coveredUntil));
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  // On paper: the application's frame and the controls are left out, the list stays.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("rounds-print")).toBeHidden();
  await expect(page.locator(".mantine-AppShell-header")).toBeHidden();
  await expect(row).toBeVisible();
  await page.pdf({ path: path.join(dataDir, "rounds.pdf"), format: "A4" });
  await page.emulateMedia({ media: "screen" });
});

test("the dashboard shows the retention card, without overflow and passing axe at phone width", async ({ page }) => {
  await signIn(page, "manager");
  await page.goto(`${base}/dashboard`);
  const card = page.getByTestId("retention");
  await expect(card.getByRole("heading", { name: "Tỷ lệ đóng tiếp" })).toBeVisible();
  await expect(card.getByRole("combobox", { name: "Năm hết hạn" })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  const result = await new AxeBuilder({ page }).include('[data-testid="retention"]').withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
});

test("the person leaves the list once their renewal is paid", async ({ page }) => {
  await signIn(page, "collector", "913");
  await openMine(page);
  // The household's renewal, recorded through the API as the enrolment form does (same session).
  const status = await page.evaluate(
    async (body) => {
      const r = await fetch("/api/trpc/enrolments.addMembers", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return `${r.status} ${await r.text()}`;
    },
    {
      householdCode: household.code,
      communeCode: household.commune,
      facilityCode: household.facility,
      months: 12,
      receiptDate: today,
      agentId,
      members: [{ personalId: person.personalId, fullName: person.fullName, birthDate: person.birthDate, gender: person.gender, receiptNumber: "E2E-WL-2" }],
    },
  );
  expect(status.slice(0, 3), status).toBe("200");
  await page.reload();
  await page.getByTestId("worklist-search").fill("mai thi thu");
  await expect(page.getByText("Không có ai cần vận động lúc này.")).toBeVisible();
  await expect(page.getByTestId("worklist-name")).toHaveCount(0);
});
