/**
 * Test files run two at a time (vitest.config.ts). Each worker gets a PostgreSQL database of its
 * own beside TEST_DATABASE_URL's (`<name>_w1`, `<name>_w2`, …), made empty before the run and
 * dropped after it, so two files never reset or LISTEN on the same database. PGlite is in memory,
 * one per test, and needs nothing.
 */
import { sql } from "drizzle-orm";
import type { TestProject } from "vitest/node";
import { createDb } from "@ansinh/db";

/** The database of worker `poolId` (1…maxWorkers) beside `base`. */
export function workerDatabaseUrl(base: string, poolId: string | number): string {
  const url = new URL(base);
  url.pathname = `/${`${url.pathname.slice(1) || "ansinh"}_w${poolId}`.slice(0, 63)}`;
  return url.toString();
}

export function workerCount(project: TestProject): number {
  const n = Number(project.config.maxWorkers ?? 1);
  return Number.isFinite(n) && n >= 1 ? n : 1;
}

export default async function setup(project: TestProject) {
  const base = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!base) return;
  const names = Array.from({ length: workerCount(project) }, (_, i) => new URL(workerDatabaseUrl(base, i + 1)).pathname.slice(1));
  const admin = async (statements: string[]) => {
    const h = await createDb({ databaseUrl: base, migrate: false });
    try {
      for (const s of statements) await h.db.execute(sql.raw(s));
    } finally {
      await h.close();
    }
  };
  await admin(names.flatMap((n) => [`drop database if exists "${n}" with (force)`, `create database "${n}"`]));
  return async () => {
    if (process.env.TEST_KEEP_DATABASES) return;
    await admin(names.map((n) => `drop database if exists "${n}" with (force)`));
  };
}
