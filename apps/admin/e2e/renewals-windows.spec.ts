import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addDays, todayInVietnam } from "@ansinh/domain/dates";
import { dueRange } from "@ansinh/domain/registry";
import { signInAs } from "./accounts";

/**
 * Renewals as offices plan them: due this month or next month besides the next 30 days, a period
 * on who lapsed, figures with their units; on a phone the registry's filters fold so the results
 * come first, and an amount keeps its "đ" on its line. On the demo's 2025–2026 payments.
 */

/** Serious and critical axe faults (WCAG 2.1 AA) on the page as it is now. */
async function axeFaults(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

const iso = (ddmmyyyy: string) => ddmmyyyy.split("/").reverse().join("-");

/** The dates of one column ("31/12/2026 (còn 24 ngày)" → 2026-12-31) of the list's rows. */
async function datesOf(page: Page, table: string) {
  const cells = await page.getByRole("table", { name: table }).locator("tbody tr td:nth-child(4)").allInnerTexts();
  return cells
    .map((c) => c.match(/\d{2}\/\d{2}\/\d{4}/)?.[0])
    .filter((d): d is string => !!d)
    .map(iso);
}

test("renewals: due next month lists only covers ending next month, with days and months written out; lapsed has a period", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "viewer", undefined, "/renewals");
  await page.goto("/renewals");
  const next30 = page.getByRole("table", { name: "Sắp đến hạn (30 ngày tới)" });
  await expect(next30).toBeVisible();
  // Units on figures: "còn N ngày", "N tháng".
  const firstRow = next30.locator("tbody tr").first();
  await expect(firstRow).toContainText(/còn \d+ ngày|hết hạn hôm nay/);
  await expect(firstRow).toContainText(/đ \/ \d+ tháng/);

  const today = todayInVietnam();
  const range = dueRange(today, "nextMonth");
  await page.getByTestId("due-window").getByText("Tháng sau").click();
  const nextMonth = page.getByRole("table", { name: "Đến hạn trong tháng sau" });
  await expect(nextMonth).toBeVisible();
  await expect(nextMonth.locator("tbody tr").first()).toBeVisible();
  // The rows follow the window (the previous ones stay on screen until the new ones come).
  const outside = async (table: string, ok: (d: string) => boolean) => {
    const dates = await datesOf(page, table);
    return dates.length === 0 ? ["none yet"] : dates.filter((d) => !ok(d));
  };
  await expect.poll(() => outside("Đến hạn trong tháng sau", (d) => d >= range.from! && d <= range.to)).toEqual([]);

  // Lapsed within the last year only: every "Ngừng từ" on or after the chosen day.
  await page.getByRole("tab", { name: "Đã ngừng đóng" }).click();
  // The period's fields (empty; a filled date field's clear button and the open calendar belong to the date picker's own accessibility work).
  await expect(page.getByRole("textbox", { name: "Ngừng đóng đến ngày" })).toBeVisible();
  expect(await axeFaults(page)).toEqual([]);
  const since = addDays(today, -365);
  const from = page.getByRole("textbox", { name: "Ngừng đóng từ ngày" });
  await from.fill(since.split("-").reverse().join("/"));
  await from.press("Tab");
  await expect.poll(() => outside("Đã ngừng đóng", (d) => d >= since)).toEqual([]);
});

test.describe("at phone width (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("/participants folds its filters behind one button, the search and the results first; amounts keep their unit", async ({ page }) => {
    await signInAs(page, "viewer", undefined, "/participants");
    await page.goto("/participants");
    await expect(page.getByTestId("registry-search")).toBeVisible();
    const area = page.getByRole("combobox", { name: "Địa bàn" });
    const toggle = page.getByTestId("filters-toggle");
    await expect(toggle).toHaveText("Bộ lọc");
    await expect(area).toBeHidden();
    await toggle.click();
    await expect(area).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    expect(await axeFaults(page)).toEqual([]);
    await toggle.click();
    await expect(area).toBeHidden();

    await page.goto("/renewals");
    const amount = page.getByRole("table", { name: "Sắp đến hạn (30 ngày tới)" }).locator("tbody tr td").filter({ hasText: / đ/ }).first();
    await expect(amount).toBeVisible();
    expect(await amount.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");
  });
});
