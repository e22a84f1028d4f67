#!/usr/bin/env node
// Prepares the browser tests' fresh embedded database before the apps start: the demo areas,
// the communes of U Minh Thượng and Phú Quốc (2020 GSO codes) and a collection agent in each,
// which the enrolment pages need. Idempotent; a no-op on PostgreSQL (DATABASE_URL set). Once the
// demo seed carries its own registry data this only adds what is missing.
const dataDir = process.env.DATA_DIR;
if (!dataDir || process.env.DATABASE_URL) process.exit(0);
const { createDb, seedDemo, insertAreaRows, selectRows } = await import(new URL("../../../packages/db/dist/index.js", import.meta.url).href);
const { sql } = await import(new URL("../../../packages/db/node_modules/drizzle-orm/index.js", import.meta.url).href);

const span = { validFrom: "2020-01-01", validTo: "2025-06-30", level: "commune" };
const communes = [
  ["31012", "Thạnh Yên", "Xã", "913"],
  ["31015", "Thạnh Yên A", "Xã", "913"],
  ["31027", "An Minh Bắc", "Xã", "913"],
  ["31054", "Vĩnh Hòa", "Xã", "913"],
  ["31057", "Hoà Chánh", "Xã", "913"],
  ["31066", "Minh Thuận", "Xã", "913"],
  ["31078", "Dương Đông", "Phường", "911"],
  ["31081", "An Thới", "Phường", "911"],
];
const handle = await createDb({ dataDir });
try {
  await seedDemo(handle.db);
  await insertAreaRows(
    handle.db,
    communes.map(([code, name, unitType, parentCode]) => ({ ...span, code, name, unitType, parentCode })),
  );
  for (const [name, area] of [
    ["Bưu điện huyện U Minh Thượng", "913"],
    ["Bưu điện thành phố Phú Quốc", "911"],
  ]) {
    await selectRows(
      handle.db,
      sql`insert into agents (name, kind, province_code, area_code, area_valid_on) values (${name}, 'post_office', '91', ${area}, '2020-01-01') on conflict do nothing`,
    );
  }
} finally {
  await handle.close();
}
