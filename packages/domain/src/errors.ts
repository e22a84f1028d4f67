/**
 * Expected rule failures. `code` is stable (part of the public contract);
 * `message` is Vietnamese (the product's first language), `messageEn` English.
 */
export type DomainErrorCode = `${Uppercase<string>}.${Uppercase<string>}`;

export class DomainError extends Error {
  override readonly name = "DomainError";
  constructor(
    readonly code: DomainErrorCode,
    readonly messageVi: string,
    readonly messageEn: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${messageVi} / ${messageEn}`);
  }
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "DomainError" && typeof (e as { code?: unknown }).code === "string");
}
