/**
 * Forwards /api/* to the API at run time (API_URL), so the browser talks to one origin and
 * session cookies stay first-party. Next's rewrites are fixed at build time; this is not.
 */
const apiUrl = () => process.env.API_URL ?? "http://127.0.0.1:4000";

const hopByHop = new Set(["connection", "keep-alive", "transfer-encoding", "upgrade", "host", "content-length"]);

export async function forward(request: Request, upstreamPath: string): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${apiUrl()}${upstreamPath}${incoming.search}`;
  const headers = new Headers();
  request.headers.forEach((value, key) => {
    if (!hopByHop.has(key.toLowerCase())) headers.set(key, value);
  });
  headers.set("x-forwarded-host", incoming.host);
  headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer(),
      redirect: "manual",
    });
    const out = new Headers();
    upstream.headers.forEach((value, key) => {
      const k = key.toLowerCase();
      if (!hopByHop.has(k) && k !== "content-encoding" && k !== "set-cookie") out.append(key, value);
    });
    for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
    return new Response(upstream.body, { status: upstream.status, headers: out });
  } catch {
    return Response.json(
      {
        error: {
          message: "Không kết nối được máy chủ API / Cannot reach the API server",
          code: -32603,
          data: {
            code: "BAD_GATEWAY",
            httpStatus: 502,
            issues: [{ path: [], vi: "Không kết nối được máy chủ API", en: "Cannot reach the API server" }],
          },
        },
      },
      { status: 502 },
    );
  }
}
