import { hitRateLimit, purgeRateLimits, readRateLimit, type Db } from "@ansinh/db";

type Callback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/** The parts of @fastify/rate-limit's route parameters a store sees. */
interface StoreParams {
  max?: unknown;
  timeWindow?: unknown;
  routeInfo?: { method?: string | string[]; url?: string };
}

/** At most one clean-up of expired keys per route and process in this time. */
const PURGE_EVERY_MS = 60_000;

/**
 * A store for @fastify/rate-limit kept in the database table `rate_limits`, so that several API
 * processes share one count per client: one atomic upsert per hit (hitRateLimit), fixed windows,
 * and now and then a clean-up of keys whose window ran out. Each route counts apart (its method
 * and path, and its limit, prefix the key), as the in-memory store's per-route children did.
 * (continueExceeding and exponentialBackoff are not supported; the API uses neither.)
 */
export function dbRateLimitStore(db: Db) {
  return class DbRateLimitStore {
    readonly prefix: string;
    lastPurge = 0;

    constructor(params: StoreParams = {}, prefix = "global|") {
      void params;
      this.prefix = prefix;
    }

    incr(key: string, cb: Callback, timeWindow: number): void {
      hitRateLimit(db, this.prefix + key, timeWindow).then(
        (hit) => {
          cb(null, { current: hit.count, ttl: hit.ttlMs });
          this.maybePurge(timeWindow);
        },
        (err: Error) => cb(err),
      );
    }

    read(key: string, cb: Callback, timeWindow: number): void {
      readRateLimit(db, this.prefix + key, timeWindow).then(
        (hit) => cb(null, { current: hit.count, ttl: hit.ttlMs }),
        (err: Error) => cb(err),
      );
    }

    /** `routeOptions`: the route's merged rate-limit parameters (its route in `routeInfo`). */
    child(routeOptions: object): DbRateLimitStore {
      const route = (routeOptions as StoreParams).routeInfo;
      const method = Array.isArray(route?.method) ? route.method.join(",") : route?.method;
      // The limit is part of the key: processes configured alike share a count, and a changed
      // limit (or a test server with its own) starts afresh.
      const { max, timeWindow } = routeOptions as StoreParams;
      const limit = `${typeof max === "number" ? max : "f"}/${typeof timeWindow === "number" ? timeWindow : "f"}`;
      return new DbRateLimitStore(routeOptions as StoreParams, route?.url ? `${method ?? ""} ${route.url}|${limit}|` : `${this.prefix}${limit}|`);
    }

    maybePurge(timeWindow: number): void {
      const now = Date.now();
      if (now - this.lastPurge < PURGE_EVERY_MS) return;
      this.lastPurge = now;
      purgeRateLimits(db, this.prefix, timeWindow).catch(() => {
        /* the next purge tries again; expired keys are restarted by hitRateLimit meanwhile */
      });
    }
  };
}
