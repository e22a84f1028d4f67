import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signInAs } from "./accounts";

/**
 * Recording enrolments in the field: the voluntary form on a 390-px phone, its live breakdown,
 * the refusal (with a link) of a personal ID already recorded, and the review queue where a likely
 * duplicate is merged and the merge undone. Made-up people; their IDs are valid in form only.
 */

async function chooseCommune(page: Page, typed: string, option: RegExp) {
  const picker = page.getByRole("combobox", { name: "Xã nơi cư trú" });
  await picker.fill(typed);
  await page.getByRole("option", { name: option }).click();
}

async function fillPerson(page: Page, p: { name: string; birth: string; gender: "Nam" | "Nữ"; id: string; receipt: string }) {
  await page.getByLabel("Số biên lai").fill(p.receipt);
  await page.getByLabel("Họ và tên").fill(p.name);
  const birth = page.getByRole("textbox", { name: "Ngày sinh" });
  await birth.fill(p.birth);
  await birth.press("Tab");
  await page.getByRole("radio", { name: p.gender, exact: true }).check();
  await page.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).fill(p.id);
}

test.describe("at phone width (390×844)", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("a manager records a voluntary enrolment, sees the breakdown, and is refused the same personal ID with a link", async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    await signInAs(page, "manager", undefined, "/enrolments/new");
    await page.goto("/enrolments/new");
    await expect(page.getByRole("heading", { name: "Đăng ký tham gia mới" })).toBeVisible();
    await chooseAgent(page);
    const receiptDate = page.getByRole("textbox", { name: "Ngày biên lai" });
    await receiptDate.fill("15/03/2021");
    await receiptDate.press("Tab");
    await fillPerson(page, { name: "Phan Văn Thửnghiệm", birth: "20/01/1988", gender: "Nam", id: "091088007001", receipt: "E2E-0001" });
    await chooseCommune(page, "thanh yen", /Thạnh Yên \(31012\)/);
    await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").fill("1500000");
    await page.getByLabel("Phương thức đóng").selectOption("3");
    // 22% × 1,500,000 = 330,000; state support 10% × 22% × 700,000 (the 2021 poverty line) = 15,400; 314,600 × 3.
    await expect(page.getByTestId("breakdown-total").last()).toHaveText("943.800 đ");
    await expect(page.getByText("Thời gian đóng từ 01/03/2021 đến 31/05/2021.")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: testInfo.outputPath("enrolment-phone.png"), fullPage: true });
    await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
    await expect(page.getByTestId("recorded")).toContainText("Phát triển mới");
    await expect(page.getByTestId("recorded")).toContainText("943.800 đ");
    // The person just recorded is not flagged as "already on the list" by their own record.
    await page.waitForLoadState("networkidle");
    await expect(page.getByTestId("existing-person")).toHaveCount(0);

    // The next person: the same personal ID again is refused while typing and on submit, with a link.
    await page.getByRole("button", { name: "Nhập người tiếp theo" }).click();
    await fillPerson(page, { name: "Phan Văn Khác", birth: "20/01/1988", gender: "Nam", id: "091088007001", receipt: "E2E-0002" });
    await expect(page.getByTestId("existing-person-link").first()).toHaveAttribute("href", /^\/participants\/\d+$/);
    await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
    await expect(page.getByTestId("existing-person").last()).toContainText("đã có trong danh sách người tham gia");
    await expect(page.getByTestId("recorded")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("enrolment-refused-phone.png"), fullPage: true });
  });

  test("an ID that disagrees with the birth date is shown under its field as it is typed", async ({ page }) => {
    await signInAs(page, "manager", undefined, "/enrolments/new");
    await page.goto("/enrolments/new");
    const birth = page.getByRole("textbox", { name: "Ngày sinh" });
    await birth.fill("20/01/1990");
    await birth.press("Tab");
    await page.getByRole("radio", { name: "Nam", exact: true }).check();
    const id = page.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" });
    await id.fill("091088007002");
    await expect(id).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(/Chữ số thứ 5–6 cho biết năm sinh …88, nhưng năm sinh khai là 1990/)).toBeVisible();
  });
});

