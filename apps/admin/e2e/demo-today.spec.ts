import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { formatVnd, paymentPlanFor, voluntaryContribution } from "@ansinh/domain/contributions";
import { formatDisplayDate, todayInVietnam } from "@ansinh/domain/dates";
import { ratesOn } from "@ansinh/domain/rates";
import { signInAs } from "./accounts";

/**
 * Each demo account signs in and does its main job on today's date — after the 2025
 * reform, on the communes that took over the district the 2020 roles were given on. The whole job
 * at one width, and at the other the page usable, without sideways scrolling, its action in reach.
 */
const today = todayInVietnam();
const year = Number(today.slice(0, 4));

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
}

/** The agent's list format of the repository's sample (docs/samples), two people paying today. */
function listPayingToday(): string {
  const header = readFileSync(path.resolve(import.meta.dirname, "../../../docs/samples/d05-ts-tu-nguyen.csv"), "utf8")
    .replace(/^\ufeff/, "")
    .split(/\r?\n/)[0]!;
  const income = ratesOn(today).incomeFloor;
  const due = voluntaryContribution({ paymentDate: today, monthlyIncome: income, supportGroups: ["other"], plan: paymentPlanFor(3, null) as never }).totals.net;
  const money = (n: number) => formatVnd(n, "vi").replace(/[^\d.]/g, "");
  const line = (name: string, birth: string, gender: string, id: string, commune: string, receipt: string) =>
    [name, "", birth, gender, id, "", "Kinh", "Việt Nam", "3", money(income), money(due), formatDisplayDate(today), commune, "Tăng mới", receipt].join(",");
  return [
    header,
    line("Lâm Văn Hômnay", "03/03/1985", "Nam", "091085300001", "31012", "UMT-TODAY-E2E1"),
    line("Lâm Thị Hômnay", "04/04/1987", "Nữ", "091187300002", "31027", "UMT-TODAY-E2E2"),
  ].join("\n");
}

