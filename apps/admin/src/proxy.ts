import { NextResponse, type NextRequest } from "next/server";

/** Pages anyone may open; everything else needs a session (the API checks it for real). */
const publicPaths = ["/sign-in", "/calculator"];
const sessionCookies = ["ansinh.session_token", "__Secure-ansinh.session_token"];

/**
 * The pages' Content-Security-Policy: scripts only from this origin or carrying this request's
 * nonce (Next puts it on its own inline scripts when it finds it in the request's CSP; the
 * layout gives it to Mantine's colour-scheme script). Styles may be inline: Mantine sets them.
 */
export function contentSecurityPolicy(nonce: string, dev = process.env.NODE_ENV !== "production"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const nonce = btoa(crypto.randomUUID());
  const csp = contentSecurityPolicy(nonce);
  const withCsp = (res: NextResponse) => {
    res.headers.set("Content-Security-Policy", csp);
    return res;
  };
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const pass = () => withCsp(NextResponse.next({ request: { headers } }));

  if (publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return pass();
  if (sessionCookies.some((c) => request.cookies.has(c))) return pass();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return withCsp(NextResponse.redirect(url));
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