test("a submit with errors moves to the first of them and says how many are left", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "manager", undefined, "/enrolments/new");
  await page.goto("/enrolments/new");
  await chooseAgent(page);
  // The button is at the foot of the long form; the first empty field (the receipt number) far above it.
  await page.getByTestId("enrolment-submit").click();
  const receiptNumber = page.getByLabel("Số biên lai");
  await expect(receiptNumber).toBeFocused();
  await expect(receiptNumber).toBeInViewport();
  await expect(receiptNumber).toHaveAttribute("aria-invalid", "true");
  const summary = page.getByTestId("error-summary");
  await expect(summary).toContainText("Còn 7 ô cần sửa");
  // The summary counts down as fields are corrected.
  await receiptNumber.fill("E2E-ERR-1");
  await expect(summary).toContainText("Còn 6 ô cần sửa");
});

/** The demo district has two agents (its Women's Union chapter and its post office): take the post office. */
async function chooseAgent(page: Page) {
  await page.getByLabel("Đại lý thu").selectOption({ label: "Bưu điện huyện U Minh Thượng" });
}

test("a likely duplicate goes to the review queue, is merged, and the merge is undone", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "manager", undefined, "/enrolments/new");
  await page.goto("/enrolments/new");
  await chooseAgent(page);
  const receiptDate = page.getByRole("textbox", { name: "Ngày biên lai" });
  await receiptDate.fill("16/03/2021");
  await receiptDate.press("Tab");
  await chooseCommune(page, "vinh hoa", /Vĩnh Hòa \(31054\)/);
  await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").fill("1500000");
  await fillPerson(page, { name: "Đặng Thị Mẫu", birth: "05/05/1975", gender: "Nữ", id: "091175007003", receipt: "E2E-0101" });
  await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
  await expect(page.getByTestId("recorded")).toBeVisible();
  await page.getByRole("button", { name: "Nhập người tiếp theo" }).click();
  // Same person typed without diacritics, with another (mistyped) personal ID.
  await fillPerson(page, { name: "dang thi mau", birth: "05/05/1975", gender: "Nữ", id: "091175007004", receipt: "E2E-0102" });
  await page.getByRole("button", { name: "Ghi nhận", exact: true }).click();
  await expect(page.getByTestId("likely-duplicate")).toBeVisible();

  await page.getByRole("link", { name: "Mở danh sách nghi trùng" }).click();
  await expect(page).toHaveURL(/\/duplicates/);
  const row = page.getByTestId("duplicate-row").filter({ hasText: "Dang Thi Mau" });
  await expect(row).toBeVisible();
  await page.getByRole("button", { name: "Gộp hồ sơ Dang Thi Mau vào hồ sơ cũ hơn" }).click();
  await expect(page.getByTestId("duplicates-message")).toHaveText("Đã gộp hồ sơ Dang Thi Mau vào hồ sơ cũ hơn");
  await expect(row).toHaveCount(0);

  await page.locator("label", { hasText: "Đã gộp" }).click();
  await expect(row).toBeVisible();
  await page.getByRole("button", { name: "Hoàn tác gộp hồ sơ Dang Thi Mau" }).click();
  await expect(page.getByTestId("duplicates-message")).toHaveText("Đã hoàn tác gộp hồ sơ Dang Thi Mau");
  await expect(row).toHaveCount(0);
  await page.locator("label", { hasText: "Cần xem xét" }).click();
  await expect(row).toBeVisible();
});

