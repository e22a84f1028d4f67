import { NextResponse, type NextRequest } from "next/server";

/** Pages anyone may open; everything else needs a session (the API checks it for real). */
const publicPaths = ["/sign-in", "/calculator"];
const sessionCookies = ["ansinh.session_token", "__Secure-ansinh.session_token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (publicPaths.some((p) => pathname === p || pathname.startsWith(`${p}/`))) return NextResponse.next();
  if (sessionCookies.some((c) => request.cookies.has(c))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  matcher: ["/((?!api/|_next/|favicon\\.ico|.*\\.(?:png|svg|ico|css|js)$).*)"],
};
