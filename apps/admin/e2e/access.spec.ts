import { expect, test } from "@playwright/test";
import { signInAs } from "./accounts";

test.describe("access by area and role", () => {
  test("sends a signed-out visitor to sign in, and back after", async ({ page }) => {
    await page.goto("/coverage?date=2020-12-31");
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expect(page.getByRole("heading", { name: "Đăng nhập" })).toBeVisible();
    await page.getByLabel("Email").fill("nobody@example.vn");
    await page.getByLabel("Mật khẩu").fill("wrong password");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await expect(page.locator(".mantine-Alert-root")).toContainText("Email hoặc mật khẩu không đúng");
  });

  test("a district manager sees only that district", async ({ page }, testInfo) => {
    await signInAs(page, "manager", "913", "/coverage?date=2020-12-31");
    await expect(page).toHaveURL(/\/coverage\?date=2020-12-31/);
    await expect(page.getByRole("heading", { name: "Huyện U Minh Thượng" })).toBeVisible();
    await expect(page.getByTestId("area-coverage")).toHaveText("88%");
    // the tree holds the district alone: no province, no other district
    const tree = page.locator(".mantine-Card-root").filter({ hasText: "Địa bàn" }).first();
    await expect(tree.getByText("U Minh Thượng")).toBeVisible();
    await expect(tree.getByText("Kiên Giang")).toHaveCount(0);
    await expect(tree.getByText("Phú Quốc")).toHaveCount(0);
    // asking for another district by URL reveals nothing
    await page.goto("/coverage?date=2020-12-31&area=911");
    await expect(page.getByText("Không có địa bàn mã 911")).toBeVisible();
    await expect(page.getByText("Phú Quốc")).toHaveCount(0);
    // staff of the district, not of Phú Quốc
    await page.goto("/staff");
    await expect(page.getByRole("row").filter({ hasText: "Nhân viên thu Bưu điện U Minh Thượng" })).toBeVisible();
    await expect(page.getByRole("row").filter({ hasText: "Phú Quốc" })).toHaveCount(0);
    // A manager coordinates the collectors (phones shown) but does not administer their accounts
    // (personal IDs masked), in the API's answer itself.
    const collectorRow = page.getByRole("row").filter({ hasText: "Nhân viên thu Bưu điện U Minh Thượng" });
    await expect(collectorRow).toContainText("0912 000 913");
    await expect(collectorRow.getByTestId("personal-id")).toHaveText(/^091\*{7}01$/);
    // The collector's district ended in the 2025 reform: said in words, with the units that took
    // over; the reassignment is for the admins who manage the account, not for a manager.
    await expect(collectorRow.getByTestId("staff-ended")).toContainText("(913): đơn vị kết thúc ngày 30/06/2025");
    await expect(collectorRow.getByTestId("staff-ended")).toContainText(/\(31012\), .*\(31027\)/);
    await expect(collectorRow.getByRole("button", { name: /Giao lại vai trò/ })).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("staff-manager.png"), fullPage: true });
    // Pages for admins say so, with the way back, and show none of their buttons.
    for (const path of ["/users", "/audit"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: "Bạn không có quyền mở trang này" })).toBeVisible();
      await expect(page.getByTestId("no-access")).toContainText("quản trị viên");
      await expect(page.getByRole("button", { name: "Thêm người dùng" })).toHaveCount(0);
      await expect(page.getByRole("link", { name: "Về bảng điều hành" })).toBeVisible();
    }
  });

  test("a viewer sees masked personal ID numbers", async ({ page }, testInfo) => {
    await signInAs(page, "viewer", "91", "/staff");
    await expect(page.getByTestId("masked-note")).toBeVisible();
    const ids = page.getByTestId("personal-id");
    await expect(ids.first()).toBeVisible();
    const texts = (await ids.allTextContents()).filter((t) => t !== "—");
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).toMatch(/^\d{3}\*{7}\d{2}$/);
    await expect(page.getByText("0912 000 913")).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath("staff-viewer.png"), fullPage: true });
    // no user management for a viewer
    await expect(page.getByRole("link", { name: "Người dùng" })).toHaveCount(0);
  });

  test("an admin creates a user and finds it in the audit trail", async ({ page }) => {
    await signInAs(page, "admin", undefined, "/users");
    await page.getByRole("button", { name: "Thêm người dùng" }).click();
    const dialog = page.getByRole("dialog");
    // An empty form is refused under its fields, in Vietnamese, not by the browser's bubbles.
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await expect(dialog.getByText("Nhập họ tên")).toBeVisible();
    await expect(dialog.getByText("Nhập email hợp lệ, ví dụ ten@coquan.vn")).toBeVisible();
    await expect(dialog.getByText("Chọn địa bàn cho mỗi vai trò (chỉ quản trị viên mới được để trống: toàn quốc)")).toBeVisible();
    await dialog.getByLabel("Họ tên").fill("Cán bộ thử nghiệm e2e");
    await dialog.getByLabel("Email").fill("e2e.user@demo.ansinh.vn");
    await dialog.getByLabel("Mật khẩu ban đầu").fill("mat-khau-e2e-123");
    // A phone as people write it; the API answers a wrong one under the phone field.
    await dialog.getByLabel("Điện thoại").fill("0912.345");
    // The area is chosen by name, not typed as a code.
    await dialog.getByLabel("Địa bàn", { exact: true }).fill("U Minh");
    await page.getByRole("option", { name: /U Minh Thượng \(913\)/ }).click();
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await expect(dialog.getByText(/Số điện thoại "0912.345" không hợp lệ/)).toBeVisible();
    await dialog.getByLabel("Điện thoại").fill("0912.345.678");
    await dialog.getByRole("button", { name: "Lưu" }).click();
    await expect(dialog).toHaveCount(0);
    await expect(page.getByTestId("saved")).toContainText("Đã tạo tài khoản Cán bộ thử nghiệm e2e");
    const row = page.getByRole("row").filter({ hasText: "e2e.user@demo.ansinh.vn" });
    await expect(row).toBeVisible();
    // Locking asks first, and is never offered on one's own row.
    await row.getByRole("button", { name: "Khoá" }).click();
    await expect(page.getByRole("dialog")).toContainText("Khoá tài khoản Cán bộ thử nghiệm e2e?");
    await page.getByRole("dialog").getByRole("button", { name: "Huỷ" }).click();
    await expect(page.getByRole("row").filter({ hasText: "admin@demo.ansinh.vn" }).getByRole("button", { name: "Khoá" })).toHaveCount(0);
    // /staff flags the same ended role, and opens the same one-step reassignment.
    await page.goto("/staff");
    await page.getByLabel("Tìm theo tên hoặc email").fill("e2e.user");
    const staffRow = page.getByRole("row").filter({ hasText: "e2e.user@demo.ansinh.vn" });
    await expect(staffRow.getByTestId("staff-ended")).toContainText("(913): đơn vị kết thúc ngày 30/06/2025");
    await staffRow.getByRole("button", { name: /Giao lại vai trò/ }).click();
    await expect(page.getByRole("dialog").getByTestId("ended-roles")).toContainText(/\(31012\), .*\(31027\)/);
    await page.getByRole("dialog").getByRole("button", { name: "Huỷ" }).click();
    await page.goto("/users");
    // District 913 ended in the 2025 reform: editing the new user's roles says so, names the
    // communes that took it over, and reassigns the role onto them in one step, saved on "Lưu".
    await row.getByRole("button", { name: "Sửa vai trò" }).click();
    const roles = page.getByRole("dialog");
    const ended = roles.getByTestId("ended-roles");
    await expect(ended).toContainText("Chỉ xem trên");
    await expect(ended).toContainText("(913): đơn vị kết thúc ngày 30/06/2025");
    await expect(ended).toContainText(/Các đơn vị tiếp nhận địa bàn: .*\(31012\), .*\(31027\)/);
    await ended.getByRole("button", { name: "Giao lại cho các đơn vị tiếp nhận" }).click();
    await expect(roles.getByLabel("Địa bàn", { exact: true })).toHaveCount(2);
    await roles.getByRole("button", { name: "Lưu" }).click();
    await expect(page.getByTestId("saved")).toContainText("Đã lưu vai trò của Cán bộ thử nghiệm e2e");
    await expect(row).toContainText("31012");
    await expect(row).toContainText("31027");
    await row.getByRole("button", { name: "Sửa vai trò" }).click();
    await expect(page.getByRole("dialog").getByLabel("Địa bàn", { exact: true })).toHaveCount(2);
    await expect(page.getByRole("dialog").getByTestId("ended-roles")).toHaveCount(0);
    await page.getByRole("dialog").getByRole("button", { name: "Huỷ" }).click();
    await page.getByRole("link", { name: "Nhật ký thao tác" }).click();
    await expect(page.getByRole("row").filter({ hasText: "e2e.user@demo.ansinh.vn" }).first()).toBeVisible();
  });
});