test("a household with two members: each ranked and priced live, then recorded", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "manager", undefined, "/enrolments/new");
  await page.goto("/enrolments/new");
  await page.locator("label", { hasText: "BHYT hộ gia đình" }).click();
  await chooseAgent(page);
  await page.getByLabel("Mã hộ gia đình").fill("E2E-HGD-01");
  const receiptDate = page.getByRole("textbox", { name: "Ngày biên lai" });
  await receiptDate.fill("02/04/2021");
  await receiptDate.press("Tab");
  await chooseCommune(page, "minh thuan", /Minh Thuận \(31066\)/);
  await page.getByLabel("Mã nơi đăng ký KCB ban đầu").fill("91123");
  await page.getByRole("button", { name: "Thêm thành viên" }).click();
  const members = [
    { name: "Tô Văn Chủ", birth: "01/01/1960", gender: "Nam", id: "091060007101", receipt: "E2E-H-1" },
    { name: "Tô Thị Vợ", birth: "02/02/1962", gender: "Nữ", id: "091162007102", receipt: "E2E-H-2" },
  ];
  for (const [i, m] of members.entries()) {
    const card = page.getByTestId(`member-${i}`);
    await card.getByLabel("Họ và tên").fill(m.name);
    const birth = card.getByRole("textbox", { name: "Ngày sinh" });
    await birth.fill(m.birth);
    await birth.press("Tab");
    await card.getByRole("radio", { name: m.gender, exact: true }).check();
    await card.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).fill(m.id);
    await card.getByLabel("Số biên lai").fill(m.receipt);
  }
  // Base salary 1,490,000 × 4.5% × 12: first member 804,600, second (70%) 563,220.
  const table = page.getByTestId("household-breakdown");
  await expect(table.getByRole("row", { name: /Tô Văn Chủ 1 \(100%\).*804\.600 đ/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /Tô Thị Vợ 2 \(70%\).*563\.220 đ/ })).toBeVisible();
  await expect(page.getByTestId("household-total")).toHaveText("1.367.820 đ");
  await page.getByRole("button", { name: "Ghi nhận hộ" }).click();
  await expect(page.getByTestId("household-recorded")).toContainText("Đã ghi nhận hộ E2E-HGD-01");
  await expect(page.getByTestId("household-recorded")).toContainText("Thành viên 2: thứ tự 2, số tiền 563.220 đ");
  // The form is ready for the next household: no member of this one is offered (and priced) again.
  await expect(page.getByTestId("member-1")).toHaveCount(0);
  await expect(page.getByTestId("member-0").getByLabel("Họ và tên")).toHaveValue("");
  await expect(page.getByLabel("Mã hộ gia đình")).toHaveValue("");
  await expect(page.getByTestId("household-breakdown").getByText("Tô Văn Chủ")).toHaveCount(0);
  await expect(page.getByLabel("Mã nơi đăng ký KCB ban đầu")).toHaveValue("91123");
});

test("by keyboard only: the commune is chosen with the arrow keys and the form is sent with Enter", async ({ page }) => {
  test.setTimeout(120_000);
  await signInAs(page, "manager", undefined, "/enrolments/new");
  await page.goto("/enrolments/new");
  await chooseAgent(page);
  const receiptDate = page.getByRole("textbox", { name: "Ngày biên lai" });
  await receiptDate.focus();
  // The field holds today's date: select it and type over it.
  await page.keyboard.press("Control+a");
  await page.keyboard.type("20/04/2021");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Số biên lai")).toBeFocused();
  await page.keyboard.type("E2E-K-1");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Hứa Văn Phím");
  await page.keyboard.press("Tab");
  await page.keyboard.type("03/03/1983");
  await page.keyboard.press("Tab");
  // The radio group: arrow keys choose, Space checks the focused one.
  await page.keyboard.press("Space");
  await expect(page.getByRole("radio", { name: "Nam", exact: true })).toBeChecked();
  await page.getByRole("textbox", { name: "Số định danh cá nhân (CCCD)" }).focus();
  await page.keyboard.type("091083007201");
  const commune = page.getByRole("combobox", { name: "Xã nơi cư trú" });
  await commune.focus();
  await page.keyboard.type("hoa chanh");
  await expect(page.getByRole("option", { name: /Hoà Chánh \(31057\)/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(commune).toHaveValue(/Hoà Chánh \(31057\)/);
  await page.getByLabel("Mức thu nhập tháng làm căn cứ đóng").focus();
  await page.keyboard.type("2000000");
  await expect(page.getByTestId("breakdown-total")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("recorded")).toContainText("Phát triển mới");
  // Focus is visibly marked on the controls.
  await page.getByRole("button", { name: "Nhập người tiếp theo" }).focus();
  expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe("none");
});

test("axe: the review queue with records in it and the household form (phone width)", async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  await signInAs(page, "manager", undefined, "/duplicates");
  const serious = async () =>
    (await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze()).violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map(
        (v) =>
          `${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(" "))
            .join(" | ")}`,
      );
  await page.goto("/duplicates");
  await expect(page.getByTestId("duplicate-row").first()).toBeVisible();
  expect(await serious()).toEqual([]);
  await page.goto("/enrolments/new");
  await page.locator("label", { hasText: "BHYT hộ gia đình" }).click();
  await expect(page.getByLabel("Mã hộ gia đình")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await serious()).toEqual([]);
});
