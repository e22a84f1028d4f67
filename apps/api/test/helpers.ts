import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createDb, resetDatabase, type DbHandle } from "@ansinh/db";

export const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

if (!postgresUrl) console.warn("TEST_DATABASE_URL/DATABASE_URL not set: API tests run on PGlite only.");

/** Each database the suite runs on; a real PostgreSQL is emptied first (tests own it). */
export const drivers: { name: string; open: () => Promise<DbHandle> }[] = [
  { name: "PGlite", open: () => createDb({ dataDir: "memory://" }) },
  ...(postgresUrl
    ? [
        {
          name: "PostgreSQL",
          open: async () => {
            const h = await createDb({ databaseUrl: postgresUrl });
            await resetDatabase(h.db);
            return h;
          },
        },
      ]
    : []),
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
/** The shared reference data beside the checkout, when present. */
export const adminUnitsDir = path.resolve(repoRoot, "../shared/data/admin-units");
export const hasAdminUnits = existsSync(path.join(adminUnitsDir, "units-2024.csv"));
if (!hasAdminUnits) console.warn(`shared admin-unit data not found at ${adminUnitsDir}: real-list import tests do not run.`);
