import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Two test files at a time on a 2-core machine (TEST_WORKERS to change it): each worker has its
 * own PostgreSQL database (test/setup/databases.ts), and PGlite is in memory, so files do not
 * share state. Within a file, PGlite and PostgreSQL still run one after the other.
 */
const workers = Number(process.env.TEST_WORKERS ?? Math.max(2, Math.min(4, availableParallelism())));

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    hookTimeout: 60_000,
    testTimeout: 120_000,
    maxWorkers: workers,
    globalSetup: ["test/setup/databases.ts"],
    setupFiles: ["test/setup/worker.ts"],
  },
});
