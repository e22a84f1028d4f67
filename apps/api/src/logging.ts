/**
 * The API's logs: JSON lines (pino), one per request and one per failure, never personal data.
 *
 * A request's line: `{ level, time, pid, hostname, reqId, msg: "request", method, route,
 * procedure, status, durationMs, userId }` — the route's pattern (`/trpc/:path`), never the URL
 * itself (a tRPC GET carries its input, names and personal IDs in its query string), and no client
 * address. Errors go through `safeError`: PostgreSQL errors keep their SQLSTATE, severity, routine
 * and the table, column and constraint names, never their detail, parameters or query; Drizzle's
 * "Failed query … params: …" keeps its SQL text (placeholders) and drops the parameters. See
 * docs/operations.md.
 */

/** PostgreSQL classes whose messages can quote a value (22 data exception, 23 integrity violation). */
const VALUE_CLASSES = ["22", "23"];

function isPgError(e: Record<string, unknown>): boolean {
  return typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) && typeof e.severity === "string";
}

function scrubMessage(message: string): string {
  // Drizzle: "Failed query: <sql>\nparams: <values>".
  const i = message.indexOf("\nparams:");
  return i >= 0 ? `${message.slice(0, i)}\nparams: (withheld)` : message;
}

/** An error as it may be logged (causes included, 4 deep). */
export function safeError(e: unknown, depth = 0): unknown {
  if (e === null || typeof e !== "object") return e;
  const err = e as Record<string, unknown> & { message?: unknown; stack?: unknown; name?: unknown; cause?: unknown };
  const type = (err.constructor as { name?: string } | undefined)?.name ?? (typeof err.name === "string" ? err.name : "Error");
  const message = typeof err.message === "string" ? err.message : "";
  if (isPgError(err)) {
    const code = err.code as string;
    return {
      type,
      code,
      severity: err.severity,
      routine: err.routine,
      table: err.table_name,
      column: err.column_name,
      constraint: err.constraint_name,
      message: VALUE_CLASSES.includes(code.slice(0, 2)) ? `(withheld: SQLSTATE ${code})` : message,
    };
  }
  const scrubbed = scrubMessage(message);
  const stack = typeof err.stack === "string" ? err.stack.replace(message, scrubbed) : undefined;
  const out: Record<string, unknown> = { type, message: scrubbed };
  if (typeof err.code === "string" || typeof err.code === "number") out.code = err.code;
  if (stack) out.stack = stack;
  if (err.cause !== undefined && depth < 4) out.cause = safeError(err.cause, depth + 1);
  return out;
}

const PROCEDURE = /^[A-Za-z][A-Za-z0-9_.]{0,99}$/;

/** The procedures a tRPC URL names (`/trpc/a.b,c.d?batch=1` → ["a.b", "c.d"]); anything else is "?". */
export function proceduresOf(url: string): string[] {
  const pathPart = url.split("?")[0] ?? "";
  if (!pathPart.startsWith("/trpc/")) return [];
  let names: string;
  try {
    names = decodeURIComponent(pathPart.slice("/trpc/".length));
  } catch {
    return ["?"];
  }
  return names
    .split(",")
    .map((n) => (PROCEDURE.test(n) ? n : "?"))
    .slice(0, 25);
}
