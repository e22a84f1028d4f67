import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/**
 * A district manager logs a campaign and one of its sessions, records an enrolment attributed to
 * the session, and sees it in the funnel (attendances → enrolments, per event, partner, agent and
 * commune). Made-up names; the person's ID is valid in form only.
 */

async function typeDate(page: Page, label: string, value: string, scope: Page | ReturnType<Page["getByRole"]> = page) {
  const field = scope.getByRole("textbox", { name: label });
  await field.fill(value);
  await field.press("Tab");
}

/** The cells of a funnel table's row. */
async function rowCells(page: Page, testId: string, text: string | RegExp) {
  const row = page.getByTestId(testId).locator("tbody tr").filter({ hasText: text });
  return [await row.locator("th").innerText(), ...(await row.locator("td").allInnerTexts())];
}

test("a manager creates a campaign and a session, enrols someone attributed to it, and sees the funnel", async ({ page }, testInfo) => {
  test.setTimeout(180_000);
  await signInAs(page, "manager", undefined, "/campaigns");
  await page.goto("/campaigns");
  await expect(page.getByRole("heading", { name: "Đợt vận động", level: 1 })).toBeVisible();

  // The campaign: errors under their fields first, then saved.
  await page.getByRole("button", { name: "Thêm đợt vận động" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(dialog.getByText("Nhập tên đợt vận động")).toBeVisible();
  await expect(dialog.getByText("Chọn ít nhất một địa bàn")).toBeVisible();
  await dialog.getByLabel("Tên đợt vận động").fill("Tháng vận động BHXH tự nguyện 3/2021 (thử)");
  await dialog.getByLabel("Chủ đề").fill("An sinh cho người lao động tự do");
  await typeDate(page, "Từ ngày", "01/03/2021", dialog);
  await typeDate(page, "Đến ngày", "31/03/2021", dialog);
  await dialog.getByRole("combobox", { name: "Địa bàn" }).fill("U Minh Thượng");
  await page.getByRole("option", { name: /U Minh Thượng \(913\)/ }).click();
  await dialog.getByRole("combobox", { name: "Đơn vị phối hợp" }).fill("Hội Liên hiệp Phụ nữ");
  await dialog.getByRole("combobox", { name: "Đơn vị phối hợp" }).press("Enter");
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("saved")).toContainText("Tháng vận động BHXH tự nguyện 3/2021 (thử)");
  await page.getByTestId("saved").getByRole("link", { name: "Mở đợt vận động" }).click();
  await expect(page.getByRole("heading", { name: "Tháng vận động BHXH tự nguyện 3/2021 (thử)" })).toBeVisible();
  await expect(page.getByText('Bấm "Thêm sự kiện"', { exact: false })).toBeVisible();
  const campaignUrl = page.url();

  // A session in Minh Thuận, 150 attendances (person-times).
  await page.getByRole("button", { name: "Thêm sự kiện" }).click();
  const eventDialog = page.getByRole("dialog");
  await eventDialog.getByLabel("Tên sự kiện").fill("Buổi tuyên truyền ấp Minh Thuận");
  await typeDate(page, "Ngày diễn ra", "10/03/2021", eventDialog);
  await eventDialog.getByRole("combobox", { name: "Địa bàn tổ chức" }).fill("Minh Thuận");
  await page.getByRole("option", { name: /Minh Thuận \(31066\)/ }).click();
  await eventDialog.getByRole("combobox", { name: "Đơn vị phối hợp" }).click();
  await page.getByRole("option", { name: "Hội Liên hiệp Phụ nữ" }).click();
  await eventDialog.getByLabel("Lượt người tham dự").fill("150");
  await eventDialog.getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("events-table")).toContainText("Buổi tuyên truyền ấp Minh Thuận");
  await expect(page.getByTestId("kpi-attendances")).toContainText("150");

  // An enrolment in Minh Thuận after the session, attributed to it.
  await page.goto("/enrolments/new");
  await page.getByLabel("Đại lý thu").selectOption({ label: "Bưu điện huyện U Minh Thượng" });
  await typeDate(page, "Ngày biên lai", "15/03/2021");
  await page.getByLabel("Số biên lai").fill("E2E-VD-0001");
  await page.getByLabel("Họ và tên").fill("Lâm Thị Vậnđộng");
  await typeDate(page, "Ngày sinh", "14/04/1977");
  await page.getByRole("radio", { name: "Nữ", exact: true }).check();
  await page.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).fill("091177007001");
  await page.getByRole("combobox", { name: "Xã nơi cư trú" }).fill("minh thuan");
  await page.getByRole("option", { name: /Minh Thuận \(31066\)/ }).click();
  const attribution = page.getByTestId("attribution-select");
  await expect(attribution.locator("option", { hasText: "Buổi tuyên truyền ấp Minh Thuận" })).toHaveCount(1);
  await attribution.selectOption({ label: "10/03/2021 · Buổi tuyên truyền ấp Minh Thuận — Tháng vận động BHXH tự nguyện 3/2021 (thử)" });
  await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").fill("1500000");
  await page.getByLabel("Phương thức đóng").selectOption("3");
  await expect(page.getByTestId("breakdown-total").last()).toHaveText("943.800 đ");
  await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
  await expect(page.getByTestId("recorded")).toContainText("Phát triển mới");

  // The funnel: 150 attendances → 1 voluntary enrolment (0,67%), per event, partner, agent and commune.
  await page.goto(campaignUrl);
  await expect(page.getByTestId("kpi-voluntary")).toContainText("0,67%");
  expect(await rowCells(page, "funnel-event", "Buổi tuyên truyền ấp Minh Thuận")).toEqual([
    "10/03/2021 · Buổi tuyên truyền ấp Minh Thuận",
    "150",
    "100,00%",
    "1",
    "0,67%",
    "0",
    "0,00%",
    "0,67%",
  ]);
  expect((await rowCells(page, "funnel-partner", "Hội Liên hiệp Phụ nữ")).slice(1, 5)).toEqual(["150", "100,00%", "1", "0,67%"]);
  expect((await rowCells(page, "funnel-agent", "Bưu điện huyện U Minh Thượng")).slice(1, 4)).toEqual(["—", "—", "1"]);
  expect((await rowCells(page, "funnel-area", "Minh Thuận")).slice(1, 5)).toEqual(["150", "100,00%", "1", "0,67%"]);
  await page.screenshot({ path: testInfo.outputPath("campaign-desktop.png"), fullPage: true });

  // At phone width the page fits and still reads.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByTestId("kpi-voluntary")).toContainText("0,67%");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: testInfo.outputPath("campaign-phone.png"), fullPage: true });
  await page.goto("/campaigns");
  await expect(page.getByRole("link", { name: "Tháng vận động BHXH tự nguyện 3/2021 (thử)" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("campaigns-phone.png"), fullPage: true });
});

