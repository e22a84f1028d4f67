import { createDb, type DbHandle } from "../src/index.js";

/** The real PostgreSQL to test against, when one is configured. */
export const postgresUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;

export const drivers: { name: string; open: () => Promise<DbHandle> }[] = [
  { name: "PGlite", open: () => createDb({ dataDir: "memory://" }) },
  ...(postgresUrl ? [{ name: "PostgreSQL", open: () => createDb({ databaseUrl: postgresUrl }) }] : []),
];

if (!postgresUrl) {
  console.warn("TEST_DATABASE_URL/DATABASE_URL not set: database tests run on PGlite only.");
}