test.describe("on a computer (1280 px)", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the U Minh Thượng manager imports an agent's list paid today (dry run, then for real) and plans next year on a commune that took over", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signInAs(page, "manager", "913", "/imports");
    await expect(page.getByRole("heading", { name: "Nhập danh sách của đại lý" })).toBeVisible();
    await page.getByRole("combobox", { name: "Đại lý thu" }).first().click();
    await page
      .getByRole("option")
      .filter({ hasText: /U Minh Thượng/ })
      .first()
      .click();
    await page
      .locator("label")
      .filter({ hasText: /^BHXH tự nguyện \(D05-TS\)$/ })
      .click();
    await page
      .getByTestId("import-dropzone")
      .locator('input[type="file"]')
      .setInputFiles({ name: "danh-sach-hom-nay.csv", mimeType: "text/csv", buffer: Buffer.from(`\ufeff${listPayingToday()}\n`, "utf8") });
    await expect(page.getByText(/Đã đọc tệp danh-sach-hom-nay\.csv: 15 cột/)).toBeVisible();
    await page.getByRole("button", { name: "Chạy thử", exact: true }).click();
    const counts = page.getByTestId("import-counts");
    await expect(page.getByTestId("import-progress")).toContainText("Đã xử lý 2 / 2 dòng", { timeout: 30_000 });
    // Both lines would be recorded (else the report's reasons say why).
    expect(await counts.innerText(), await page.getByRole("table").last().innerText()).toMatch(/Sẽ nhập: 2\s*Trùng: 0\s*Bị từ chối: 0/);
    await page.getByRole("button", { name: "Nhập", exact: true }).click();
    await expect(counts).toContainText("Đã nhập: 2", { timeout: 60_000 });

    // Next year's plan of a commune that took over the district.
    await page.goto(`/plans?area=31012&year=${year + 1}`);
    await expect(page.getByTestId("plans-empty")).toBeVisible();
    await page.getByRole("button", { name: "Thêm chỉ tiêu" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Giá trị").fill("150");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByTestId("plans-notice")).toContainText("Đã thêm chỉ tiêu");
    await expect(page.getByTestId("target-row-31012-plan")).toContainText("150");
  });

  test("the Kiên Giang viewer reads today's dashboard, told why it opened there, and the list of participants", async ({ page }) => {
    await signInAs(page, "viewer", "91", "/dashboard");
    await expect(page.getByTestId("dashboard-why")).toBeVisible();
    await expect(page.getByTestId("dashboard-area")).not.toBeEmpty();
    await expect(page.getByTestId("kpi-new-value")).toBeVisible();
    // A viewer is offered nothing to record.
    await expect(page.getByRole("link", { name: "Đăng ký tham gia mới" })).toHaveCount(0);
    await page.goto("/participants");
    await expect(page.getByRole("table").getByRole("row").nth(1)).toBeVisible();
  });

  test("the collector's form is usable on a computer, its button in reach", async ({ page }) => {
    await signInAs(page, "collector", "913", "/enrolments/new");
    await expect(page.getByRole("heading", { name: "Đăng ký tham gia mới" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Ngày biên lai" })).toHaveValue(formatDisplayDate(today));
    await page.getByRole("button", { name: "Ghi nhận", exact: true }).scrollIntoViewIfNeeded();
    await expect(page.getByRole("button", { name: "Ghi nhận", exact: true })).toBeInViewport();
    await noSidewaysScroll(page);
  });
});

test.describe("on a phone (390 px)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the U Minh Thượng collector records a receipt dated today on a commune that took over the district", async ({ page }) => {
    test.setTimeout(90_000);
    await signInAs(page, "collector", "913", "/enrolments/new");
    await expect(page.getByRole("heading", { name: "Đăng ký tham gia mới" })).toBeVisible();
    await expect(page.getByRole("textbox", { name: "Ngày biên lai" })).toHaveValue(formatDisplayDate(today));
    await page.getByLabel("Số biên lai").fill("UMT-TODAY-E2E3");
    await page.getByLabel("Họ và tên").fill("Lý Văn Hômnay");
    const birth = page.getByRole("textbox", { name: "Ngày sinh" });
    await birth.fill("05/05/1986");
    await birth.press("Tab");
    await page.getByRole("radio", { name: "Nam", exact: true }).check();
    await page.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).fill("091086300003");
    await page.getByRole("combobox", { name: "Xã nơi cư trú" }).fill("310");
    await page.getByRole("option", { name: /\(31012\)/ }).click();
    await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").fill(String(ratesOn(today).incomeFloor));
    await noSidewaysScroll(page);
    await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
    await expect(page.getByTestId("recorded")).toContainText("Phát triển mới");
  });

  test("the manager's import and plans, and the viewer's dashboard and list, are usable on a phone", async ({ browser }) => {
    const manager = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(manager, "manager", "913", "/imports");
    await expect(manager.getByText("Chọn đại lý trước khi chọn tệp")).toBeVisible();
    await expect(manager.getByRole("combobox", { name: "Đại lý thu" }).first()).toBeVisible();
    await noSidewaysScroll(manager);
    await manager.goto(`/plans?area=31012&year=${year}`);
    await expect(manager.getByRole("button", { name: "Thêm chỉ tiêu" })).toBeVisible();
    await noSidewaysScroll(manager);
    await manager.close();

    const viewer = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(viewer, "viewer", "91", "/dashboard");
    await expect(viewer.getByTestId("dashboard-why")).toBeVisible();
    await expect(viewer.getByTestId("kpi-new-value")).toBeVisible();
    await noSidewaysScroll(viewer);
    await viewer.goto("/participants");
    await expect(viewer.getByRole("table").getByRole("row").nth(1)).toBeVisible();
    await noSidewaysScroll(viewer);
    await viewer.close();
  });
});
