/**
 * The contribution commands' messages (keys of `messageCatalogue` in `@ansinh/domain/validation`),
 * in a module of their own so that the contribution functions carry only these texts.
 */
import { defineMessage as t, type CatalogueEntry, type Path } from "../messages.js";

/** The amount fields' names, for the messages shared by them. */
function fieldName(path: Path): { vi: string; en: string } {
  const last = path[path.length - 1];
  return last === "monthlyIncome"
    ? { vi: "Thu nhập tháng", en: "The monthly income" }
    : last === "localSupportPerMonth"
      ? { vi: "Mức ngân sách địa phương hỗ trợ", en: "Local support" }
      : { vi: "Số tiền", en: "The amount" };
}

/** The `rates` argument that is not a list (each command's catalogue has it). */
const ratesMessage = /* @__NO_SIDE_EFFECTS__ */ () => t("Bảng thông số phải là một danh sách dòng", "rates must be a list of rate rows");

/** The voluntary contribution command's messages. */
export const voluntaryMessages = /* @__PURE__ */ (() =>
  ({
    money: t(
      (c) => `${fieldName(c.path).vi} phải là số nguyên đồng không âm`,
      (c) => `${fieldName(c.path).en} must be a whole number of đồng, 0 or more`,
    ),
    income: t("Thu nhập tháng phải là số nguyên đồng lớn hơn 0", "The monthly income must be a whole number of đồng above 0"),
    /** An amount that is a whole number but beyond what is computed exactly (`CONTRIBUTION.AMOUNT_TOO_LARGE`). */
    "amount.tooLarge": t(
      (c) => `${fieldName(c.path).vi} vượt quá số tiền lớn nhất được tính chính xác (9.007.199.254.740.991 đồng)`,
      (c) => `${fieldName(c.path).en} is beyond the largest amount computed exactly (9,007,199,254,740,991 đồng)`,
    ),
    supportGroup: t(
      "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other",
      "A support group is one of poor, near_poor, ethnic_minority, island, other",
    ),
    supportGroups: t(
      'Nhóm hỗ trợ phải là một danh sách (rỗng nếu không thuộc nhóm nào), ví dụ ["near_poor"]',
      'supportGroups must be a list (empty for none), e.g. ["near_poor"]',
    ),
    "supportGroups.tooMany": t("Quá nhiều nhóm hỗ trợ", "Too many support groups"),
    plan: t(
      'Phương thức đóng phải là { kind: "periodic", months } hoặc { kind: "advance", years, monthlyReturnRate }',
      'The payment plan must be { kind: "periodic", months } or { kind: "advance", years, monthlyReturnRate }',
    ),
    "plan.kind": t('Loại phương thức đóng phải là "periodic" hoặc "advance"', 'The plan kind must be "periodic" or "advance"'),
    "plan.months": t("Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng", "The payment period must be 1, 3, 6 or 12 months"),
    "plan.years": t("Đóng một lần cho nhiều năm về sau chỉ từ 2 đến 5 năm (số nguyên)", "An advance payment covers 2 to 5 whole years"),
    "plan.rate": t(
      // MAX_MONTHLY_RETURN_RATE
      "Lãi suất đầu tư bình quân tháng là số thập phân mỗi tháng, từ 0 đến 0,02 (0,005 = 0,5%/tháng; 0,02 = 2%/tháng)",
      "The monthly return rate is a decimal per month, from 0 to 0.02 (0.005 = 0.5% a month; 0.02 = 2% a month)",
    ),
    monthsUsed: t(
      // MAX_SUPPORTED_MONTHS_USED
      "Số tháng đã được hỗ trợ phải là số nguyên tháng từ 0 đến 1.200",
      "Months of support already used must be a whole number of months from 0 to 1,200",
    ),
    rates: ratesMessage(),
  }) satisfies Record<string, CatalogueEntry>)();

/** The household health-insurance command's messages. */
export const householdMessages = /* @__PURE__ */ (() =>
  ({
    "household.months": t("BHYT hộ gia đình đóng theo kỳ 3, 6 hoặc 12 tháng", "Household health insurance is paid for 3, 6 or 12 months"),
    // MAX_HOUSEHOLD_MEMBERS
    "household.members": t(
      "Thành viên là số người (số nguyên từ 1 đến 1000) hoặc danh sách từ 1 đến 1000 thành viên { rank }",
      "Members are a count (a whole number from 1 to 1000) or a list of 1 to 1000 members { rank }",
    ),
    "household.member": t("Mỗi thành viên là một đối tượng { rank, stateSupported?, id? }", "Each member is an object { rank, stateSupported?, id? }"),
    "household.rank": t("Thứ tự thành viên phải là số nguyên từ 1", "A member's rank must be a whole number from 1"),
    "household.duplicateRank": t("Hai thành viên cùng thứ tự", "Two members have the same rank"),
    "household.id": t("Mã thành viên phải là chuỗi", "A member's id must be a string"),
    "household.duplicateId": t(
      "Mã thành viên đã có ở một thành viên khác: một người chỉ được tính một lần",
      "Another member has the same id: a person is counted once",
    ),
    rates: ratesMessage(),
  }) satisfies Record<string, CatalogueEntry>)();

/** Every message key of the contribution commands (for `messageCatalogue`). */
export const contributionMessages = /* @__PURE__ */ (() => ({ ...voluntaryMessages, ...householdMessages }))();
