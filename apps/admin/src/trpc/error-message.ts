import { TRPCClientError } from "@trpc/client";

/** One problem the API reported: where in the input (`[]`: not one field), in both languages. */
export interface ApiIssue {
  path: (string | number)[];
  vi: string;
  en: string;
}

interface ApiErrorData {
  code?: unknown;
  issues?: unknown;
  httpStatus?: unknown;
}

function isIssue(x: unknown): x is ApiIssue {
  if (typeof x !== "object" || x === null) return false;
  const i = x as Record<string, unknown>;
  return Array.isArray(i.path) && typeof i.vi === "string" && typeof i.en === "string";
}

/** The API's `{ code, issues }` (sent as data in every error), or null for anything else. */
export function apiError(error: unknown): { code: string; issues: ApiIssue[] } | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as ApiErrorData | null | undefined;
  if (!data || typeof data.code !== "string" || !Array.isArray(data.issues)) return null;
  const issues = data.issues.filter(isIssue);
  return issues.length > 0 ? { code: data.code, issues } : null;
}

/** An issue in the reader's language. */
export function issueText(issue: ApiIssue, locale: string): string {
  return locale === "en" ? issue.en : issue.vi;
}

const unreachable = { vi: "Mất kết nối máy chủ, vui lòng thử lại sau ít phút", en: "Lost connection to the server, please try again in a few minutes" };
const unexpected = { vi: "Máy chủ trả lời không như mong đợi, vui lòng thử lại", en: "Unexpected answer from the server, please try again" };

/**
 * What went wrong, in the reader's language: the API's issues, read as data (never by parsing
 * the message). Anything that is not an answer from the API (network down) gets a plain sentence.
 */
export function errorMessage(error: unknown, locale: string): string {
  const api = apiError(error);
  if (api) return api.issues.map((i) => issueText(i, locale)).join("; ");
  const fallback = error instanceof TRPCClientError && error.data != null ? unexpected : unreachable;
  return locale === "en" ? fallback.en : fallback.vi;
}
