/**
 * Where to go after signing in: only a path on this same origin. The value is parsed as a
 * browser would (`new URL` against our origin), so `/\evil.example`, `/%09/evil.example`,
 * `//evil.example` or `https://evil.example` — all of which a prefix test lets through or a
 * browser reads as another host — fall back to the default: the home page, which sends each
 * role to its first page (a collector to the worklist, others to the dashboard).
 */
export function safeNext(next: string | null | undefined, origin: string, fallback = "/"): string {
  if (!next || !next.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin) return fallback;
  // The parsed path, not the raw text: tabs, newlines and backslashes are already resolved.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") || path.startsWith("/\\") ? fallback : path;
}
