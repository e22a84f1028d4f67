import { initTRPC, TRPCError } from "@trpc/server";
import {
  assignmentsOf,
  codesInScopeLatest,
  codesInTerritory,
  rootsByEra,
  scopeRootsOn,
  territoryByEra,
  type Db,
  type EraCodes,
  type EraRoot,
  type TerritoryGrant,
} from "@ansinh/db";
import { can, capabilitiesAt, type Action, type RoleAssignment } from "@ansinh/domain/access";
import { todayInVietnam } from "@ansinh/domain/dates";
import { isDomainError } from "@ansinh/domain/errors";
import type { AnswerCache } from "./answer-cache.js";
import { apiError, errorBody, readableMessage, trpcCodeOf } from "./errors.js";
import { databaseFault, faultError, queryTimeoutError, statementCancelled, withinDeadline } from "./faults.js";
import type { RequestOps } from "./request-ops.js";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

export interface Context {
  db: Db;
  /**
   * Where dashboards and lists read (DATABASE_READ_URL, a replica; `db` when unset). Never for a
   * read that must see a write just made (anything in a mutation, an import's progress).
   */
  readDb: Db;
  /**
   * How lists on `readDb` are bounded (./bounded-read.ts): PostgreSQL runs them under a statement
   * timeout, cancelled when the client goes away. Absent (direct callers): unbounded.
   */
  reads?: { kind: "pglite" | "postgres"; statementTimeoutMs: number; cancelTagged?: ((name: string) => Promise<void>) | undefined };
  user: SessionUser | null;
  /** The user's roles when already known (from the session cache); null: read on first use. */
  assignments: RoleAssignment[] | null;
  /**
   * Users, sessions or roles changed in this process: the session cache forgets at once, before
   * the answer (other processes hear of it through the database's notification).
   */
  authChanged?: () => void;
  /** The dashboard's answers kept in memory, invalidated by the database (null: not cached). */
  answers?: AnswerCache | null;
  requestId: string | null;
  /** Where uploads are kept and how to wake the job worker (absent: imports are not served). */
  imports?: ImportRuntime;
  /** The request's deadline, log line and metrics (absent for direct callers: tests, scripts). */
  ops?: RequestOps;
}

export interface ImportRuntime {
  dataDir: string;
  wake(): void;
}

/**
 * Every procedure says who may call it. `public`: anyone; `signedIn`: any session; the others are
 * an action that some role must grant on the area concerned (see @ansinh/domain/access).
 */
export interface Meta {
  access: "public" | "signedIn" | Action;
  /** Only for a role held on the whole country (entries not tied to one area, like the audit trail). */
  national?: boolean;
}

const t = initTRPC
  .context<Context>()
  .meta<Meta>()
  .create({
    /**
     * Every error leaves as `{ code, issues: [{ path, vi, en }] }` in `data` (see ./errors.ts);
     * `message` is the same text, readable by a person with curl, and not for parsing.
     */
    errorFormatter({ shape, error, input }) {
      const body = errorBody(error, input);
      return {
        message: readableMessage(body),
        code: shape.code,
        data: {
          code: body.code,
          issues: body.issues,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
        },
      };
    },
  });

/** The one place where domain failures become tRPC errors: the status comes from the code table. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  const cause = result.ok ? undefined : result.error.cause;
  if (isDomainError(cause) && result.ok === false && result.error.code === "INTERNAL_SERVER_ERROR") {
    throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  }
  return result;
});

/**
 * After a mutation, this process forgets the dashboard's answers before it answers, so the very
 * next request sees the change (other processes hear of it through the database's notification).
 */
const forgetAnswers = t.middleware(async ({ ctx, type, next }) => {
  const result = await next();
  if (type === "mutation") ctx.answers?.clear();
  return result;
});

/**
 * Every call: bounded by its request's deadline (503 SERVER.BUSY, ./faults.ts), a database fault
 * answered as the outage it is (503), and counted for the metrics and the request's log line.
 */
