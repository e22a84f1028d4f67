#!/usr/bin/env node
// Writes the sample agent lists in docs/samples/ (run from apps/api after building the domain:
// `node scripts/make-import-samples.mjs`). Invented people from a small seeded name generator —
// nobody real — on U Minh Thượng's communes (Kiên Giang, 2020), with good rows and one bad row of
// each kind; the amounts of the good rows are the domain's own figures.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { householdHealthContribution, voluntaryContribution } from "@ansinh/domain/contributions";

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../docs/samples");
mkdirSync(out, { recursive: true });

// --- a small deterministic generator of Vietnamese-looking names (combinations, not people)
let seed = 20200315;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
const pick = (list) => list[Math.floor(rand() * list.length)];
const families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Danh", "Thạch", "Lâm", "Dương", "Trương"];
const middlesF = ["Thị", "Ngọc", "Thị Kim", "Thị Mỹ", "Hồng"];
const middlesM = ["Văn", "Minh", "Hữu", "Quốc", "Thanh"];
const givenF = ["Lan", "Hương", "Thảo", "Nhung", "Diễm", "Oanh", "Yến", "Trinh", "Ánh", "Thuỷ"];
const givenM = ["Tùng", "Dũng", "Hải", "Phúc", "Khánh", "Lộc", "Đức", "Tài", "Sơn", "Bình"];
const name = (gender) => `${pick(families)} ${pick(gender === "female" ? middlesF : middlesM)} ${pick(gender === "female" ? givenF : givenM)}`;

/** A personal ID that checks: Kiên Giang's birth-registration code 091, century/gender digit, year, serial. */
let serial = 100;
function personalId(birthDate, gender) {
  const year = Number(birthDate.slice(0, 4));
  const century = year < 2000 ? 0 : 2;
  const digit = century + (gender === "female" ? 1 : 0);
  return `091${digit}${birthDate.slice(2, 4)}${String(serial++).padStart(6, "0")}`;
}
const dmy = (iso) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const communes = ["31012", "31015", "31027", "31054", "31057", "31066"];

