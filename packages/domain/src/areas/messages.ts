/** The areas module's messages (keys of `messageCatalogue`). */
import { defineMessage as t, type CatalogueEntry } from "../messages.js";

export const areaMessages = /* @__PURE__ */ (() =>
  ({
    "area.code": t("Mã đơn vị gồm 2–5 chữ số", "A unit code is 2–5 digits"),
    "area.name": t("Thiếu tên đơn vị", "The unit name is missing"),
    "area.row": t(
      "Mỗi đơn vị là một đối tượng { code, name, level, unitType, parentCode, validFrom, validTo }",
      "Each unit is an object { code, name, level, unitType, parentCode, validFrom, validTo }",
    ),
    "area.level": t("Cấp phải là country, province, district hoặc commune", "The level is one of country, province, district, commune"),
    "area.unitType": t("Loại đơn vị phải là chuỗi", "The unit type must be a string"),
    "area.parentCode": t("Mã đơn vị cấp trên gồm 2–5 chữ số, hoặc null với tỉnh", "The parent code is 2–5 digits, or null for a province"),
    "area.validTo": t(
      "Ngày hết hiệu lực là một ngày YYYY-MM-DD không trước ngày bắt đầu, hoặc null",
      "validTo is a date YYYY-MM-DD not before validFrom, or null",
    ),
  }) satisfies Record<string, CatalogueEntry>)();