const guard = t.middleware(async ({ ctx, path, type, next }) => {
  const ops = ctx.ops;
  if (!ops) return next();
  ops.procedures.push(path);
  const started = performance.now();
  const done = (result: string) => {
    ops.metrics?.procedureCalls.inc({ procedure: path, type, result });
    ops.metrics?.procedureDuration.observe({ procedure: path, type }, (performance.now() - started) / 1000);
  };
  let result;
  try {
    result = await withinDeadline(ops.deadlineAt, ops.timeoutMs, () => next());
  } catch (e) {
    ops.metrics?.faults.inc({ kind: "busy" });
    done("SERVER.BUSY");
    throw e;
  }
  if (!result.ok) {
    const fault = databaseFault(result.error.cause);
    if (fault) {
      ops.metrics?.faults.inc({ kind: fault });
      done(fault === "disk_full" ? "DATABASE.DISK_FULL" : "DATABASE.UNAVAILABLE");
      throw faultError(fault, result.error.cause);
    }
    if (statementCancelled(result.error.cause)) {
      ops.metrics?.faults.inc({ kind: "query_timeout" });
      done("DATABASE.QUERY_TIMEOUT");
      throw queryTimeoutError(ops.readTimeoutMs, result.error.cause);
    }
    done(errorBody(result.error, undefined).code);
  } else done("ok");
  return result;
});

export const unauthorized = () => apiError("UNAUTHORIZED", "Cần đăng nhập", "Please sign in");
export const forbidden = () => apiError("FORBIDDEN", "Bạn không có quyền làm việc này", "You are not allowed to do this");

export interface Access {
  user: SessionUser;
  assignments: RoleAssignment[];
  /**
   * Roots of the caller's scope for an action: null = the whole country, [] = nowhere.
   * Queries walk the subtrees of these codes in SQL.
   */
  rootsFor(action: Action): string[] | null;
  /**
   * The codes in force on `onDate` where the caller may take `action` (null = everywhere): each
   * role's unit as it was on its date, carried through the reforms to `onDate` (the domain's
   * `scopeOn`, in SQL). `via`: read inside that transaction.
   */
  scopeFor(action: Action, onDate: string, via?: Db): Promise<Set<string> | null>;
  /** The top units of `scopeFor` (those whose parent is not in it), by code; null = everywhere. */
  rootsOn(action: Action, onDate: string): Promise<string[] | null>;
  /**
   * The roots of every era for records that carry their own date (agents, campaigns, events): each
   * role's own unit for records of its own era, and the top units of its territory in each other
   * era (records made on the units that took it over); null = everywhere. A record's area is
   * walked up on its own date and a root counts only for records dated in its era (codes are
   * reused: 91 granted in 2020 is Kiên Giang, never today's An Giang).
   */
  rootsAcrossEras(action: Action): Promise<EraRoot[] | null>;
  /**
   * The caller's scope for records of every era (null = everywhere): a record's commune code is
   * read in its own date's era (codes are reused across eras); each era's units as of `onDate`.
   */
  recordScopeFor(action: Action, onDate: string): Promise<EraCodes[] | null>;
  /**
   * The codes where the caller may take `action`, each role's subtree taken on the last day its
   * area was in force (null = everywhere): for users and roles, which outlive a reform.
   */
  lastingScopeFor(action: Action, onDate: string): Promise<Set<string> | null>;
  /** What the caller may do on one area on a date (the area is in a role's territory on that date). */
  capabilitiesOn(code: string, onDate: string): Promise<Set<Action>>;
}

