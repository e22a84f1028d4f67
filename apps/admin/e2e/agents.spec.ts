import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/** The cells of the performance table's row for a scheme (and collector, when given). */
async function performanceRow(page: Page, scheme: string, collector?: string) {
  const rows = page.getByTestId("performance").locator("tbody tr").filter({ hasText: scheme });
  const row = collector ? rows.filter({ hasText: collector }) : rows;
  return row.locator("td").allInnerTexts();
}

async function chooseYear(page: Page, year: string) {
  await page.getByRole("combobox", { name: "Năm" }).click();
  await page.getByRole("option", { name: year, exact: true }).click();
}

test("the demo's agents show what they brought in in U Minh Thượng in 2020", async ({ page }) => {
  await signInAs(page, "manager", undefined, "/agents");
  const table = page.getByRole("table");
  await expect(table.getByRole("link", { name: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng" })).toBeVisible();
  await expect(table.getByRole("link", { name: "Bưu điện huyện U Minh Thượng" })).toBeVisible();

  await table.getByRole("link", { name: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng" }).click();
  await expect(page.getByRole("heading", { name: "Hội Liên hiệp Phụ nữ huyện U Minh Thượng" })).toBeVisible();
  await chooseYear(page, "2020");
  await expect(page.getByTestId("performance")).toBeVisible();
  // 80 new voluntary participants and 463 household enrolments, no renewals in the first year.
  expect((await performanceRow(page, "BHXH tự nguyện")).slice(2, 5)).toEqual(["80", "0", "0"]);
  expect((await performanceRow(page, "BHYT hộ gia đình")).slice(2, 5)).toEqual(["463", "0", "0"]);

  await page.getByRole("link", { name: "← Danh sách đại lý" }).click();
  await page.getByRole("table").getByRole("link", { name: "Bưu điện huyện U Minh Thượng" }).click();
  await expect(page.getByText("Nhân viên thu Bưu điện U Minh Thượng (demo)").first()).toBeVisible();
  await chooseYear(page, "2020");
  await expect(page.getByTestId("performance").getByText("(không ghi nhân viên)")).toBeVisible();
  const byCollector = await performanceRow(page, "BHXH tự nguyện", "Nhân viên thu Bưu điện U Minh Thượng (demo)");
  const unassigned = await performanceRow(page, "BHXH tự nguyện", "(không ghi nhân viên)");
  expect(Number(byCollector[2]) + Number(unassigned[2])).toBe(286);
  // A period without receipts says so and offers the next step.
  await page.getByLabel("Từ ngày").fill("01/01/2019");
  await page.getByLabel("Từ ngày").press("Enter");
  await page.getByLabel("Đến ngày").fill("31/12/2019");
  await page.getByLabel("Đến ngày").press("Enter");
  await expect(page.getByTestId("performance-empty")).toBeVisible();
});

test("a manager adds an agent, sees the error under the field, edits it, and manages its collectors", async ({ page }) => {
  await signInAs(page, "manager", undefined, "/agents");
  await page.getByRole("button", { name: "Thêm đại lý" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Nhập tên đại lý")).toBeVisible();
  await expect(dialog.getByText("Chọn địa bàn")).toBeVisible();
  await dialog.getByLabel("Tên đại lý").fill("Đại lý thu xã Minh Thuận (thử)");
  await dialog.getByRole("combobox", { name: "Loại" }).click();
  await page.getByRole("option", { name: "Đại lý xã" }).click();
  // The district's communes are listed as of a date before the 2025 reform.
  await dialog.getByLabel("Địa bàn theo danh mục ngày").fill("31/12/2020");
  await dialog.getByLabel("Địa bàn theo danh mục ngày").press("Tab");
  await dialog.getByRole("combobox", { name: "Địa bàn", exact: true }).fill("Minh Thuận");
  await page.getByRole("option", { name: /Minh Thuận \(31066\)/ }).click();
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("saved")).toContainText("Đại lý thu xã Minh Thuận (thử)");

  await page.getByRole("button", { name: "Sửa: Đại lý thu xã Minh Thuận (thử)" }).click();
  await page.getByRole("dialog").getByLabel("Tên đại lý").fill("Đại lý thu xã Minh Thuận");
  await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("saved")).toContainText("Đại lý thu xã Minh Thuận");

  await page.getByRole("table").getByRole("link", { name: "Đại lý thu xã Minh Thuận" }).click();
  await expect(page.getByText("Đại lý chưa có nhân viên thu.", { exact: false })).toBeVisible();
  await page.getByRole("combobox", { name: "Thêm nhân viên thu" }).click();
  await page.getByRole("option", { name: /Nhân viên thu Bưu điện U Minh Thượng/ }).click();
  await page.getByRole("button", { name: "Thêm", exact: true }).click();
  await expect(page.getByRole("button", { name: "Bỏ: Nhân viên thu Bưu điện U Minh Thượng (demo)" })).toBeVisible();
  await page.getByRole("button", { name: "Bỏ: Nhân viên thu Bưu điện U Minh Thượng (demo)" }).click();
  await expect(page.getByText("Đại lý chưa có nhân viên thu.", { exact: false })).toBeVisible();
});

test.describe("at phone width (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the agents list and an agent's page fit the screen", async ({ page }, testInfo) => {
    await signInAs(page, "collector", "913", "/agents");
    await expect(page.getByRole("table").getByRole("link", { name: "Bưu điện huyện U Minh Thượng" })).toBeVisible();
    // A collector reads but does not manage: no add button.
    await expect(page.getByRole("button", { name: "Thêm đại lý" })).toHaveCount(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath("phone-agents.png"), fullPage: true });
    await page.getByRole("table").getByRole("link", { name: "Bưu điện huyện U Minh Thượng" }).click();
    await chooseYear(page, "2020");
    await expect(page.getByTestId("performance")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath("phone-agent.png"), fullPage: true });
  });
});

test("keyboard only: open the add form from the list, and reach an agent's page", async ({ page }) => {
  await signInAs(page, "admin", undefined, "/agents");
  await page.goto("/agents");
  await expect(page.getByRole("table").getByRole("link", { name: "Bưu điện huyện U Minh Thượng" })).toBeVisible();
  let reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === "Thêm đại lý");
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("dialog")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("dialog")).toHaveCount(0);
  reached = false;
  for (let i = 0; i < 60 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(
      () => document.activeElement?.textContent?.trim() === "Bưu điện huyện U Minh Thượng" && document.activeElement.tagName === "A",
    );
  }
  expect(reached).toBe(true);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Bưu điện huyện U Minh Thượng" })).toBeVisible();
});
