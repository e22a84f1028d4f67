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
  "DATES.INVALID_DATE": {
    when: "`parseIsoDate` got something that is not a real `YYYY-MM-DD` day from 1900 on",
    vi: 'Ngày phải là chuỗi dạng YYYY-MM-DD … (nhận được: chuỗi "01/07/2025"); ngày viết kiểu ngày/tháng/năm hãy đọc bằng parseDisplayDate',
    en: 'A date must be a string YYYY-MM-DD … (got a string "01/07/2025"); read a day-first date with parseDisplayDate',
  },

  "RATES.INVALID_DATE": {
    when: "`ratesOn` got something that is not a real `YYYY-MM-DD` day",
    vi: "Ngày phải là chuỗi dạng YYYY-MM-DD … (nhận được: …)",
    en: "A date must be a string YYYY-MM-DD … (got …)",
  },
  "RATES.NOT_IN_FORCE": {
    when: "a needed figure has no row on that date (before 2016-01-01 in `defaultRates`)",
    vi: 'Bảng thông số không có "baseSalary" có hiệu lực ngày …',
    en: 'The rates table has no "baseSalary" in force on …',
  },
  "RATES.INVALID_ROW": {
    when: "a row of the table is malformed: any row, checked once per table by every function that takes one (one issue per problem, path `rates.<index>.<field>…`); also a table that is not a list, or `rates` passed to a `withRates` function",
    vi: 'rates[25] ("ruralPovertyLin" từ 2025-07-01) key: Loại thông số không có (nhận được: chuỗi "ruralPovertyLin"); có phải "ruralPovertyLine"?',
    en: 'rates[25] ("ruralPovertyLin" from 2025-07-01) key: Unknown rate key (got a string "ruralPovertyLin"); did you mean "ruralPovertyLine"?',
  },
  "RATES.INVALID_INPUT": {
    when: "`rateRowOn` got a key that is not a rate key",
    vi: "Cần một loại thông số (…) (nhận được: …)",
    en: "Expected a rate key (…) (got …)",
  },

  "CONTRIBUTION.INVALID_INPUT": {
    when: "the input is not an object, or has an unknown (misspelt) key",
    vi: 'Trường không được biết; có phải "supportGroups"?',
    en: 'Unknown key; did you mean "supportGroups"?',
  },
  "CONTRIBUTION.INVALID_DATE": {
    when: "`paymentDate` or `previousCardEnd` is not a real `YYYY-MM-DD` day (a `Date` object included)",
    vi: "Ngày phải là chuỗi dạng YYYY-MM-DD, một ngày có thật từ năm 1900 (nhận được: …)",
    en: "A date must be a string YYYY-MM-DD naming a real day from 1900 on (got …)",
  },
  "CONTRIBUTION.INVALID_PLAN": {
    when: "`plan` is missing, not an object, or of an unknown `kind`",
    vi: 'Phương thức đóng phải là { kind: "periodic", months } hoặc …',
    en: 'The payment plan must be { kind: "periodic", months } or …',
  },
  "CONTRIBUTION.INVALID_PLAN_MONTHS": {
    when: "a periodic plan's `months` is not 1, 3, 6 or 12",
    vi: "Phương thức đóng chỉ có thể là 1, 3, 6 hoặc 12 tháng (nhận được: …)",
    en: "The payment period must be 1, 3, 6 or 12 months (got …)",
  },
  "CONTRIBUTION.INVALID_ADVANCE_YEARS": {
    when: "an advance plan's `years` is not a whole number from 2 to 5",
    vi: "Đóng một lần cho nhiều năm về sau chỉ từ 2 đến 5 năm (số nguyên) …",
    en: "An advance payment covers 2 to 5 whole years …",
  },
  "CONTRIBUTION.INVALID_RETURN_RATE": {
    when: "`monthlyReturnRate` is not a decimal per month from 0 to `MAX_MONTHLY_RETURN_RATE` (0.02 = 2% a month)",
    vi: "Lãi suất đầu tư bình quân tháng là số thập phân mỗi tháng, từ 0 đến 0,02 (0,005 = 0,5%/tháng; 0,02 = 2%/tháng) (nhận được: số 0.5)",
    en: "The monthly return rate is a decimal per month, from 0 to 0.02 (0.005 = 0.5% a month; 0.02 = 2% a month) (got the number 0.5)",
  },
  "CONTRIBUTION.UNKNOWN_SUPPORT_GROUP": {
    when: "`supportGroups` is missing, not a list, or names an unknown group",
    vi: "Nhóm hỗ trợ phải là poor, near_poor, ethnic_minority, island hoặc other …",
    en: "A support group is one of poor, near_poor, ethnic_minority, island, other …",
  },
  "CONTRIBUTION.INCOME_NOT_INTEGER": {
    when: "`monthlyIncome` is missing, not a number, or not a whole number (a whole number ≤ 0 is `INCOME_BELOW_FLOOR`, one beyond the safe range `AMOUNT_TOO_LARGE`)",
    vi: 'Thu nhập tháng phải là số nguyên đồng lớn hơn 0 (nhận được: chuỗi "3000000")',
    en: 'The monthly income must be a whole number of đồng above 0 (got a string "3000000")',
  },
  "CONTRIBUTION.INCOME_BELOW_FLOOR": {
    when: "the income is below the floor in force on the payment date, or 0 or less (path `monthlyIncome`)",
    vi: "Thu nhập tháng 1.000.000 đ thấp hơn mức tối thiểu 1.500.000 đ …",
    en: "The monthly income 1,000,000 VND is below the floor of 1,500,000 VND …",
  },
  "CONTRIBUTION.INCOME_ABOVE_CEILING": {
    when: "the income is above the ceiling in force on the payment date (path `monthlyIncome`)",
    vi: "Thu nhập tháng … cao hơn mức tối đa …",
    en: "The monthly income … is above the ceiling of …",
  },
  "CONTRIBUTION.INVALID_SUPPORTED_MONTHS_USED": {
    when: "`supportedMonthsUsed` is not a whole number of months from 0 to 1,200",
    vi: "Số tháng đã được hỗ trợ phải là số nguyên tháng từ 0 đến 1.200 …",
    en: "Months of support already used must be a whole number of months from 0 to 1,200 …",
  },
  "CONTRIBUTION.INVALID_LOCAL_SUPPORT": {
    when: "`localSupportPerMonth` is not a whole number of đồng ≥ 0",
    vi: "Mức ngân sách địa phương hỗ trợ phải là số nguyên đồng không âm …",
    en: "Local support must be a whole number of đồng, 0 or more …",
  },
  "CONTRIBUTION.INVALID_HOUSEHOLD_MONTHS": {
    when: "household `months` is not 3, 6 or 12",
    vi: "BHYT hộ gia đình đóng theo kỳ 3, 6 hoặc 12 tháng …",
    en: "Household health insurance is paid for 3, 6 or 12 months …",
  },
  "CONTRIBUTION.INVALID_HOUSEHOLD_MEMBERS": {
    when: "`members` is not a count from 1 to 1,000 nor a list of 1 to 1,000 `{ rank }`",
    vi: "Thành viên là số người (số nguyên từ 1 đến 1000) hoặc danh sách …",
    en: "Members are a count (a whole number from 1 to 1000) or a list …",
  },
  "CONTRIBUTION.DUPLICATE_MEMBER_RANK": {
    when: "two members of the list have the same `rank`",
    vi: "Hai thành viên cùng thứ tự",
    en: "Two members have the same rank",
  },
  "CONTRIBUTION.AMOUNT_TOO_LARGE": {
    when: "an amount given (`monthlyIncome`, `localSupportPerMonth`) is a whole number beyond 9,007,199,254,740,991, or a total would leave that range (only with a caller's extreme table)",
    vi: "Thu nhập tháng vượt quá số tiền lớn nhất được tính chính xác (9.007.199.254.740.991 đồng) (nhận được: số 100000000000000000000)",
    en: "The monthly income is beyond the largest amount computed exactly (9,007,199,254,740,991 đồng) (got the number 100000000000000000000)",
  },
  "CONTRIBUTION.DUPLICATE_MEMBER_ID": {
    when: "two members of the list have the same `id` (the same person would be charged twice)",
    vi: 'Mã thành viên đã có ở một thành viên khác: một người chỉ được tính một lần (nhận được: chuỗi "a")',
    en: 'Another member has the same id: a person is counted once (got a string "a")',
  },

  "ELIGIBILITY.INVALID_INPUT": {
    when: "the input is not an object, has an unknown key, or a flag that is not true/false",
    vi: "Trường không được biết …",
    en: "Unknown key …",
  },
  "ELIGIBILITY.INVALID_DATE": {
    when: "`birthDate` or `onDate` is not a real `YYYY-MM-DD` day",
    vi: "Ngày phải là chuỗi dạng YYYY-MM-DD …",
    en: "A date must be a string YYYY-MM-DD …",
  },
  "ELIGIBILITY.UNKNOWN_SCHEME": {
    when: "`scheme` is neither scheme",
    vi: "Chương trình phải là voluntary_social_insurance … hoặc household_health_insurance …",
    en: "The scheme must be voluntary_social_insurance or household_health_insurance",
  },
  "ELIGIBILITY.BIRTH_AFTER_DATE": { when: "`birthDate` is after `onDate`", vi: "Ngày sinh sau ngày tham gia", en: "The birth date is after the start date" },
  "ELIGIBILITY.UNDER_15": {
    when: "reason (not thrown): not 15 by the start month",
    vi: "Chưa đủ 15 tuổi trong tháng bắt đầu tham gia …",
    en: "Not 15 by the start month …",
  },
  "ELIGIBILITY.NOT_VIETNAMESE_CITIZEN": {
    when: "reason (not thrown): `vietnameseCitizen: false`",
    vi: "BHXH tự nguyện chỉ dành cho công dân Việt Nam",
    en: "Voluntary social insurance is for Vietnamese citizens only",
  },
  "ELIGIBILITY.IN_COMPULSORY_INSURANCE": {
    when: "reason (not thrown): `inCompulsorySocialInsurance: true`",
    vi: "Đang tham gia BHXH bắt buộc",
    en: "Already in compulsory social insurance",
  },
  "ELIGIBILITY.ALREADY_ACTIVE": {
    when: "reason (not thrown): `activeInScheme: true`",
    vi: "Đang tham gia BHYT hộ gia đình",
    en: "Already active in household health insurance",
  },
  "ELIGIBILITY.DRAWING_PENSION": {
    when: "reason (not thrown): `drawingPension: true`",
    vi: "Đang hưởng lương hưu hoặc trợ cấp BHXH hằng tháng",
    en: "Already drawing a pension or a monthly social-insurance allowance",
  },
  "ELIGIBILITY.INSURED_THROUGH_OTHER_GROUP": {
    when: "reason (not thrown): `insuredThroughOtherGroup: true`",
    vi: "Đã có BHYT theo nhóm đối tượng khác",
    en: "Already health-insured through another group",
  },
  "ELIGIBILITY.CHILD_UNDER_6": {
    when: "reason (not thrown): household health insurance for a child under 6",
    vi: "Trẻ em dưới 6 tuổi được ngân sách nhà nước đóng BHYT, …",
    en: "Children under 6 are insured by the state budget, …",
  },

  "IDENTITY.INVALID_INPUT": {
    when: "`checkPersonalId`'s declared data has an unknown key or is not an object",
    vi: "Trường không được biết …",
    en: "Unknown key …",
  },
  "IDENTITY.MALFORMED": {
    when: "a personal ID is not 12 digits (thrown by `parsePersonalId`; a problem in `checkPersonalId`)",
    vi: "Số định danh cá nhân là chuỗi đúng 12 chữ số (nhận được: null)",
    en: "A personal identification number is a string of exactly 12 digits (got null)",
  },
  "IDENTITY.UNKNOWN_PROVINCE": {
    when: "digits 1–3 are not one of the 63 pre-2025 province codes",
    vi: 'Mã tỉnh nơi đăng ký khai sinh "003" không có trong danh sách 63 tỉnh, thành phố (trước 2025)',
    en: 'Province code "003" is not one of the 63 pre-2025 provinces',
  },
  "IDENTITY.INVALID_CENTURY_DIGIT": {
    when: "digit 4 (century and gender) is above 5",
    vi: "Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5 (nhận được: 6)",
    en: "Digit 4 (century and gender) must be 0 to 5 (got 6)",
  },
  "IDENTITY.CENTURY_MISMATCH": {
    when: "problem: digit 4's century disagrees with the declared birth date",
    vi: "Chữ số thứ 4 cho biết sinh trong thế kỷ 1900–1999, nhưng ngày sinh khai là …",
    en: "Digit 4 says born in 1900–1999, but the declared birth date is …",
  },
  "IDENTITY.BIRTH_YEAR_MISMATCH": {
    when: "problem: digits 5–6 disagree with the declared birth year",
    vi: "Chữ số thứ 5–6 cho biết năm sinh …95, nhưng năm sinh khai là 1996",
    en: "Digits 5–6 say a birth year ending in 95, but the declared birth year is 1996",
  },
  "IDENTITY.GENDER_MISMATCH": {
    when: "problem: digit 4's gender disagrees with the declared gender",
    vi: "Chữ số thứ 4 cho biết giới tính nữ, nhưng giới tính khai là nam",
    en: "Digit 4 says female, but the declared gender is male",
  },
  "IDENTITY.INVALID_BIRTH_DATE": {
    when: "the declared `birthDate` is not a real `YYYY-MM-DD` day",
    vi: "Cần một ngày có thật YYYY-MM-DD từ năm 1900 (nhận được: …)",
    en: "Expected a real day YYYY-MM-DD from 1900 on (got …)",
  },
  "IDENTITY.INVALID_GENDER": {
    when: "the declared `gender` is not `male` or `female`",
    vi: "Cần male hoặc female (nhận được: …)",
    en: "Expected male or female (got …)",
  },
  "IDENTITY.SOCIAL_INSURANCE_NUMBER_MALFORMED": {
    when: "problem: a social-insurance number is not exactly 10 digits",
    vi: "Mã số BHXH là chuỗi đúng 10 chữ số (nhận được: số 7912345678)",
    en: "A social-insurance number is a string of exactly 10 digits (got the number 7912345678)",
  },

  "AREAS.INVALID_INPUT": {
    when: "rows, mappings, figures or a split rule fail their schema",
    vi: "Mã đơn vị gồm 2–5 chữ số …",
    en: "A unit code is 2–5 digits …",
  },
  "AREAS.NOT_FOUND": { when: "a code is not in the tree", vi: "Không có đơn vị mã 99 vào ngày 2021-01-01", en: "No unit with code 99 on 2021-01-01" },
  "AREAS.CYCLE": { when: "parent links loop", vi: "Quan hệ cấp trên của đơn vị 913 tạo thành vòng lặp", en: "The parents of unit 913 form a cycle" },
  "AREAS.DUPLICATE_CODE": {
    when: "two rows of one code are in force on the same day",
    vi: "Mã đơn vị 91 có hai bản ghi cùng hiệu lực ngày …",
    en: "Unit code 91 has two rows in force on …",
  },
  "AREAS.MAPPING_INVALID": {
    when: "a mapping row is malformed",
    vi: "Dòng ánh xạ thiếu mã đơn vị cũ hoặc mới",
    en: "A mapping row lacks the old or the new unit code",
  },
  "AREAS.SPLIT_RULE_REQUIRED": {
    when: "a unit is split and no `split` rule was given",
    vi: "Cần nêu cách chia số liệu của đơn vị bị tách (đều, theo dân số, theo trọng số)",
    en: "State how to share the figures of split units (equal, by population, by weights)",
  },
  "AREAS.SPLIT_WEIGHT_MISSING": {
    when: "a weight or population of a receiver is missing",
    vi: "Thiếu dân số để chia số liệu của đơn vị … cho đơn vị …",
    en: "No population to share the figures of unit … with unit …",
  },
  "AREAS.SPLIT_WEIGHT_ZERO": {
    when: "the weights of a split unit sum to 0",
    vi: "Các dân số dùng để chia số liệu của đơn vị … đều bằng 0",
    en: "Every population used to share the figures of unit … is 0",
  },

  "TARGETS.INVALID_INPUT": {
    when: "a progress, milestone or allocation input fails its schema",
    vi: "Ngày kết thúc trước ngày bắt đầu",
    en: "The period ends before it starts",
  },
  "TARGETS.CURVE_EMPTY": {
    when: "the curve weighs 0 over the whole period",
    vi: "Đường cong tiến độ có trọng số 0 cho cả kỳ …",
    en: "The progress curve weighs 0 over the whole period …",
  },
  "TARGETS.ALLOCATION_INFEASIBLE": {
    when: "locked values or minimums cannot fit the total (`details.reason`)",
    vi: "Tổng các giá trị khoá (…) vượt tổng chỉ tiêu …",
    en: "The locked values (…) exceed the total …",
  },
  "TARGETS.WEIGHTS_MISSING": {
    when: "a child lacks the figure the allocation basis needs (`details.missing`)",
    vi: "Chưa có số liệu dân số của: …",
    en: "No population figure for: …",
  },

  "COVERAGE.INVALID_INPUT": {
    when: "figures are negative or the target is outside 0–100%",
    vi: "Chỉ tiêu bao phủ phải từ 0 đến 100% (nhận được: …)",
    en: "The coverage target must be between 0 and 100% (got …)",
  },
  "COVERAGE.FIGURE_COLUMN_MISSING": {
    when: "problem of a figures file's header: a required column is not found (`locateFigureColumns`)",
    vi: 'Thiếu cột "Mã đơn vị"',
    en: 'The column "Unit code" is missing',
  },
  "COVERAGE.FIGURE_COLUMN_REPEATED": {
    when: "problem of a figures file's header: two columns name the same field",
    vi: 'Cột "Năm" xuất hiện hai lần',
    en: 'The column "Year" appears twice',
  },
  "COVERAGE.FIGURE_REQUIRED": {
    when: "problem of a figures row (`checkFigureRow`): a required cell is empty",
    vi: 'Thiếu "Dân số"',
    en: '"Population" is missing',
  },
  "COVERAGE.FIGURE_CODE_INVALID": {
    when: "problem of a figures row: the unit code is not 2–5 digits (a lost leading zero gets a hint)",
    vi: 'Mã đơn vị gồm 2–5 chữ số, giữ cả số 0 ở đầu (nhận được: "1") …',
    en: 'A unit code is 2–5 digits, leading zeros kept (got "1") …',
  },
  "COVERAGE.FIGURE_YEAR_INVALID": {
    when: "problem of a population row: the year is not 1990–2100",
    vi: 'Năm phải từ 1990 đến 2100 (nhận được: "20")',
    en: 'The year must be from 1990 to 2100 (got "20")',
  },
  "COVERAGE.FIGURE_COUNT_INVALID": {
    when: "problem of a figures row: a population or count is not a whole number from 0 to 200 million",
    vi: '"Dân số" phải là số nguyên không âm … (nhận được: "-5")',
    en: '"Population" must be a whole number from 0 … (got "-5")',
  },
  "COVERAGE.FIGURE_WORKING_AGE_ABOVE_TOTAL": {
    when: "problem of a population row: working age above the total",
    vi: "Dân số trong độ tuổi lao động (…) lớn hơn dân số (…)",
    en: "The working-age population (…) is above the population (…)",
  },
  "COVERAGE.FIGURE_DATE_INVALID": {
    when: "problem of a figures row: the report or effective date is not dd/MM/yyyy, yyyy-mm-dd or an Excel serial from 1990 on",
    vi: 'Ngày báo cáo phải có dạng dd/MM/yyyy … (nhận được: "31/02/2025")',
    en: 'The report date must be dd/MM/yyyy … (got "31/02/2025")',
  },
  "COVERAGE.FIGURE_DATE_OUTSIDE_YEAR": {
    when: "problem of a population row: the effective date is not in the row's year",
    vi: "Ngày hiệu lực phải thuộc năm 2025 …",
    en: "The effective date must fall in 2025 …",
  },
  "COVERAGE.FIGURE_SCHEME_UNKNOWN": {
    when: "problem of an insured-count row: the scheme is neither health nor social insurance (vi or en name)",
    vi: 'Loại bảo hiểm là "Bảo hiểm y tế" (BHYT) hoặc "Bảo hiểm xã hội" (BHXH) …',
    en: 'The scheme is "Health insurance" or "Social insurance" …',
  },
  "COVERAGE.FIGURE_GROUP_UNKNOWN": {
    when: "problem of an insured-count row: the group is not one of that scheme's groups",
    vi: "Nhóm đối tượng không có trong danh mục của Bảo hiểm y tế: …",
    en: "Not an insured group of health insurance: …",
  },
  "COVERAGE.FIGURE_UNIT_UNKNOWN": {
    when: "problem of a figures row: no unit with that code is in force when the row means (`figureUnitVersion`)",
    vi: "Không có đơn vị mã 99 có hiệu lực trong năm 2025",
    en: "No unit with code 99 is in force during 2025",
  },
  "COVERAGE.FIGURE_UNIT_OUT_OF_SCOPE": {
    when: "problem of a figures row: the unit is outside the importing user's areas",
    vi: "Đơn vị mã 89 nằm ngoài địa bàn của bạn",
    en: "The unit 89 is outside your areas",
  },
  "COVERAGE.FIGURE_DUPLICATE_IN_FILE": {
    when: "problem of a figures row: a second row with the same unit and period in one file",
    vi: "Trùng với dòng 3 của tệp (cùng đơn vị và kỳ số liệu)",
    en: "Same unit and period as line 3 of the file",
  },
  "OUTREACH.INVALID_INPUT": {
    when: "attendances or enrolments are not non-negative integers, or a scheme is unknown",
    vi: "Giá trị phải là số nguyên không âm …",
    en: "The value must be a non-negative integer …",
  },
  "OUTREACH.EVENT_NOT_IN_CAMPAIGN": {
    when: "`checkAttribution`: the event belongs to another campaign than the one chosen",
    vi: "Sự kiện không thuộc đợt vận động đã chọn",
    en: "The event does not belong to the chosen campaign",
  },
  "OUTREACH.OUTSIDE_EVENT_AREA": {
    when: "`checkAttribution`: the enrolment's commune is not in the event's area",
    vi: "Xã của người tham gia không thuộc địa bàn của sự kiện (…)",
    en: "The participant's commune is not in the event's area (…)",
  },
  "OUTREACH.OUTSIDE_CAMPAIGN_AREA": {
    when: "`checkAttribution`: the enrolment's commune is in none of the campaign's areas",
    vi: "Xã của người tham gia không thuộc địa bàn của đợt vận động",
    en: "The participant's commune is not in the campaign's areas",
  },
  "OUTREACH.BEFORE_EVENT": {
    when: "`checkAttribution`: the enrolment is dated before the event",
    vi: "Ngày tham gia … trước ngày diễn ra sự kiện …",
    en: "The enrolment date … is before the event (…)",
  },
  "OUTREACH.OUTSIDE_CAMPAIGN_PERIOD": {
    when: "`checkAttribution`: the enrolment is outside the campaign's period plus the grace (90 days), or more than the grace after an event outside any campaign",
    vi: "Ngày tham gia … ngoài thời gian đợt vận động (…, cộng 90 ngày)",
    en: "The enrolment date … is outside the campaign's period (…, plus 90 days)",
  },
  "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_AREA": {
    when: "`checkEventInCampaign`: the event's area is in none of the campaign's areas",
    vi: "Địa bàn của sự kiện không thuộc địa bàn của đợt vận động",
    en: "The event's area is not in the campaign's areas",
  },
  "OUTREACH.EVENT_OUTSIDE_CAMPAIGN_PERIOD": {
    when: "`checkEventInCampaign`: the event is dated outside the campaign's period",
    vi: "Ngày diễn ra sự kiện … ngoài thời gian đợt vận động (…)",
    en: "The event's date … is outside the campaign's period (…)",
  },

  "REGISTRY.INVALID_DATE": {
    when: "a date argument of a registry helper (`onDate`, a period's `from`, `joinedOn`, `paymentDate`, …) is not a real day",
    vi: "Ngày phải là chuỗi dạng YYYY-MM-DD … (nhận được: …)",
    en: "A date must be a string YYYY-MM-DD … (got …)",
  },
  "REGISTRY.INVALID_MONTHS": {
    when: "a period's `months` is not 1–1,200, a card's not 3, 6 or 12, or `dueWithinDays` not 0–366",
    vi: "Thẻ BHYT hộ gia đình có kỳ 3, 6 hoặc 12 tháng (nhận được: số 1)",
    en: "A household health card is for 3, 6 or 12 months (got the number 1)",
  },
  "REGISTRY.INVALID_YEAR": {
    when: "`rankHouseholdMembers`'s `year` is not a whole number from 1900 to 9999",
    vi: "Năm phải là số nguyên từ 1900 đến 9999 (nhận được: số 20.5)",
    en: "The year must be a whole number from 1900 to 9999 (got the number 20.5)",
  },
  "REGISTRY.INVALID_PARTICIPANT": {
    when: "a participant given to `duplicateKeys` / `findDuplicates` has no personal ID, a bad birth date or a field of the wrong type",
    vi: 'Thiếu số định danh cá nhân (nhận được: chuỗi " ")',
    en: 'The personal ID is missing (got a string " ")',
  },
  "REGISTRY.DUPLICATE_MEMBER": { when: "the same member `id` twice in a household", vi: "Thành viên a có hai lần trong hộ", en: "Member a is listed twice" },
  "REGISTRY.HEALTH_CARD_CODE_MALFORMED": {
    when: "a card code is not 2 letters + 13 digits, or its social-insurance number not 10 digits",
    vi: "Mã thẻ BHYT phải gồm 15 ký tự: 2 chữ cái rồi 13 chữ số (nhận được: …)",
    en: "A health-insurance card code is 15 characters: 2 letters then 13 digits (got …)",
  },
  "REGISTRY.HEALTH_CARD_GROUP_INVALID": {
    when: "a card's group is not 2 capital letters",
    vi: 'Mã đối tượng trên thẻ BHYT phải gồm 2 chữ in hoa (nhận được: "gd")',
    en: 'The participant group on a health card is 2 capital letters (got "gd")',
  },
  "REGISTRY.HEALTH_CARD_BENEFIT_LEVEL_INVALID": {
    when: "the benefit level is not 1–5, or not 4 on a household (`GD`) card",
    vi: "Thẻ BHYT hộ gia đình (GD) có mức hưởng 4 (nhận được: 3)",
    en: "Household (GD) cards have benefit level 4 (got 3)",
  },
  "REGISTRY.HEALTH_CARD_PROVINCE_UNKNOWN": {
    when: "the issuing province is not one of the 63 pre-2025 two-digit codes",
    vi: 'Mã tỉnh cấp thẻ "03" không thuộc danh sách 63 tỉnh, thành phố …',
    en: 'Issuing province "03" is not one of the 63 pre-2025 two-digit province codes',
  },
  "REGISTRY.PHONE_MALFORMED": {
    when: "thrown by `parsePhone` / `formatPhone`, a problem of `checkPhone` and `checkAgentRow`: not a phone number",
    vi: 'Số điện thoại "12ab" không hợp lệ: cần 10 chữ số (di động) hoặc 11 chữ số (cố định, đầu 02) …',
    en: 'Phone number "12ab" is not valid: 10 digits (mobile) or 11 digits (landline, starting 02) are needed …',
  },
  "REGISTRY.PHONE_UNKNOWN_PREFIX": {
    when: "as above: a prefix not used in Vietnam (including the 11-digit mobile numbers before 2018)",
    vi: 'Số điện thoại "0123 456 789" có đầu số không dùng ở Việt Nam …',
    en: 'Phone number "0123 456 789" has a prefix not used in Vietnam …',
  },
  "REGISTRY.ROW_SHAPE": {
    when: "problem (`checkAgentRow`): a row that is not an object of text or number cells, or names an unknown field",
    vi: "Mỗi ô phải là chữ hoặc số (hoặc để trống) (nhận được: một đối tượng)",
    en: "Every cell must be text or a number (or empty) (got an object)",
  },
  "REGISTRY.REQUIRED": { when: "problem: a required cell is empty", vi: 'Thiếu "Ngày sinh"', en: '"Birth date" is missing' },
  "REGISTRY.NAME_INVALID": {
    when: "problem: the name has digits or no letter",
    vi: 'Họ tên "…" có chữ số hoặc không có chữ cái',
    en: 'Name "…" has digits or no letters',
  },
  "REGISTRY.SOCIAL_INSURANCE_NUMBER_MALFORMED": {
    when: "problem: the social-insurance number is not 10 digits",
    vi: "Mã số BHXH phải gồm đúng 10 chữ số …",
    en: "A social-insurance number is exactly 10 digits …",
  },
  "REGISTRY.DATE_INVALID": {
    when: "problem: a date cell is not `dd/MM/yyyy`, `yyyy-mm-dd` or an Excel day number",
    vi: '"Ngày sinh" không phải ngày hợp lệ: "1990" …',
    en: '"Birth date" is not a valid date: "1990" …',
  },
  "REGISTRY.GENDER_INVALID": {
    when: "problem: the gender is not nam/nữ (male/female)",
    vi: 'Giới tính "…" không hợp lệ (Nam hoặc Nữ)',
    en: 'Gender "…" is not valid (Nam or Nữ: male or female)',
  },
  "REGISTRY.PERSONAL_ID_MALFORMED": {
    when: "problem: the personal ID is not 12 digits (`IDENTITY.MALFORMED`)",
    vi: "Số định danh cá nhân là chuỗi đúng 12 chữ số (nhận được: null)",
    en: "A personal identification number is a string of exactly 12 digits (got null)",
  },
  "REGISTRY.PERSONAL_ID_UNKNOWN_PROVINCE": {
    when: "problem: `IDENTITY.UNKNOWN_PROVINCE` on the row's ID",
    vi: "Mã tỉnh nơi đăng ký khai sinh … không có trong danh sách 63 tỉnh, thành phố …",
    en: "Province code … is not one of the 63 pre-2025 provinces",
  },
  "REGISTRY.PERSONAL_ID_INVALID_CENTURY_DIGIT": {
    when: "problem: `IDENTITY.INVALID_CENTURY_DIGIT` on the row's ID",
    vi: "Chữ số thứ 4 (thế kỷ và giới tính) phải từ 0 đến 5 …",
    en: "Digit 4 (century and gender) must be 0 to 5 …",
  },
  "REGISTRY.PERSONAL_ID_CENTURY_MISMATCH": {
    when: "problem: the ID's century disagrees with the row's birth date",
    vi: "Chữ số thứ 4 cho biết sinh trong thế kỷ …",
    en: "Digit 4 says born in …",
  },
  "REGISTRY.PERSONAL_ID_BIRTH_YEAR_MISMATCH": {
    when: "problem: the ID's birth year disagrees with the row's birth date",
    vi: "Chữ số thứ 5–6 cho biết năm sinh …",
    en: "Digits 5–6 say a birth year ending in …",
  },
  "REGISTRY.PERSONAL_ID_GENDER_MISMATCH": {
    when: "problem: the ID's gender disagrees with the row's gender",
    vi: "Chữ số thứ 4 cho biết giới tính nữ, nhưng giới tính khai là nam",
    en: "Digit 4 says female, but the declared gender is male",
  },
  "REGISTRY.HOUSEHOLD_CODE_MALFORMED": {
    when: "problem: the household code (mã hộ gia đình) is malformed",
    vi: 'Mã hộ gia đình "…" chỉ gồm chữ, số hoặc gạch nối, tối đa 20 ký tự',
    en: 'Household code "…" must be letters, digits or hyphens, at most 20 characters',
  },
  "REGISTRY.RANK_INVALID": {
    when: "problem: the household rank (STT hộ) is not a whole number from 1",
    vi: 'Thứ tự trong hộ "…" phải là số nguyên từ 1',
    en: 'Rank in the household "…" must be a whole number from 1',
  },
  "REGISTRY.MONTHS_INVALID": {
    when: "problem: months paid not allowed for the scheme (voluntary 1, 3, 6, 12, 24–60; household 3, 6, 12)",
    vi: 'Số tháng đóng "2" không hợp lệ: BHYT hộ gia đình đóng 3, 6 hoặc 12 tháng',
    en: 'Months paid "2" is not valid: …',
  },
  "REGISTRY.MONEY_INVALID": {
    when: "problem: an amount cell is not a whole number of đồng",
    vi: 'Số tiền đóng "…" không phải số tiền hợp lệ',
    en: 'Amount paid "…" is not a valid amount',
  },
  "REGISTRY.INCOME_BELOW_FLOOR": {
    when: "problem: the chosen income is below the floor in force on the receipt date",
    vi: "Mức thu nhập … thấp hơn mức tối thiểu … (chuẩn nghèo khu vực nông thôn ngày …)",
    en: "Chosen income … is below the floor of … (the rural poverty line on …)",
  },
  "REGISTRY.INCOME_ABOVE_CEILING": {
    when: "problem: the chosen income is above the ceiling in force on the receipt date",
    vi: "Mức thu nhập … cao hơn mức tối đa …",
    en: "Chosen income … is above the ceiling of …",
  },
  "REGISTRY.BASE_SHARE_MISMATCH": {
    when: "problem: the household base-salary share is not the rank's factor (or the base salary)",
    vi: "Tỷ lệ … không đúng với thành viên thứ 2 (…)",
    en: "Share … does not match member 2 (…)",
  },
  "REGISTRY.AMOUNT_MISMATCH": {
    when: "problem: the amount paid is not what the contributions module computes (`details.expectedAmount`)",
    vi: "Số tiền đóng 330.000 đ khác số tiền phải đóng 314.600 đ (tính theo mức có hiệu lực ngày 15/06/2020)",
    en: "Amount paid 330,000 VND differs from the amount due, 314,600 VND (figures in force on 2020-06-15)",
  },
  "REGISTRY.RATES_NOT_IN_FORCE": {
    when: "problem: no rates table in force on the receipt date",
    vi: "Không có bảng mức đóng cho ngày …",
    en: "No rates in force on …",
  },
  "REGISTRY.BIRTH_AFTER_RECEIPT": {
    when: "problem: the birth date is after the receipt date",
    vi: "Ngày sinh … sau ngày biên lai …",
    en: "Birth date … is after the receipt date …",
  },
  "REGISTRY.UNDER_15": { when: "problem: voluntary social insurance for someone under 15 (`ELIGIBILITY.UNDER_15`)", vi: "Chưa đủ 15 tuổi …", en: "Not 15 …" },
  "REGISTRY.CHILD_UNDER_6": {
    when: "problem: household health insurance for a child under 6",
    vi: "Trẻ em dưới 6 tuổi được ngân sách nhà nước đóng BHYT, …",
    en: "Children under 6 are insured by the state budget, …",
  },
  "REGISTRY.NOT_VIETNAMESE_CITIZEN": {
    when: "problem: voluntary social insurance with a nationality other than Việt Nam",
    vi: "BHXH tự nguyện chỉ dành cho công dân Việt Nam",
    en: "Voluntary social insurance is for Vietnamese citizens only",
  },
  "REGISTRY.CARD_PERIOD_INVALID": {
    when: "problem: a card's from date is after its to date",
    vi: "Thẻ cũ: từ ngày … sau đến ngày …",
    en: "Old card: from … is after to …",
  },
  "REGISTRY.CARD_START_MISMATCH": {
    when: "problem: the new card's first day is not what `healthCardValidity` gives",
    vi: "Thẻ mới ghi từ …, nhưng theo ngày biên lai và thẻ cũ phải từ …",
    en: "The new card says from …, but the receipt date and the old card give …",
  },
  "REGISTRY.CARD_END_MISMATCH": {
    when: "problem: the new card's last day is not what `healthCardValidity` gives",
    vi: "Thẻ mới đến ngày … khác ngày …",
    en: "The new card to … differs from …",
  },
  "REGISTRY.FACILITY_CODE_MALFORMED": {
    when: "problem: the facility code (nơi đăng ký KCB ban đầu) is not 5 digits starting with a province",
    vi: 'Mã nơi đăng ký KCB ban đầu "…" phải gồm 5 chữ số: 2 số mã tỉnh và 3 số mã cơ sở',
    en: 'Facility code "…" must be 5 digits: a 2-digit province and a 3-digit facility',
  },
  "REGISTRY.COMMUNE_CODE_MALFORMED": {
    when: "problem: the commune code is not 5 digits",
    vi: 'Mã xã "…" phải gồm 5 chữ số',
    en: 'Commune code "…" must be 5 digits',
  },
  "REGISTRY.COMMUNE_UNKNOWN": { when: "problem: `communeStatus` answered `unknown`", vi: "Không có xã mã … vào ngày …", en: "No commune has code … on …" },
  "REGISTRY.COMMUNE_OUT_OF_SCOPE": {
    when: "problem: `communeStatus` answered `out_of_scope`",
    vi: "Xã mã … nằm ngoài địa bàn của đại lý",
    en: "Commune … is outside the agent's areas",
  },
  "REGISTRY.CASE_INVALID": {
    when: "problem: the case (phương án) is not new / renewal / change",
    vi: 'Phương án "…" không hợp lệ (tăng mới, đóng tiếp hoặc điều chỉnh)',
    en: 'Case "…" is not valid (new, renewal or change)',
  },
  "REGISTRY.SUPPORT_GROUP_INVALID": {
    when: "problem: the support group column holds a word that is not a group",
    vi: 'Đối tượng "…" không hợp lệ (hộ nghèo, hộ cận nghèo, dân tộc thiểu số, xã đảo hoặc khác)',
    en: 'Support group "…" is not valid (poor, near-poor, ethnic minority, island or other)',
  },
  "REGISTRY.CELL_TOO_LONG": {
    when: "problem: a cell is longer than 1,000 characters (the line is refused)",
    vi: 'Ô "…" dài … ký tự, quá 1000 ký tự',
    en: 'Cell "…" is … characters long, over 1000',
  },
  "REGISTRY.CELL_INVALID": {
    when: "problem: a cell holds a control character (a NUL byte…) or a lone surrogate",
    vi: 'Ô "…" chứa ký tự điều khiển hoặc ký tự không hợp lệ',
    en: 'Cell "…" holds a control character or an invalid character',
  },
  "REGISTRY.MAPPING_COLUMN_MISSING": {
    when: "problem (`columnMappingProblems`): the header chosen for a column is not in the file",
    vi: 'Tệp không có cột "Số CCCD"',
    en: 'The file has no column "Số CCCD"',
  },
  "REGISTRY.MAPPING_COLUMN_REUSED": {
    when: "problem (`columnMappingProblems`): one header chosen for two columns",
    vi: 'Cột "Ngày" đã được chọn cho "Ngày sinh"',
    en: 'Column "Ngày" is already used for "Birth date"',
  },
  "REGISTRY.MAPPING_REQUIRED": {
    when: "problem (`columnMappingProblems`): a column the scheme needs has no header",
    vi: 'Chưa chọn cột cho "Số tiền đóng"',
    en: 'No column chosen for "Amount paid"',
  },
  "REGISTRY.DUPLICATE_PERSONAL_ID": {
    when: "duplicate reason (`findDuplicates`, score 100): same personal ID — the candidate is refused",
    vi: "Trùng số định danh cá nhân với người đã có",
    en: "Same personal identification number as an existing person",
  },
  "REGISTRY.DUPLICATE_SOCIAL_INSURANCE_NUMBER": {
    when: "duplicate reason (score 90): same social-insurance number",
    vi: "Trùng mã số BHXH với người đã có",
    en: "Same social-insurance number as an existing person",
  },
  "REGISTRY.LIKELY_DUPLICATE_NAME_BIRTH_COMMUNE": {
    when: "duplicate reason (score 70): same name without diacritics, birth date and commune",
    vi: "Cùng họ tên (không dấu), ngày sinh và xã cư trú với người đã có",
    en: "Same name (ignoring diacritics), birth date and commune as an existing person",
  },
  "REGISTRY.LIKELY_DUPLICATE_PHONE_BIRTH": {
    when: "duplicate reason (score 60): same phone and birth date",
    vi: "Cùng số điện thoại và ngày sinh với người đã có",
    en: "Same phone number and birth date as an existing person",
  },
  "REGISTRY.INVALID_INPUT": {
    when: "an argument of a registry function is missing, of the wrong kind, or has an unknown (misspelt) key; also a bad `checkAgentRow` context",
    vi: "Trường không được biết (viết sai tên?)",
    en: "Unknown key (misspelt?)",
  },
};
