import { isDomainError } from "./errors.js";

/** The code of the DomainError `f` throws (undefined when it returns); anything else is rethrown. */
export function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  return undefined;
}