test("a stale edit of a campaign is refused with the conflict, nothing lost", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "manager", undefined, "/campaigns");
  await page.goto("/campaigns");
  await page.getByRole("button", { name: "Thêm đợt vận động" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Tên đợt vận động").fill("Đợt xung đột (thử)");
  await typeDate(page, "Từ ngày", "01/05/2021", dialog);
  await typeDate(page, "Đến ngày", "31/05/2021", dialog);
  await dialog.getByRole("combobox", { name: "Địa bàn" }).fill("U Minh Thượng");
  await page.getByRole("option", { name: /U Minh Thượng \(913\)/ }).click();
  await dialog.getByLabel("Tên đợt vận động").click();
  await dialog.getByRole("button", { name: "Lưu" }).click();
  await page.getByTestId("saved").getByRole("link", { name: "Mở đợt vận động" }).click();
  await expect(page.getByRole("heading", { name: "Đợt xung đột (thử)" })).toBeVisible();

  // Someone else saves first (the same API the page uses).
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  const res = await page.request.post("/api/trpc/campaigns.update", {
    headers: { origin: new URL(page.url()).origin, "content-type": "application/json" },
    data: {
      id,
      version: 1,
      name: "Đợt xung đột (thử)",
      theme: "Sửa ở nơi khác",
      startDate: "2021-05-01",
      endDate: "2021-05-31",
      areaCodes: ["913"],
      partners: [],
    },
  });
  expect(res.status()).toBe(200);

  await page.getByRole("button", { name: "Sửa", exact: true }).click();
  await page.getByRole("dialog").getByLabel("Chủ đề").fill("Sửa ở thẻ này");
  await page.getByRole("dialog").getByRole("button", { name: "Lưu" }).click();
  await expect(page.getByTestId("campaign-form-error")).toContainText("vừa được người khác sửa");
  await page.keyboard.press("Escape");
  await page.reload();
  await expect(page.getByText("Sửa ở nơi khác")).toBeVisible();
});