export function accessOf(db: Db, user: SessionUser, assignments: RoleAssignment[]): Access {
  const rootsFor = (action: Action) => {
    const granting = assignments.filter((a) => capabilitiesAt([a], a.areaCode ? [a.areaCode] : []).has(action));
    if (granting.some((a) => a.areaCode === null)) return null;
    return [...new Set(granting.map((a) => a.areaCode!))];
  };
  /** The roles granting `action` as territory grants (null: one of them is national). */
  const grantsFor = (action: Action): TerritoryGrant[] | null => {
    const granting = assignments.filter((a) => can(a.role, action));
    if (granting.some((a) => a.areaCode === null)) return null;
    const seen = new Map<string, TerritoryGrant>();
    for (const a of granting) seen.set(`${a.areaCode}@${a.areaValidOn ?? ""}`, { code: a.areaCode!, validOn: a.areaValidOn ?? null });
    return [...seen.values()];
  };
  return {
    user,
    assignments,
    rootsFor,
    async scopeFor(action, onDate, via) {
      const grants = grantsFor(action);
      return grants === null ? null : codesInTerritory(via ?? db, grants, onDate);
    },
    async rootsOn(action, onDate) {
      const grants = grantsFor(action);
      return grants === null ? null : scopeRootsOn(db, grants, onDate);
    },
    async rootsAcrossEras(action) {
      const grants = grantsFor(action);
      return grants === null ? null : rootsByEra(db, grants, todayInVietnam());
    },
    async recordScopeFor(action, onDate) {
      const grants = grantsFor(action);
      return grants === null ? null : territoryByEra(db, grants, onDate);
    },
    async lastingScopeFor(action, onDate) {
      const roots = rootsFor(action);
      return roots === null ? null : codesInScopeLatest(db, onDate, roots);
    },
    async capabilitiesOn(code, onDate) {
      const out = new Set<Action>();
      for (const a of assignments) {
        const granted = capabilitiesAt([a], a.areaCode ? [a.areaCode] : []);
        if ([...granted].every((x) => out.has(x))) continue;
        if (a.areaCode === null || (await codesInTerritory(db, [{ code: a.areaCode, validOn: a.areaValidOn ?? null }], onDate)).has(code)) {
          for (const x of granted) out.add(x);
        }
      }
      return out;
    },
  };
}

/** Checks the procedure's rule; a procedure without one is refused (and fails the matrix test). */
const enforceAccess = t.middleware(async ({ ctx, meta, next }) => {
  const access = meta?.access;
  if (!access) throw forbidden();
  // Only the new key is passed: tRPC merges it into the context itself (a copy of the
  // whole context per middleware was the signed-in path's largest cost of our own).
  if (access === "public") return next({ ctx: { access: null as Access | null } });
  if (!ctx.user) throw unauthorized();
  const assignments = ctx.assignments ?? (await assignmentsOf(ctx.db, ctx.user.id));
  const acc = accessOf(ctx.db, ctx.user, assignments);
  if (access !== "signedIn" && acc.rootsFor(access)?.length === 0) throw forbidden();
  if (meta.national && (access === "signedIn" || acc.rootsFor(access) !== null)) throw forbidden();
  return next({ ctx: { access: acc as Access | null } });
});

/** A UTF-16 surrogate without its pair: no database or JSON column can store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Where in an input a string (or a key) holds a lone surrogate, or null. */
function loneSurrogateAt(v: unknown, path: (string | number)[] = [], depth = 0): (string | number)[] | null {
  if (typeof v === "string") return LONE_SURROGATE.test(v) ? path : null;
  if (v === null || typeof v !== "object" || depth > 32) return null;
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (LONE_SURROGATE.test(k)) return [...path, k];
    const at = loneSurrogateAt(x, [...path, Array.isArray(v) ? Number(k) : k], depth + 1);
    if (at) return at;
  }
  return null;
}

/**
 * Text with a lone surrogate is refused at the edge as a 400, for every procedure
 * (before, one reached an audit insert and answered 500).
 */
const wellFormedInput = t.middleware(async ({ getRawInput, next }) => {
  const at = loneSurrogateAt(await getRawInput());
  if (at)
    throw apiError("INPUT.INVALID", "Văn bản chứa ký tự không hợp lệ (nửa cặp UTF-16)", "The text holds an invalid character (half of a UTF-16 pair)", at);
  return next();
});

const withAccess = t.middleware(async ({ ctx, next }) => {
  const access = (ctx as Context & { access: Access | null }).access;
  if (!access) throw unauthorized();
  return next({ ctx: { access } });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const base = t.procedure.use(guard).use(mapDomainErrors).use(forgetAnswers).use(enforceAccess).use(wellFormedInput);
/** Anyone, signed in or not. */
export const publicProcedure = base;
/** Procedures that need a session: `.meta({ access })` says which action, and ctx.access scopes it. */
export const protectedProcedure = base.use(withAccess);
