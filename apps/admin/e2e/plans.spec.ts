import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/** Serious and critical axe faults (WCAG 2.1 AA) on the page as it is now. */
async function axeFaults(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

const number = (s: string) => Number(s.replace(/[.\s]/g, ""));

async function createPlan(page: Page, value: string) {
  await page.getByRole("button", { name: "Thêm chỉ tiêu" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Nhập giá trị chỉ tiêu")).toBeVisible();
  await dialog.getByLabel("Giá trị").fill(value);
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("plans-notice")).toContainText("Đã thêm chỉ tiêu");
}

test("an admin sets Kiên Giang's plan and allocates it to the districts: the values sum to the plan", async ({ page }, testInfo) => {
  await signInAs(page, "admin", undefined, "/plans?area=91&year=2022");
  await expect(page.getByTestId("plans-empty")).toBeVisible();
  await createPlan(page, "2400");
  const row = page.getByTestId("target-row-91-plan");
  await expect(row).toContainText("2.400");
  await row.getByRole("button", { name: "Phân bổ" }).click();
  const panel = page.getByTestId("allocation-panel");
  await expect(panel.getByTestId("alloc-sum")).toHaveText("2.400");
  await expect(panel.getByTestId("alloc-row-913")).toBeVisible();
  // Kiên Hải at least 200, U Minh Thượng locked at 244.
  await panel.getByLabel("Tối thiểu: Kiên Hải").fill("200");
  await panel.getByLabel("Khoá: U Minh Thượng").fill("244");
  await expect(panel.getByTestId("alloc-value-913")).toHaveText("244");
  await expect(panel.getByTestId("alloc-value-912")).toHaveText("200");
  await expect(panel.getByTestId("alloc-row-912")).toContainText("Nâng lên mức tối thiểu");
  const values = (await panel.locator('[data-testid^="alloc-value-"]').allInnerTexts()).map(number);
  expect(values).toHaveLength(15);
  expect(values.reduce((a, b) => a + b, 0)).toBe(2400);
  await expect(panel.getByTestId("alloc-sum")).toHaveText("2.400");
  await expect(panel).toContainText("= kế hoạch 2.400");
  await page.screenshot({ path: testInfo.outputPath("plans-allocation-vi.png"), fullPage: true });
  await panel.getByRole("button", { name: "Lưu phân bổ" }).click();
  await expect(page.getByTestId("plans-notice")).toContainText("Đã lưu phân bổ (tổng 2.400)");
  await expect(page.getByTestId("target-row-913-plan")).toContainText("244");
  await expect(page.getByTestId("target-row-912-plan")).toContainText("200");
  await expect(page.getByTestId("target-row-913-plan")).toContainText("phân bổ theo Dân số");
  const saved = (
    await page.getByTestId("targets-table").locator("tbody tr").filter({ hasNotText: "Kiên Giang" }).locator('[data-testid^="target-value-"]').allInnerTexts()
  ).map(number);
  expect(saved.reduce((a, b) => a + b, 0)).toBe(2400);
  // Too many minimums: the domain's message, no preview to save.
  await page.getByTestId("target-row-91-plan").getByRole("button", { name: "Phân bổ" }).click();
  await page.getByTestId("allocation-panel").getByLabel("Khoá: Rạch Giá").fill("2401");
  await expect(page.getByTestId("allocation-error")).toContainText("vượt tổng chỉ tiêu 2400");
  await expect(page.getByRole("button", { name: "Lưu phân bổ" })).toBeDisabled();
});

test("the allocation panel comes into view with the same minimum for all; a unit's changed plan is flagged against the province's", async ({ page }) => {
  await signInAs(page, "admin", undefined, "/plans?area=91&year=2023");
  await expect(page.getByTestId("plans-empty")).toBeVisible();
  await createPlan(page, "6300");
  await page.getByTestId("target-row-91-plan").getByRole("button", { name: "Phân bổ" }).click();
  const panel = page.getByTestId("allocation-panel");
  // Opened below the table: scrolled to, its heading focused.
  await expect(panel.getByTestId("allocation-title")).toBeFocused();
  await expect(panel.getByTestId("allocation-title")).toBeInViewport();
  await panel.getByLabel("Cùng mức tối thiểu cho tất cả").fill("300");
  await panel.getByTestId("same-min-apply").click();
  expect(await axeFaults(page)).toEqual([]);
  await expect(panel.getByLabel("Tối thiểu: Kiên Hải")).toHaveValue("300");
  await expect(panel.getByLabel("Tối thiểu: U Minh Thượng")).toHaveValue("300");
  // The preview follows (debounced): every district at least 300, still summing to 6,300.
  const values = async () => (await panel.locator('[data-testid^="alloc-value-"]').allInnerTexts()).map(number);
  await expect.poll(async () => Math.min(...(await values()))).toBeGreaterThanOrEqual(300);
  expect((await values()).reduce((a, b) => a + b, 0)).toBe(6300);
  await expect(panel.getByRole("button", { name: "Lưu phân bổ" })).toBeEnabled();
  await panel.getByRole("button", { name: "Lưu phân bổ" }).click();
  await expect(page.getByTestId("plans-notice")).toContainText("Đã lưu phân bổ (tổng 6.300)");
  await expect(page.locator('[data-testid^="sum-check-"]')).toHaveCount(0);
  // One district's plan raised by 21: the districts now sum to 6,321 against 6,300, said so.
  const row = page.getByTestId("target-row-913-plan");
  const before = number(await row.locator('[data-testid^="target-value-"]').innerText());
  await row.getByRole("button", { name: /^Sửa/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Giá trị").fill(String(before + 21));
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("plans-notice")).toContainText("Đã lưu chỉ tiêu");
  await expect(page.locator('[data-testid^="sum-check-"]')).toContainText("tổng chỉ tiêu 6.321, nhiều hơn kế hoạch của địa bàn (6.300) 21");
  await expect(page.getByRole("dialog")).toHaveCount(0); // a closing dialog's fading title is no fault
  expect(await axeFaults(page)).toEqual([]);
});

test("two admins edit one target: the second sees what the first saved, keeps the typed value and reapplies it", async ({ browser }, testInfo) => {
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  const url = "/plans?area=913&year=2022&scheme=household_health_insurance";
  await signInAs(first, "admin", undefined, url);
  await createPlan(first, "500");
  await signInAs(second, "manager", "913", url);
  const edit = (p: Page) => p.getByRole("button", { name: "Sửa: U Minh Thượng Kế hoạch giao" }).click();
  // Both open the form on version 1.
  await edit(first);
  await edit(second);
  await second.getByRole("dialog").getByLabel("Giá trị").fill("600");
  await second.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
  await expect(second.getByTestId("plans-notice")).toContainText("Đã lưu chỉ tiêu");
  const dialog = first.getByRole("dialog");
  await dialog.getByLabel("Giá trị").fill("550");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  const conflict = dialog.getByTestId("target-conflict");
  await expect(conflict).toContainText("Người khác vừa sửa chỉ tiêu này");
  await expect(conflict).toContainText("giá trị hiện là 600");
  await expect(conflict).toContainText("Quản lý BHXH huyện U Minh Thượng (demo)");
  await expect(dialog.getByLabel("Giá trị")).toHaveValue("550");
  await first.screenshot({ path: testInfo.outputPath("plans-conflict-vi.png"), fullPage: true });
  await conflict.getByRole("button", { name: "Tải bản mới và giữ giá trị của tôi" }).click();
  await expect(dialog.getByTestId("target-reloaded")).toContainText("giá trị 600, phiên bản 2");
  await expect(dialog.getByLabel("Giá trị")).toHaveValue("550");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(first.getByTestId("plans-notice")).toContainText("Đã lưu chỉ tiêu");
  await expect(first.getByTestId("target-row-913-plan")).toContainText("550");
  await first.context().close();
  await second.context().close();
});

test("a viewer reads the targets but is told plainly that changing them is not for them", async ({ page }, testInfo) => {
  await signInAs(page, "viewer", undefined, "/plans?area=91&year=2022");
  await expect(page.getByTestId("plans-read-only")).toBeVisible();
  await expect(page.getByRole("button", { name: "Thêm chỉ tiêu" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Phân bổ" })).toHaveCount(0);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath("plans-viewer-phone-vi.png"), fullPage: true });
});
