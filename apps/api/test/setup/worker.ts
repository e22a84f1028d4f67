/**
 * Runs in each worker before a test file is loaded: points TEST_DATABASE_URL at the worker's own
 * database (made by databases.ts), so helpers.ts, the spawned CLIs and servers all use it.
 */
import { workerDatabaseUrl } from "./databases.js";

const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const poolId = process.env.VITEST_POOL_ID;
if (base && poolId && !process.env.TEST_DATABASE_BASE_URL) {
  process.env.TEST_DATABASE_BASE_URL = base;
  process.env.TEST_DATABASE_URL = workerDatabaseUrl(base, poolId);
  if (process.env.DATABASE_URL) process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
}
