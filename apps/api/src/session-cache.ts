import type { RoleAssignment } from "@ansinh/domain/access";
import type { SessionUser } from "./trpc.js";

/** What a signed-in request needs to be served: who it is and what roles it holds. */
export interface CachedSession {
  user: SessionUser;
  assignments: RoleAssignment[];
}

interface Entry extends CachedSession {
  expiresAt: number;
}

export interface SessionCacheStats {
  hits: number;
  misses: number;
  /** Misses that joined a lookup already under way for the same cookie (no lookup of their own). */
  shared: number;
  clears: number;
  /** Whether the cache is in use (on, and the LISTEN connection is up). */
  active: boolean;
  size: number;
}

export interface SessionCacheOptions {
  /** How long an entry is kept at most (default 60 s): better-auth's sliding refresh still runs. */
  ttlMs?: number;
  /** Entries kept at most (default 10,000): the oldest goes first. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Signed-in requests without a database round trip: the exact session cookie → its user and
 * roles, filled by better-auth (which stays the authority: the cookie's signature, the session
 * row, its expiry and refresh) and the role assignments, on a miss.
 *
 * Correctness rests on invalidation, not on the TTL: the whole cache is emptied on every
 * `ansinh_auth` notification (a change to users, sessions or roles, in any process) and, in the
 * process making such a change, before it answers. It is only used while the LISTEN connection is
 * up (`setActive`): while it is down, changes could go unseen, so nothing is served from it.
 * A miss that started before a clear is not stored (the generation counter), so an answer read
 * before a change never outlives it.
 *
 * Concurrent misses on one cookie share one lookup: 50 connections arriving together
 * after a sign-in, a change or an entry's TTL made 50 better-auth lookups and 50 role reads at
 * once. A lookup is shared only within its generation: a request that arrives after a clear
 * starts a lookup of its own, so it never gets an answer read before the change.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  /** Lookups under way, by cookie, with the generation they started in. */
  private readonly loading = new Map<string, { generation: number; answer: Promise<CachedSession | null> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private generation = 0;
  private up = false;
  readonly stats = { hits: 0, misses: 0, clears: 0, shared: 0 };

  constructor(options: SessionCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Up: the LISTEN connection is listening (the cache starts empty); down: bypassed and emptied. */
  setActive(up: boolean): void {
    this.up = up;
    this.clear();
  }

  get active(): boolean {
    return this.up;
  }

  /** Forgets everything (a user, session or role changed somewhere). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
    this.stats.clears++;
  }

  /**
   * The cached session for `key` when the cache holds it now (a hit), without waiting for
   * anything; undefined otherwise (then `get`). The signed-in request's fast path.
   */
  peek(key: string | null): CachedSession | undefined {
    if (key === null || !this.up) return undefined;
    const hit = this.entries.get(key);
    if (!hit || hit.expiresAt <= this.now()) return undefined;
    this.stats.hits++;
    return { user: hit.user, assignments: hit.assignments };
  }

  /**
   * The session for `key` (the session cookie's exact value), from the cache or from `load`
   * (null: no valid session; never cached). `expiresAt`: the session's own expiry.
   */
  async get(key: string | null, load: () => Promise<(CachedSession & { expiresAt: number }) | null>): Promise<CachedSession | null> {
    if (key === null || !this.up) {
      const loaded = await load();
      return loaded && { user: loaded.user, assignments: loaded.assignments };
    }
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      this.stats.hits++;
      return { user: hit.user, assignments: hit.assignments };
    }
    if (hit) this.entries.delete(key);
    const under = this.loading.get(key);
    if (under && under.generation === this.generation) {
      this.stats.shared++;
      return under.answer;
    }
    this.stats.misses++;
    const generation = this.generation;
    const answer = this.load(key, generation, now, load);
    this.loading.set(key, { generation, answer });
    const done = () => {
      if (this.loading.get(key)?.answer === answer) this.loading.delete(key);
    };
    answer.then(done, done);
    return answer;
  }

  private async load(
    key: string,
    generation: number,
    now: number,
    load: () => Promise<(CachedSession & { expiresAt: number }) | null>,
  ): Promise<CachedSession | null> {
    const loaded = await load();
    if (!loaded) return null;
    // A change seen while loading (or the connection lost): the answer is served, not kept.
    if (this.up && generation === this.generation) {
      const expiresAt = Math.min(loaded.expiresAt, now + this.ttlMs);
      if (expiresAt > now) {
        if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, { user: loaded.user, assignments: loaded.assignments, expiresAt });
      }
    }
    return { user: loaded.user, assignments: loaded.assignments };
  }

  snapshot(): SessionCacheStats {
    return { ...this.stats, active: this.up, size: this.entries.size };
  }
}

/**
 * The value of the cookie `name` in a Cookie header; null when absent or given more than once
 * (then which one better-auth reads is its business, and the request is not cached).
 */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  let found: string | null = null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    if (found !== null) return null;
    found = part.slice(eq + 1).trim();
  }
  return found === "" ? null : found;
}
