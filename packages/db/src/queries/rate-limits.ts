import { sql } from "drizzle-orm";
import type { Db } from "../client.js";
import { selectRows } from "./sql.js";

/** Hits in the current window of a rate-limit key, and the milliseconds left in that window. */
export interface RateLimitHit {
  count: number;
  ttlMs: number;
}

/**
 * Counts one hit for `key` in a fixed window of `windowMs`, in one atomic statement (several API
 * processes share the table `rate_limits`): the first hit, or the first after the window ran out,
 * starts a new window at 1; any other adds one. The SET expressions read the row as it was.
 */
export async function hitRateLimit(db: Db, key: string, windowMs: number): Promise<RateLimitHit> {
  const window = sql`(${windowMs}::double precision * interval '1 millisecond')`;
  const [row] = await selectRows<{ count: number; ttl_ms: number | string }>(
    db,
    sql`insert into rate_limits as r (key, window_start, count) values (${key}, now(), 1)
        on conflict (key) do update set
          count = case when r.window_start + ${window} <= now() then 1 else r.count + 1 end,
          window_start = case when r.window_start + ${window} <= now() then now() else r.window_start end
        returning r.count, greatest(0, ceil(extract(epoch from (r.window_start + ${window} - now())) * 1000))::integer as ttl_ms`,
  );
  return { count: Number(row!.count), ttlMs: Number(row!.ttl_ms) };
}

/** The state of `key` without counting a hit (0 when absent or its window ran out). */
export async function readRateLimit(db: Db, key: string, windowMs: number): Promise<RateLimitHit> {
  const window = sql`(${windowMs}::double precision * interval '1 millisecond')`;
  const [row] = await selectRows<{ count: number; ttl_ms: number | string }>(
    db,
    sql`select count, ceil(extract(epoch from (window_start + ${window} - now())) * 1000)::integer as ttl_ms
        from rate_limits where key = ${key} and window_start + ${window} > now()`,
  );
  return row ? { count: Number(row.count), ttlMs: Number(row.ttl_ms) } : { count: 0, ttlMs: 0 };
}

/** Deletes the keys starting with `prefix` whose window of `windowMs` ran out; returns how many. */
export async function purgeRateLimits(db: Db, prefix: string, windowMs: number): Promise<number> {
  const gone = await selectRows<{ key: string }>(
    db,
    sql`delete from rate_limits where starts_with(key, ${prefix})
        and window_start + (${windowMs}::double precision * interval '1 millisecond') <= now() returning key`,
  );
  return gone.length;
}
