import { DbConfigError } from "@ansinh/db";
import { EnvError } from "./env.js";
import { safeError } from "./logging.js";

/** Errors an operator can fix print one line; anything else is a bug and keeps its stack. */
export function exitWith(e: unknown): never {
  const known = e instanceof DbConfigError || e instanceof EnvError || (e instanceof Error && (e as { userFacing?: boolean }).userFacing === true);
  if (known) console.error(`ansinh: ${(e as Error).message}`);
  // Without a failed query's parameters or PostgreSQL's detail (they can quote a person).
  else console.error(safeError(e));
  process.exit(1);
}

export class UserError extends Error {
  readonly userFacing = true;
}
