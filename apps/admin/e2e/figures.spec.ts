import path from "node:path";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { signInAs } from "./accounts";

/**
 * The figures import. The samples of the repository (docs/samples): dan-so.csv has 2021
 * populations of four Kiên Giang districts and a line with a bad code; so-nguoi-tham-gia.csv has
 * U Minh Thượng's insured counts by group on 30/09/2020 and a line with a date that does not exist.
 */
const samples = path.resolve(import.meta.dirname, "../../../docs/samples");

test("a district manager imports population: dry run, the lines outside its district rejected, confirm, report", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "manager", "913", "/figures");
  await expect(page.getByRole("heading", { name: "Nhập số liệu dân số và số người tham gia" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Số liệu dân số, bao phủ" })).toBeVisible();

  await page.getByTestId("figures-dropzone").locator('input[type="file"]').setInputFiles(path.join(samples, "dan-so.csv"));
  const counts = page.getByTestId("figures-counts");
  await expect(page.getByRole("heading", { name: /Kết quả chạy thử — dan-so\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(counts).toContainText("Sẽ nhập: 1");
  await expect(counts).toContainText("Không đổi: 0");
  await expect(counts).toContainText("Bị từ chối: 4");
  const report = page.getByRole("table").first();
  await expect(report.getByRole("row").filter({ hasText: /^\s*3/ }).first()).toContainText("Đơn vị mã 911 nằm ngoài địa bàn của bạn");
  await expect(report.getByRole("row").filter({ hasText: /^\s*6/ }).first()).toContainText("Mã đơn vị gồm 2–5 chữ số");

  await page.getByTestId("figures-confirm").click();
  await expect(page.getByRole("heading", { name: /Kết quả nhập — dan-so\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(counts).toContainText("Đã nhập: 1");
  await expect(counts).toContainText("Bị từ chối: 4");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("figures-report").click()]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(await download.path());
  const ws = wb.worksheets[0]!;
  expect(ws.getRow(3).getCell(1).value).toBe("Dòng / Line");
  expect(ws.getRow(4).getCell(1).value).toBe(2);
  expect(ws.getRow(4).getCell(2).value).toBe("Đã nhập / Imported");
  expect(String(ws.getRow(5).getCell(4).value)).toContain("outside your areas");

  // The dry run and the import are in the list of past imports.
  await expect(page.getByRole("button", { name: "dan-so.csv" })).toHaveCount(2);

  // The same file again (the picker emptied first, as choosing the same file twice fires no change): nothing would change.
  const input = page.getByTestId("figures-dropzone").locator('input[type="file"]');
  await input.setInputFiles([]);
  await input.setInputFiles(path.join(samples, "dan-so.csv"));
  await expect(page.getByRole("heading", { name: /Kết quả chạy thử — dan-so\.csv/ })).toBeVisible({ timeout: 30_000 });
  await expect(counts).toContainText("Sẽ nhập: 0");
  await expect(counts).toContainText("Không đổi: 1");
  await expect(page.getByText("Không có dòng nào cần nhập.")).toBeVisible();
});

test("insured counts by group: the dry run reads the groups and flags the impossible date (keyboard, phone width)", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "admin", undefined, "/figures");
  await page.getByText("Số người tham gia theo nhóm", { exact: true }).click();
  await expect(page.getByText(/Các cột: Mã đơn vị, Ngày báo cáo/)).toBeVisible();
  await page.getByTestId("figures-dropzone").locator('input[type="file"]').setInputFiles(path.join(samples, "so-nguoi-tham-gia.csv"));
  const counts = page.getByTestId("figures-counts");
  await expect(counts).toContainText("Sẽ nhập: 8", { timeout: 30_000 });
  await expect(counts).toContainText("Bị từ chối: 1");
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: /^\s*10/ })
      .first(),
  ).toContainText("Ngày báo cáo phải có dạng dd/MM/yyyy");
  await expect(page.getByTestId("figures-confirm")).toContainText("Xác nhận nhập 8 dòng");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.screenshot({ path: "test-results/figures-insured-dry-run-390.png", fullPage: true });
});

test("a viewer is told the page is not theirs", async ({ page }) => {
  await signInAs(page, "viewer", undefined, "/figures");
  await expect(page.getByTestId("no-access")).toBeVisible();
  await expect(page.getByRole("link", { name: "Số liệu dân số, bao phủ" })).toHaveCount(0);
});
