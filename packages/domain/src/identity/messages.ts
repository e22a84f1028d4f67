/** The identity module's messages (keys of `messageCatalogue`). */
import { defineMessage as t, type CatalogueEntry } from "../messages.js";

export const identityMessages = /* @__PURE__ */ (() =>
  ({
    "personalId.format": t("Số định danh cá nhân phải là chuỗi 12 chữ số", "A personal ID is a string of 12 digits"),
    gender: t("Giới tính: male hoặc female", "Gender: male or female"),
    "socialInsuranceNumber.format": t("Mã số BHXH phải gồm đúng 10 chữ số", "A social-insurance number is exactly 10 digits"),
  }) satisfies Record<string, CatalogueEntry>)();
