import { TRPCClientError } from "@trpc/client";

/**
 * API messages carry both languages as "Tiếng Việt / English"; show the reader's half.
 * Anything that is not an answer from the API (network down, proxy error) gets a plain sentence.
 */
export function errorMessage(error: unknown, locale: string): string {
  const fromApi = error instanceof TRPCClientError && error.data != null && typeof error.message === "string";
  const message = fromApi
    ? error.message
    : "Mất kết nối máy chủ, vui lòng thử lại sau ít phút / Lost connection to the server, please try again in a few minutes";
  const parts = message.split(" / ");
  if (parts.length !== 2) return message;
  return locale === "en" ? parts[1]! : parts[0]!;
}
