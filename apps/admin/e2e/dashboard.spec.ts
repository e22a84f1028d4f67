import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { dataDir } from "../playwright.config";
import { signInAs } from "./accounts";

/**
 * The progress dashboard on the demo: Kiên Giang's districts on 31/12/2020, U Minh
 * Thượng at 366 of 244 (150%) and 88% health coverage, the Women's Union funnel 969 → 80 + 463 —
 * all worked out from the demo's records; drill-down and back, the XLSX report, the printable page.
 */
const province = "/dashboard?area=91&date=2020-12-31&scheme=voluntary_social_insurance";

test("Kiên Giang's districts ranked, then U Minh Thượng at 150% and 88%, and back by the breadcrumb", async ({ page }, testInfo) => {
  await signInAs(page, "admin", undefined, province);
  await page.goto(province);
  await expect(page.getByTestId("dashboard-area")).toHaveText("Kiên Giang");
  const umt = page.getByTestId("child-913");
  await expect(umt.getByTestId("child-achieved")).toHaveText("366 / 244");
  await expect(umt.getByTestId("child-percent")).toHaveText("150%");
  await expect(umt.getByTestId("status")).toHaveText("Đã đạt");
  await expect(page.getByRole("img", { name: /Biểu đồ đường/ })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("dashboard-province.png"), fullPage: true });

  await umt.getByRole("link", { name: "Xem U Minh Thượng" }).click();
  await expect(page).toHaveURL(/area=913/);
  await expect(page.getByTestId("dashboard-area")).toHaveText("U Minh Thượng");
  await expect(page.getByTestId("kpi-new-value")).toHaveText("366 / 244");
  await expect(page.getByTestId("kpi-new-percent")).toHaveText("150%");
  await expect(page.getByTestId("kpi-coverage-value")).toHaveText("88%");
  const funnel = page.getByTestId("funnel");
  await expect(funnel.getByTestId("funnel-attendances")).toHaveText("969");
  await expect(funnel.getByTestId("funnel-voluntary")).toHaveText("80");
  await expect(funnel.getByTestId("funnel-household")).toHaveText("463");
  await expect(funnel).toContainText("8,26%");
  await expect(funnel).toContainText("47,78%");
  await page.screenshot({ path: testInfo.outputPath("dashboard-district.png"), fullPage: true });

  // The chart's figures as a table (its text alternative): the last point is the whole year.
  await page.getByText("Xem số liệu dạng bảng").first().click();
  await expect(page.getByTestId("series-table").getByRole("row").last()).toContainText("31/12/2020");
  await expect(page.getByTestId("series-table").getByRole("row").last()).toContainText("366");

  await page.getByRole("navigation", { name: "Đường dẫn địa bàn" }).getByRole("link", { name: "Kiên Giang" }).click();
  await expect(page).toHaveURL(/area=91(&|$)/);
  await expect(page.getByTestId("dashboard-area")).toHaveText("Kiên Giang");
});

test("downloads U Minh Thượng's progress report as XLSX with its figures", async ({ page }) => {
  await signInAs(page, "admin", undefined, province);
  await page.goto("/dashboard?area=913&date=2020-12-31&scheme=voluntary_social_insurance");
  await expect(page.getByTestId("kpi-new-value")).toHaveText("366 / 244");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-xlsx").click()]);
  expect(download.suggestedFilename()).toBe("bao-cao-tien-do-913-2020-12-31.xlsx");
  const file = path.join(dataDir, download.suggestedFilename());
  await download.saveAs(file);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0]!;
  expect(String(sheet.getCell("A1").value)).toContain("BHXH TỰ NGUYỆN");
  expect(String(sheet.getCell("A2").value)).toContain("U Minh Thượng (913)");
  expect(sheet.getCell("D4").value).toBe("Kế hoạch giao");
  expect(sheet.getCell("F4").value).toBe("Tỷ lệ hoàn thành");
  let totals = 0;
  sheet.eachRow((row, n) => {
    if (row.getCell(2).value === "Tổng cộng") totals = n;
  });
  expect(totals).toBeGreaterThan(4);
  const at = (col: string) => sheet.getCell(`${col}${totals}`);
  expect([at("D").value, at("E").value, at("F").value, at("M").value]).toEqual([244, 366, 1.5, 0.88]);
  expect(at("F").numFmt).toBe("0.00%");
  expect(at("L").numFmt).toBe("#,##0");
  // the funnel below the table
  const values: unknown[] = [];
  sheet.eachRow((row) => values.push(row.getCell(2).value, row.getCell(4).value));
  expect(values).toEqual(expect.arrayContaining(["Lượt người tham dự", 969, "Đăng ký BHXH tự nguyện", 80, "Đăng ký BHYT hộ gia đình", 463]));
});

test("the printable A4 page holds the same figures", async ({ page }, testInfo) => {
  await signInAs(page, "admin", undefined, province);
  await page.goto("/dashboard?area=913&date=2020-12-31&scheme=voluntary_social_insurance");
  await page.getByTestId("report-print").click();
  await expect(page).toHaveURL(/\/dashboard\/print\?/);
  await expect(page.getByTestId("print-kpis")).toContainText("366 / 244 (150%)");
  await expect(page.getByTestId("print-funnel")).toContainText("969");
  // The head an office's report carries: superior body and office, national name and motto,
  // place and date; places for the signatures at the foot.
  const head = page.getByTestId("print-header");
  await expect(head).toContainText("BẢO HIỂM XÃ HỘI TỈNH KIÊN GIANG");
  await expect(head).toContainText("BẢO HIỂM XÃ HỘI HUYỆN U MINH THƯỢNG");
  await expect(head).toContainText("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
  await expect(head).toContainText("Độc lập - Tự do - Hạnh phúc");
  await expect(page.getByTestId("print-place-date")).toHaveText("U Minh Thượng, ngày 31 tháng 12 năm 2020");
  await expect(page.getByTestId("print-signatures")).toContainText("THỦ TRƯỞNG ĐƠN VỊ");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("navigation", { name: "Menu chính" })).toBeHidden();
  await expect(page.getByTestId("print-now")).toBeHidden();
  await page.screenshot({ path: testInfo.outputPath("dashboard-print.png"), fullPage: true });
});

test.describe("at phone width (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test("the dashboard fits the screen and drills down by keyboard", async ({ page }, testInfo) => {
    await signInAs(page, "admin", undefined, province);
    await page.goto(province);
    await expect(page.getByTestId("child-913")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath("dashboard-phone.png"), fullPage: true });
    const link = page.getByTestId("child-913").getByRole("link");
    await link.focus();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/area=913/);
    await expect(page.getByTestId("kpi-new-percent")).toHaveText("150%");
  });
});