// --- D05-TS, voluntary social insurance (CSV)
const headersD05 = [
  "Họ và tên",
  "Mã số BHXH",
  "Ngày sinh",
  "Giới tính",
  "Số định danh cá nhân (CCCD)",
  "Số điện thoại",
  "Dân tộc",
  "Quốc tịch",
  "Số tháng đóng",
  "Mức thu nhập làm căn cứ đóng / tỷ lệ lương cơ sở",
  "Số tiền đóng",
  "Ngày biên lai",
  "Mã xã nơi cư trú",
  "Phương án",
  "Số biên lai",
];
function voluntaryRow(i, over = {}) {
  const gender = rand() < 0.55 ? "female" : "male";
  const birthDate = `${1960 + Math.floor(rand() * 40)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
  const receiptDate = `2020-0${3 + Math.floor(rand() * 6)}-0${1 + Math.floor(rand() * 9)}`;
  const months = pick([3, 6, 12]);
  const income = pick([700_000, 1_000_000, 1_500_000, 2_000_000]);
  const amount = voluntaryContribution({ paymentDate: receiptDate, monthlyIncome: income, supportGroups: [], plan: { kind: "periodic", months } }).totals.net;
  const r = {
    name: name(gender),
    sin: "",
    birth: dmy(birthDate),
    gender: gender === "female" ? "Nữ" : "Nam",
    id: personalId(birthDate, gender),
    phone: `09${String(10000000 + Math.floor(rand() * 89999999))}`,
    ethnicity: "Kinh",
    nationality: "Việt Nam",
    months: String(months),
    income: income.toLocaleString("vi-VN"),
    amount: amount.toLocaleString("vi-VN"),
    receipt: dmy(receiptDate),
    commune: pick(communes),
    kind: pick(["Tăng mới", "Đóng tiếp"]),
    receiptNo: `UMT-2020-${String(i).padStart(4, "0")}`,
  };
  return { ...r, ...over };
}
const toCells = (r) => [
  r.name,
  r.sin,
  r.birth,
  r.gender,
  r.id,
  r.phone,
  r.ethnicity,
  r.nationality,
  r.months,
  r.income,
  r.amount,
  r.receipt,
  r.commune,
  r.kind,
  r.receiptNo,
];

const d05 = [];
for (let i = 1; i <= 12; i++) d05.push(voluntaryRow(i));
// One bad row of each kind (line numbers: header = 1, these are lines 14 on).
const good = d05[0];
d05.push(voluntaryRow(13, { id: good.id.slice(0, 3) + "2" + good.id.slice(4) })); // century digit disagrees with the birth year
d05.push(
  voluntaryRow(14, { gender: good.gender === "Nữ" ? "Nam" : "Nữ", id: good.id.replace(/^(\d{12})$/, (x) => x.slice(0, 6) + "999999"), birth: good.birth }),
); // gender disagrees with the ID
d05.push(voluntaryRow(15, { birth: "05/06/1971" })); // the ID says another birth year
d05.push(voluntaryRow(16, { income: "500.000", amount: "330.000" })); // income below the floor
d05.push(voluntaryRow(17, { birth: "01/02/2010", id: "091210000777" })); // under 15
d05.push(voluntaryRow(18, { commune: "31999" })); // no such commune
d05.push(voluntaryRow(19, { commune: "31078" })); // Phú Quốc: outside the agent's district
d05.push({ ...d05[1], receiptNo: "UMT-2020-0020", receipt: "20/08/2020" }); // the same person twice in the file
d05.push(voluntaryRow(21, { receipt: "31/02/2020" })); // no such date
d05.push(voluntaryRow(22, { amount: "123.456" })); // amount differs from the amount due
d05.push(voluntaryRow(23, { name: "" })); // name missing

const csv = (rows) =>
  [headersD05, ...rows.map(toCells)].map((cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\r\n") + "\r\n";
const text = csv(d05);
writeFileSync(path.join(out, "d05-ts-tu-nguyen.csv"), `\uFEFF${text}`);

// The same list as older software writes it: Windows-1258, tone marks as combining characters.
const tones = /[\u0300\u0301\u0303\u0309\u0323]/;
const to1258 = (s) =>
  s.normalize("NFD").replace(/([^\u0300-\u036f])([\u0300-\u036f]+)/g, (_m, base, marks) => {
    const t = [...marks].filter((c) => tones.test(c)).join("");
    const o = [...marks].filter((c) => !tones.test(c)).join("");
    return (base + o).normalize("NFC") + t;
  });
writeFileSync(path.join(out, "d05-ts-tu-nguyen-windows-1258.csv"), iconv.encode(to1258(text), "windows-1258"));

// --- D03-TS, household health insurance (XLSX): dates as date cells, as text, and as serials stored as text
const headersD03 = [
  "Họ và tên",
  "Ngày sinh",
  "Giới tính",
  "Số định danh cá nhân (CCCD)",
  "Dân tộc",
  "Mã hộ gia đình",
  "STT thành viên trong hộ",
  "Số tháng đóng",
  "Tỷ lệ",
  "Số tiền đóng",
  "Ngày biên lai",
  "Mã nơi đăng ký KCB ban đầu",
  "Mã xã nơi cư trú",
  "Phương án",
  "Số biên lai",
];
const serialOf = (iso) => String(Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse("1899-12-30T00:00:00Z")) / 86_400_000));
const d03 = [];
let line = 1;
for (let h = 0; h < 3; h++) {
  const code = `91000${String(10001 + h)}`;
  const commune = communes[h];
  const receiptDate = `2020-0${4 + h}-15`;
  for (let rank = 1; rank <= 3; rank++) {
    line++;
    const gender = rank === 2 ? "female" : rand() < 0.5 ? "female" : "male";
    const birthDate = rank === 3 ? `200${h + 2}-05-20` : `19${70 + h * 3 + rank}-0${rank + 1}-10`;
    const amount = householdHealthContribution({ paymentDate: receiptDate, months: 12, members: [{ rank }] }).members[0].total;
    const receiptCell = h === 0 ? new Date(`${receiptDate}T00:00:00Z`) : h === 1 ? dmy(receiptDate) : serialOf(receiptDate);
    const birthCell = h === 0 ? new Date(`${birthDate}T00:00:00Z`) : h === 1 ? dmy(birthDate) : serialOf(birthDate);
    d03.push([
      name(gender),
      birthCell,
      gender === "female" ? "Nữ" : "Nam",
      personalId(birthDate, gender),
      "Khmer",
      code,
      rank,
      12,
      `${[100, 70, 60][rank - 1]}%`,
      amount,
      receiptCell,
      "91010",
      commune,
      "Đóng tiếp",
      `UMT-HGD-${line}`,
    ]);
  }
}
// bad rows: a child under 6, a rank's share that is wrong, a malformed facility code
const due = (rank) => householdHealthContribution({ paymentDate: "2020-04-15", months: 12, members: [{ rank }] }).members[0].total;
d03.push([
  name("male"),
  "01/01/2017",
  "Nam",
  personalId("2017-01-01", "male"),
  "Kinh",
  "910010099",
  1,
  12,
  "100%",
  due(1),
  "15/04/2020",
  "91010",
  "31012",
  "Tăng mới",
  "UMT-HGD-90",
]);
d03.push([
  name("female"),
  "03/03/1980",
  "Nữ",
  personalId("1980-03-03", "female"),
  "Kinh",
  "910010098",
  2,
  12,
  "100%",
  due(2),
  "15/04/2020",
  "91010",
  "31012",
  "Tăng mới",
  "UMT-HGD-91",
]);
d03.push([
  name("male"),
  "04/04/1981",
  "Nam",
  personalId("1981-04-04", "male"),
  "Kinh",
  "910010097",
  1,
  12,
  "100%",
  due(1),
  "15/04/2020",
  "9101",
  "31012",
  "Tăng mới",
  "UMT-HGD-92",
]);

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet("D03-TS");
ws.addRow(headersD03).font = { bold: true };
for (const r of d03) {
  const row = ws.addRow(r);
  row.getCell(4).numFmt = "@";
  for (const c of [2, 11]) if (row.getCell(c).value instanceof Date) row.getCell(c).numFmt = "dd/mm/yyyy";
}
await wb.xlsx.writeFile(path.join(out, "d03-ts-ho-gia-dinh.xlsx"));
// The import page offers the two lists as downloads (staff have no source code): the same files.
const offered = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../admin/public/samples");
mkdirSync(offered, { recursive: true });
for (const name of ["d05-ts-tu-nguyen.csv", "d03-ts-ho-gia-dinh.xlsx"]) copyFileSync(path.join(out, name), path.join(offered, name));
console.log(`samples written to ${out}: ${d05.length} voluntary rows, ${d03.length} household rows`);
