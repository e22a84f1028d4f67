/** The rates table's messages (keys of `messageCatalogue`), kept with the module that checks rows. */
import { defineMessage as t, type CatalogueEntry } from "../messages.js";

export const rateMessages = /* @__PURE__ */ (() =>
  ({
    "rates.money": t("Số tiền phải là số nguyên đồng không âm", "An amount must be a whole number of đồng, 0 or more"),
    "rates.positiveMoney": t("Số tiền phải là số nguyên đồng lớn hơn 0", "An amount must be a whole number of đồng above 0"),
    "rates.bp": t("Tỷ lệ tính bằng phần vạn nguyên từ 0 đến 10000 (2200 = 22%)", "A rate is whole basis points from 0 to 10000 (2200 = 22%)"),
    "rates.multiple": t("Hệ số phải là số nguyên từ 1 trở lên", "A multiple must be a whole number of at least 1"),
    // MAX_SUPPORT_CAP_MONTHS
    "rates.months": t("Số tháng phải là số nguyên tháng từ 0 đến 1.200", "Months must be a whole number of months from 0 to 1,200"),
    // MAX_MEMBER_FACTORS
    "rates.factors": t("Cần từ 1 đến 1000 hệ số", "1 to 1000 factors are needed"),
    "rates.source": t("Mỗi dòng phải ghi nguồn pháp lý", "Every row needs its legal source"),
    "rates.key": t("Loại thông số không hợp lệ", "Unknown rate key"),
    "rates.note": t("Ghi chú phải là chuỗi", "A note must be a string"),
    "rates.row": t("Mỗi dòng là một đối tượng { key, from, value, source }", "Each row is an object { key, from, value, source }"),
    "rates.localSupport": t(
      "Mức hỗ trợ của địa phương là { amount } (đồng/tháng) hoặc { rateBp } (phần vạn)",
      "A local support rule is { amount } (đồng a month) or { rateBp } (basis points)",
    ),
    "rates.supportGroup": t(
      "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other",
      "A support group is one of poor, near_poor, ethnic_minority, island, other",
    ),
    "rates.stateSupport": t(
      "Mức hỗ trợ của nhà nước là { poor, near_poor, ethnic_minority, island, other } (phần vạn)",
      "State support is { poor, near_poor, ethnic_minority, island, other } (basis points)",
    ),
  }) satisfies Record<string, CatalogueEntry>)();
