import { TRPCClientError } from "@trpc/client";

/**
 * API messages carry both languages as "Tiếng Việt / English"; show the reader's half.
 * Anything that is not an answer from the API (network down, proxy error) gets a plain sentence.
 */
export function errorMessage(error: unknown, locale: string): string {
  const fromApi = error instanceof TRPCClientError && error.data != null && typeof error.message === "string";
  const message = fromApi
    ? error.message
    : "Không kết nối được máy chủ API, vui lòng thử lại / Cannot reach the API server, please try again";
  const parts = message.split(" / ");
  if (parts.length !== 2) return message;
  return locale === "en" ? parts[1]! : parts[0]!;
}
