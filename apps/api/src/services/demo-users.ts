import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { DEMO_VALID_FROM, REFORM_VALID_FROM, selectRows, type Db } from "@ansinh/db";
import type { RoleAssignment } from "@ansinh/domain/access";
import { generatePassword, insertUser } from "./users.js";

/**
 * One demo account per role, named after what they do (no invented people). Their roles are held
 * on the 2020 units (Kiên Giang, U Minh Thượng, Phú Quốc as they were), and follow those units'
 * territory across the 2025 reform. Their personal
 * ID and phone numbers are synthetic. Passwords are random at first seed and kept beside the
 * embedded database so that `pnpm start` can print them each time.
 */
export const demoAccounts: { email: string; name: string; phone: string | null; personalId: string | null; assignments: RoleAssignment[] }[] = [
  { email: "admin@demo.ansinh.vn", name: "Quản trị hệ thống (demo)", phone: null, personalId: null, assignments: [{ role: "admin", areaCode: null }] },
  {
    email: "quanly.uminhthuong@demo.ansinh.vn",
    name: "Quản lý BHXH huyện U Minh Thượng (demo)",
    phone: "0297 3800 913",
    personalId: "091190000913",
    assignments: [{ role: "manager", areaCode: "913", areaValidOn: DEMO_VALID_FROM }],
  },
  {
    email: "thu.uminhthuong@demo.ansinh.vn",
    name: "Nhân viên thu Bưu điện U Minh Thượng (demo)",
    phone: "0912 000 913",
    personalId: "091095000001",
    assignments: [{ role: "collector", areaCode: "913", areaValidOn: DEMO_VALID_FROM }],
  },
  {
    email: "thu.phuquoc@demo.ansinh.vn",
    name: "Nhân viên thu Bưu điện Phú Quốc (demo)",
    phone: "0912 000 911",
    personalId: "091188000002",
    assignments: [{ role: "collector", areaCode: "911", areaValidOn: DEMO_VALID_FROM }],
  },
  {
    email: "thu.xa.uminhthuong@demo.ansinh.vn",
    name: "Nhân viên thu Bưu điện văn hoá xã U Minh Thượng, An Giang (demo)",
    phone: "0912 031 027",
    personalId: "091196000004",
    assignments: [{ role: "collector", areaCode: "31027", areaValidOn: REFORM_VALID_FROM }],
  },
  {
    email: "xem.kiengiang@demo.ansinh.vn",
    name: "Theo dõi BHXH tỉnh Kiên Giang (demo)",
    phone: "0297 3800 091",
    personalId: "091193000003",
    assignments: [{ role: "viewer", areaCode: "91", areaValidOn: DEMO_VALID_FROM }],
  },
];

export interface DemoCredential {
  email: string;
  role: string;
  area: string;
  password: string;
}

/** Creates the demo accounts when the database has no user yet; returns their credentials. */
export async function seedDemoUsers(db: Db, dataDir: string): Promise<DemoCredential[]> {
  const file = path.join(dataDir, "demo-accounts.json");
  const [row] = await selectRows<{ n: number }>(db, sql`select count(*)::int as n from auth_user`);
  if (Number(row?.n) > 0) {
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as DemoCredential[]) : [];
  }
  const creds: DemoCredential[] = [];
  await db.transaction(async (tx) => {
    for (const a of demoAccounts) {
      const password = generatePassword();
      await insertUser(tx, { ...a, password });
      creds.push({ email: a.email, role: a.assignments[0]!.role, area: a.assignments[0]!.areaCode ?? "VN", password });
    }
  });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(creds, null, 2));
  chmodSync(file, 0o600);
  return creds;
}
