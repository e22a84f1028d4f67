/**
 * When each code is used, with a typical message in each language: the source of the README's
 * error catalogue (test/docs.test.ts renders it and checks that the README shows it, and that
 * every code of `domainErrorCodes` is here and nothing else).
 */
import type { DomainErrorCode } from "../src/errors.js";

export interface CatalogueRow {
  when: string;
  vi: string;
  en: string;
}

export const errorCatalogue: Record<DomainErrorCode, CatalogueRow> = {
  "RATES.INVALID_DATE": { when: "`ratesOn` got something that is not a real `YYYY-MM-DD` day", vi: "Ngày phải là chuỗi dạng YYYY-MM-DD … (nhận được: …)", en: "A date must be a string YYYY-MM-DD … (got …)" },
  "RATES.NOT_IN_FORCE": { when: "a needed figure has no row on that date (before 2016-01-01 in `defaultRates`)", vi: "Bảng thông số không có \"baseSalary\" có hiệu lực ngày …", en: "The rates table has no \"baseSalary\" in force on …" },
  "RATES.INVALID_ROW": { when: "the row in force is malformed (one issue per problem, path `rates.<index>.value…`); also `rates` passed to a `withRates` function", vi: "Dòng \"…\" từ … không hợp lệ: …", en: "The \"…\" row from … is invalid: …" },

  "CONTRIBUTION.INVALID_INPUT": { when: "the input is not an object, or has an unknown (misspelt) key", vi: "Trường không được biết; có phải \"supportGroups\"?", en: "Unknown key; did you mean \"supportGroups\"?" },
  "CONTRIBUTION.INVALID_DATE": { when: "`paymentDate` or `previousCardEnd` is not a real `YYYY-MM-DD` day (a `Date` object included)", vi: "Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900 (nhận được: …)", en: "A date must be a string YYYY-MM-DD naming a real day from 1900 on (got …)" },
  "CONTRIBUTION.INVALID_PLAN": { when: "`plan` is missing, not an object, or of an unknown `kind`", vi: "Phương thức đóng phải là { kind: \"periodic\", months } hoặc …", en: "The payment plan must be { kind: \"periodic\", months } or …" },
  "CONTRIBUTION.INVALID_PLAN_MONTHS": { when: "a periodic plan's `months` is not 1, 3, 6 or 12", vi: "Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng (nhận được: …)", en: "The payment period must be 1, 3, 6 or 12 months (got …)" },
  "CONTRIBUTION.INVALID_ADVANCE_YEARS": { when: "an advance plan's `years` is not a whole number from 2 to 5", vi: "Đóng một lần cho nhiều năm về sau chỉ từ 2 đến 5 năm (số nguyên) …", en: "An advance payment covers 2 to 5 whole years …" },
  "CONTRIBUTION.INVALID_RETURN_RATE": { when: "`monthlyReturnRate` is not a decimal from 0 to below 1", vi: "Lãi suất đầu tư bình quân tháng phải là số thập phân từ 0 đến dưới 1 …", en: "The monthly return rate must be a decimal from 0 to below 1 …" },
  "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP": { when: "`supportGroups` is missing, not a list, or names an unknown group", vi: "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other …", en: "A support group is one of poor, near_poor, ethnic_minority, island, other …" },
  "CONTRIBUTION.INCOME_NOT_INTEGER": { when: "`monthlyIncome` is missing, not a number, or not a whole number of đồng above 0", vi: "Thu nhập tháng phải là số nguyên đồng lớn hơn 0 (nhận được: chuỗi \"3000000\")", en: "The monthly income must be a whole number of đồng above 0 (got a string \"3000000\")" },
  "CONTRIBUTION.INCOME_BELOW_FLOOR": { when: "the income is below the floor in force on the payment date (path `monthlyIncome`)", vi: "Thu nhập tháng 1.000.000 đ thấp hơn mức tối thiểu 1.500.000 đ …", en: "The monthly income 1,000,000 VND is below the floor of 1,500,000 VND …" },
  "CONTRIBUTION.INCOME_ABOVE_CEILING": { when: "the income is above the ceiling in force on the payment date (path `monthlyIncome`)", vi: "Thu nhập tháng … cao hơn mức tối đa …", en: "The monthly income … is above the ceiling of …" },
  "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED": { when: "`supportedMonthsUsed` is not a whole number ≥ 0", vi: "Số tháng đã được hỗ trợ phải là số nguyên không âm …", en: "Months of support already used must be a whole number ≥ 0 …" },
  "CONTRIBUTION.INVALID_LOCAL_SUPPORT": { when: "`localSupportPerMonth` is not a whole number of đồng ≥ 0", vi: "Mức địa phương hỗ trợ phải là số nguyên đồng không âm …", en: "Local support must be a whole number of đồng, 0 or more …" },
  "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS": { when: "household `months` is not 3, 6 or 12", vi: "BHYT hộ gia đình đóng theo kỳ 3, 6 hoặc 12 tháng …", en: "Household health insurance is paid for 3, 6 or 12 months …" },
  "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS": { when: "`members` is not a count from 1 to 1,000 nor a list of 1 to 1,000 `{ rank }`", vi: "Thành viên là số người (số nguyên từ 1 đến 1000) hoặc danh sách …", en: "Members are a count (a whole number from 1 to 1000) or a list …" },
  "CONTRIBUTION.DUPLICATE_MEMBER_RANK": { when: "two members of the list have the same `rank`", vi: "Hai thành viên cùng thứ tự", en: "Two members have the same rank" },
  "CONTRIBUTION.AMOUNT_TOO_LARGE": { when: "a total would leave the safe-integer range (only with a caller's extreme table)", vi: "Số tiền … vượt quá giới hạn tính toán", en: "The amount … is beyond the safe integer range" },

  "ELIGIBILITY.INVALID_INPUT": { when: "the input is not an object, has an unknown key, or a flag that is not true/false", vi: "Trường không được biết …", en: "Unknown key …" },
  "ELIGIBILITY.INVALID_DATE": { when: "`birthDate` or `onDate` is not a real `YYYY-MM-DD` day", vi: "Ngày phải là chuỗi dạng YYYY-MM-DD …", en: "A date must be a string YYYY-MM-DD …" },
  "ELIGIBILITY.UNKNOWN_SCHEME": { when: "`scheme` is neither scheme", vi: "Chương trình phải là voluntary_social_insurance … hoặc household_health_insurance …", en: "The scheme must be voluntary_social_insurance or household_health_insurance" },
  "ELIGIBILITY.BIRTH_AFTER_DATE": { when: "`birthDate` is after `onDate`", vi: "Ngày sinh sau ngày tham gia", en: "The birth date is after the start date" },
  "ELIGIBILITY.UNDER_15": { when: "reason (not thrown): not 15 by the start month", vi: "Chưa đủ 15 tuổi trong tháng bắt đầu tham gia …", en: "Not 15 by the start month …" },
  "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN": { when: "reason (not thrown): `vietnameseCitizen: false`", vi: "BHXH tự nguyện chỉ dành cho công dân Việt Nam", en: "Voluntary social insurance is for Vietnamese citizens only" },
  "ELIGIBILITY.IN_COMPULSORY_INSURANCE": { when: "reason (not thrown): `inCompulsorySocialInsurance: true`", vi: "Đang tham gia BHXH bắt buộc", en: "Already in compulsory social insurance" },
  "ELIGIBILITY.ALREADY_ACTIVE": { when: "reason (not thrown): `activeInScheme: true`", vi: "Đang tham gia BHYT hộ gia đình", en: "Already active in household health insurance" },
  "ELIGIBILITY.DRAWING_PENSION": { when: "reason (not thrown): `drawingPension: true`", vi: "Đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng", en: "Already drawing a pension or a monthly social-insurance allowance" },
  "ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP": { when: "reason (not thrown): `insuredThroughOtherGroup: true`", vi: "Đã có BHYT theo nhóm đối tượng khác", en: "Already health-insured through another group" },
  "ELIGIBILITY.CHILD_UNDER_6": { when: "reason (not thrown): household health insurance for a child under 6", vi: "Trẻ em dưới 6 tuổi được ngân sách nhà nước đóng BHYT, …", en: "Children under 6 are insured by the state budget, …" },

  "IDENTITY.INVALID_INPUT": { when: "`checkPersonalId`'s declared data has an unknown key or is not an object", vi: "Trường không được biết …", en: "Unknown key …" },
  "IDENTITY.MALFORMED": { when: "a personal ID is not 12 digits (thrown by `parsePersonalId`; a problem in `checkPersonalId`)", vi: "Số định danh cá nhân phải gồm đúng 12 chữ số …", en: "A personal identification number is exactly 12 digits …" },
  "IDENTITY.UNKNOWN_PROVINCE": { when: "digits 1–3 are not one of the 63 pre-2025 province codes", vi: "Mã tỉnh nơi đăng ký khai sinh \"003\" không có trong danh sách 63 tỉnh, thành phố (trước 2025)", en: "Province code \"003\" is not one of the 63 pre-2025 provinces" },
  "IDENTITY.INVALID_CENTURY_DIGIT": { when: "digit 4 (century and gender) is above 5", vi: "Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5 (nhận được: 6)", en: "Digit 4 (century and gender) must be 0 to 5 (got 6)" },
  "IDENTITY.CENTURY_MISMATCH": { when: "problem: digit 4's century disagrees with the declared birth date", vi: "Chữ số thứ 4 cho biết sinh trong thế kỷ 1900–1999, nhưng ngày sinh khai là …", en: "Digit 4 says born in 1900–1999, but the declared birth date is …" },
  "IDENTITY.BIRTH_YEAR_MISMATCH": { when: "problem: digits 5–6 disagree with the declared birth year", vi: "Chữ số thứ 5–6 cho biết năm sinh …95, nhưng năm sinh khai là 1996", en: "Digits 5–6 say a birth year ending in 95, but the declared birth year is 1996" },
  "IDENTITY.GENDER_MISMATCH": { when: "problem: digit 4's gender disagrees with the declared gender", vi: "Chữ số thứ 4 cho biết giới tính nữ, nhưng giới tính khai là nam", en: "Digit 4 says female, but the declared gender is male" },
  "IDENTITY.INVALID_BIRTH_DATE": { when: "the declared `birthDate` is not a real `YYYY-MM-DD` day", vi: "Ngày phải là chuỗi dạng YYYY-MM-DD …", en: "A date must be a string YYYY-MM-DD …" },
  "IDENTITY.INVALID_GENDER": { when: "the declared `gender` is not `male` or `female`", vi: "Giới tính: male hoặc female …", en: "Gender: male or female …" },
  "IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED": { when: "problem: a social-insurance number is not exactly 10 digits", vi: "Mã số BHXH phải gồm đúng 10 chữ số (nhận được: …)", en: "A social-insurance number is exactly 10 digits (got …)" },

  "AREAS.INVALID_INPUT": { when: "rows, mappings, figures or a split rule fail their schema", vi: "Mã đơn vị gồm 2–5 chữ số …", en: "A unit code is 2–5 digits …" },
  "AREAS.NOT_FOUND": { when: "a code is not in the tree", vi: "Không có đơn vị mã 99 vào ngày 2021-01-01", en: "No unit with code 99 on 2021-01-01" },
  "AREAS.CYCLE": { when: "parent links loop", vi: "Quan hệ cấp trên của đơn vị 913 tạo thành vòng lặp", en: "The parents of unit 913 form a cycle" },
  "AREAS.DUPLICATE_CODE": { when: "two rows of one code are in force on the same day", vi: "Mã đơn vị 91 có hai bản ghi cùng hiệu lực ngày …", en: "Unit code 91 has two rows in force on …" },
  "AREAS.MAPPING_INVALID": { when: "a mapping row is malformed", vi: "Dòng ánh xạ thiếu mã đơn vị cũ hoặc mới", en: "A mapping row lacks the old or the new unit code" },
  "AREAS.SPLIT_RULE_REQUIRED": { when: "a unit is split and no `split` rule was given", vi: "Cần nêu cách chia số liệu của đơn vị bị tách (đều, theo dân số, theo trọng số)", en: "State how to share the figures of split units (equal, by population, by weights)" },
  "AREAS.SPLIT_WEIGHT_MISSING": { when: "a weight or population of a receiver is missing", vi: "Thiếu dân số để chia số liệu của đơn vị … cho đơn vị …", en: "No population to share the figures of unit … with unit …" },
  "AREAS.SPLIT_WEIGHT_ZERO": { when: "the weights of a split unit sum to 0", vi: "Các dân số dùng để chia số liệu của đơn vị … đều bằng 0", en: "Every population used to share the figures of unit … is 0" },

  "TARGETS.INVALID_INPUT": { when: "a progress, milestone or allocation input fails its schema", vi: "Ngày kết thúc trước ngày bắt đầu", en: "The period ends before it starts" },
  "TARGETS.CURVE_EMPTY": { when: "the curve weighs 0 over the whole period", vi: "Đường cong tiến độ có trọng số 0 cho cả kỳ …", en: "The progress curve weighs 0 over the whole period …" },
  "TARGETS.ALLOCATION_INFEASIBLE": { when: "locked values or minimums cannot fit the total (`details.reason`)", vi: "Tổng các giá trị khoá (…) vượt tổng chỉ tiêu …", en: "The locked values (…) exceed the total …" },

  "COVERAGE.INVALID_INPUT": { when: "figures are negative or the target is outside 0–100%", vi: "Chỉ tiêu bao phủ phải từ 0 đến 100% (nhận được: …)", en: "The coverage target must be between 0 and 100% (got …)" },
  "OUTREACH.INVALID_INPUT": { when: "attendances or enrolments are not non-negative integers, or a scheme is unknown", vi: "Giá trị phải là số nguyên không âm …", en: "The value must be a non-negative integer …" },
};
