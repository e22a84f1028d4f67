import path from "node:path";
import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { signInAs } from "./accounts";

/** The sample list of the repository (docs/samples): 12 good lines, 1 duplicate, 10 rejected. */
const sample = path.resolve(import.meta.dirname, "../../../docs/samples/d05-ts-tu-nguyen.csv");

test("imports an agent's list: upload, mapping, dry run, real run, report and its download", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "collector", "913", "/imports");
  await expect(page.getByRole("heading", { name: "Nhập danh sách của đại lý" })).toBeVisible();
  // The samples are offered as downloads (staff have no source code).
  const [sampleFile] = await Promise.all([page.waitForEvent("download"), page.getByTestId("sample-download").click()]);
  expect(sampleFile.suggestedFilename()).toBe("d05-ts-tu-nguyen.csv");

  // 1. the agent (the demo's district post office or Women's Union), the scheme, the file
  const agent = page.getByRole("combobox", { name: "Đại lý thu" }).first();
  await agent.click();
  await page
    .getByRole("option")
    .filter({ hasText: /U Minh Thượng/ })
    .first()
    .click();
  await page
    .locator("label")
    .filter({ hasText: /^BHXH tự nguyện \(D05-TS\)$/ })
    .click();
  await page.getByTestId("import-dropzone").locator('input[type="file"]').setInputFiles(sample);

  // 2. the Vietnamese headers map by themselves
  await expect(page.getByText(/Đã đọc tệp d05-ts-tu-nguyen\.csv: 15 cột/)).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Số định danh cá nhân (CCCD)" })).toHaveValue("Số định danh cá nhân (CCCD)");

  // 3. dry run: what would happen, line by line
  await page.getByRole("button", { name: "Chạy thử", exact: true }).click();
  const counts = page.getByTestId("import-counts");
  await expect(counts).toContainText("Sẽ nhập: 12", { timeout: 30_000 });
  await expect(counts).toContainText("Trùng: 1");
  await expect(counts).toContainText("Bị từ chối: 10");
  const report = page.getByRole("table");
  await expect(
    report
      .getByRole("row")
      .filter({ hasText: /^\s*17/ })
      .first(),
  ).toContainText("thấp hơn mức tối thiểu");

  // 4. later (the page reloaded, the upload gone): the dry run reopened from the history is
  // imported for real from the file the server kept, without uploading it again
  await page.reload();
  await page.getByRole("button", { name: "d05-ts-tu-nguyen.csv" }).click();
  await expect(page.getByRole("heading", { name: /Kết quả chạy thử/ })).toBeVisible();
  await page.getByTestId("run-stored").click();
  await expect(page.getByRole("heading", { name: /Kết quả nhập/ })).toBeVisible();
  await expect(counts).toContainText("Đã nhập: 12", { timeout: 60_000 });
  await expect(page.getByTestId("import-progress")).toContainText("Đã xử lý 23 / 23 dòng");
  // The outcome badges are whole words, not cut short.
  const badge = page.getByTestId("import-batch").locator(".mantine-Badge-root").filter({ hasText: "Bị từ chối" }).first();
  expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  // The history shows the finished run as it is, not "waiting 0/0/0".
  const history = page.getByRole("table", { name: "Các lần nhập trước" });
  // (Other specs import lists of their own into the shared app: this file's run is the one named so.)
  await expect(history.getByRole("row").filter({ hasText: "Xong" }).filter({ hasText: "d05-ts-tu-nguyen.csv" })).toContainText("12 / 1 / 10");

  // 5. the report as XLSX in the reader's language: every line, its reason, a frozen header
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("report-download").click()]);
  const file = await download.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.worksheets[0]!;
  expect(ws.rowCount).toBe(24);
  expect(ws.getRow(1).getCell(1).value).toBe("Dòng");
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
  const line17 = ws.getRow(17);
  expect(line17.getCell(1).value).toBe(17);
  expect(String(line17.getCell(2).value)).toContain("Bị từ chối");
  expect(String(line17.getCell(3).value)).toContain("thấp hơn mức tối thiểu");

  // 6. the past batches list the dry run and the run
  await expect(page.getByRole("button", { name: "d05-ts-tu-nguyen.csv" })).toHaveCount(2);
});

test('a list with the support-group column: "Đối tượng" maps by itself and a near-poor line is imported', async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "collector", "913", "/imports");
  const agent = page.getByRole("combobox", { name: "Đại lý thu" }).first();
  await agent.click();
  await page
    .getByRole("option")
    .filter({ hasText: /U Minh Thượng/ })
    .first()
    .click();
  await page
    .locator("label")
    .filter({ hasText: /^BHXH tự nguyện \(D05-TS\)$/ })
    .click();
  // The sample's columns and the two new ones; a near-poor person's 3 months of 2020 at the floor:
  // 22% × 700,000 less the state's 25% of it = 115,500 a month.
  const csv = [
    "Họ và tên,Mã số BHXH,Ngày sinh,Giới tính,Số định danh cá nhân (CCCD),Số điện thoại,Dân tộc,Quốc tịch,Số tháng đóng,Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở,Số tiền đóng,Ngày biên lai,Mã xã nơi cư trú,Phương án,Số biên lai,Đối tượng,Giấy tờ chứng minh đối tượng",
    "Trần Thị Thửnghiệm,,20/11/1988,Nữ,091188200301,0912345601,Kinh,Việt Nam,3,700.000,346.500,08/06/2020,31015,Tăng mới,UMT-2020-E2E1,Hộ cận nghèo,GCN hộ cận nghèo số 05/2020",
  ].join("\n");
  await page
    .getByTestId("import-dropzone")
    .locator('input[type="file"]')
    .setInputFiles({ name: "can-ngheo.csv", mimeType: "text/csv", buffer: Buffer.from(`\ufeff${csv}\n`, "utf8") });
  await expect(page.getByText(/Đã đọc tệp can-ngheo\.csv: 17 cột/)).toBeVisible();
  await expect(page.getByRole("combobox", { name: "Đối tượng", exact: true })).toHaveValue("Đối tượng");
  await expect(page.getByRole("combobox", { name: "Giấy tờ chứng minh đối tượng", exact: true })).toHaveValue("Giấy tờ chứng minh đối tượng");
  await page.getByRole("button", { name: "Nhập", exact: true }).click();
  const counts = page.getByTestId("import-counts");
  await expect(counts).toContainText("Đã nhập: 1", { timeout: 60_000 });
  await expect(counts).toContainText("Bị từ chối: 0");
});

test("at phone width the import page is usable and says what to do first", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "collector", "913", "/imports");
  await expect(page.getByText("Chọn đại lý trước khi chọn tệp")).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await page.getByRole("combobox", { name: "Đại lý thu" }).first().focus();
  // Keyboard only: open the list, wait for the agents, move to one, take it.
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("option").first()).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByText("Kéo thả tệp vào đây hoặc bấm để chọn tệp")).toBeVisible();
});
