import { expect, test } from "@playwright/test";
import { signInAs } from "./accounts";

test.describe("coverage page", () => {
  test.beforeEach(async ({ page }) => {
    await signInAs(page, "admin");
  });

  test("shows Kiên Giang's districts with U Minh Thượng at 88%", async ({ page }, testInfo) => {
    await page.goto("/coverage?date=2020-12-31&area=91");
    await expect(page.getByRole("heading", { name: "Tỷ lệ bao phủ theo địa bàn" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "U Minh Thượng" });
    await expect(row).toBeVisible();
    await expect(row.getByTestId("coverage-percent")).toHaveText("88%");
    await expect(row).toContainText("61.600");
    await expect(row).toContainText("70.000");
    await expect(page.getByRole("row")).toHaveCount(16); // header + 15 districts
    await page.screenshot({ path: testInfo.outputPath("coverage-vi.png"), fullPage: true });

    // drill down into the district: its own coverage, no children
    await row.click();
    await expect(page.getByTestId("area-coverage")).toHaveText("88%");
    await expect(page.getByText("Địa bàn này không có đơn vị trực thuộc.")).toBeVisible();
  });

  test("switches to English and keeps the figures", async ({ page }, testInfo) => {
    await page.goto("/coverage?date=2020-12-31&area=91");
    await page.getByText("English").click();
    await expect(page.getByRole("heading", { name: "Coverage by area" })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: "U Minh Thượng" });
    await expect(row.getByTestId("coverage-percent")).toHaveText("88%");
    await expect(row).toContainText("61,600");
    await page.screenshot({ path: testInfo.outputPath("coverage-en.png"), fullPage: true });
    await page.getByText("Tiếng Việt").click();
    await expect(page.getByRole("heading", { name: "Tỷ lệ bao phủ theo địa bàn" })).toBeVisible();
  });

  test("offers the nearest date with areas when none is in force", async ({ page }) => {
    // Before the demo's first units (2020); after 2025-07-01 the demo holds An Giang's communes.
    await page.goto("/coverage?date=2019-06-01");
    await expect(page.getByText("Chưa có số liệu cho ngày này.")).toBeVisible();
    await page.getByText(/Xem ngày gần nhất có địa bàn/).click();
    await expect(page).toHaveURL(/date=2020-01-01/);
    await expect(page.getByRole("row").filter({ hasText: "U Minh Thượng" })).toBeVisible();
  });

  test("takes a date typed as dd/MM/yyyy, applied on Enter, whatever the browser's locale", async ({ page }) => {
    await page.goto("/coverage?date=2026-01-01");
    const field = page.getByTestId("coverage-date");
    await expect(field).toHaveValue("01/01/2026");
    await field.fill("");
    await field.pressSequentially("30/06/2025");
    // Typing alone changes nothing: no reload per keystroke, no half-typed date applied.
    await expect(page).toHaveURL(/date=2026-01-01/);
    await field.press("Enter");
    await expect(page).toHaveURL(/date=2025-06-30/);
    await expect(field).toHaveValue("30/06/2025");
    await expect(page.getByRole("row").filter({ hasText: "U Minh Thượng" })).toBeVisible();
  });

  test("refuses a date that does not exist, under the field, and keeps the page as it was", async ({ page }) => {
    await page.goto("/coverage?date=2020-12-31&area=91");
    const field = page.getByTestId("coverage-date");
    await field.fill("31/02/2020");
    await field.press("Enter");
    await expect(page.getByText("Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy (ví dụ 30/06/2025)")).toBeVisible();
    await expect(page).toHaveURL(/date=2020-12-31/);
  });
});
