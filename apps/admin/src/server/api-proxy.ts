/**
 * Forwards /api/* to the API at run time (API_URL), so the browser talks to one origin and
 * session cookies stay first-party. Next's rewrites are fixed at build time; this is not.
 *
 * - The client's address: never the client's own X-Forwarded-For (Next passes it through as
 *   sent). The admin app's server (server.mjs) records the socket's address for each request;
 *   the forwarder sends that one address and nothing else. Without it (the app started some
 *   other way) no address is sent, and the API counts the forwarder's own.
 * - Bodies are streamed, never buffered, and refused past 1 MiB with 413, as the API does;
 *   the import's upload route alone takes up to 50 MiB (UPLOAD_LIMIT, the API's own limit there).
 */
import type { AsyncLocalStorage } from "node:async_hooks";

const apiUrl = () => process.env.API_URL ?? "http://127.0.0.1:4000";

/** The API's own body limit. */
export const BODY_LIMIT = 1_048_576;
/** The API's limit on its upload route (POST /api/imports/upload): an agent's list, streamed to disk. */
export const UPLOAD_LIMIT = 50 * 1024 * 1024;

/** The body limit of a request to the API: the upload route's own, else the general one. */
export function bodyLimitFor(method: string, upstreamPath: string): number {
  return method.toUpperCase() === "POST" && (upstreamPath === "/api/imports/upload" || upstreamPath === "/api/figures/upload") ? UPLOAD_LIMIT : BODY_LIMIT;
}

const hopByHop = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "te",
  "trailer",
  "proxy-authorization",
  "proxy-connection",
]);
/** Headers that claim a client address: only the forwarder says where a request came from. */
const addressHeaders = new Set([
  "x-forwarded-for",
  "x-real-ip",
  "forwarded",
  "cf-connecting-ip",
  "true-client-ip",
  "x-client-ip",
  "x-forwarded-host",
  "x-forwarded-proto",
  "x-forwarded-port",
]);

/** Where server.mjs keeps each request's socket address (same process, same key). */
export const clientAddressKey = Symbol.for("ansinh.clientAddress");

/** The address of the client of the request being served, as server.mjs saw the socket. */
export function clientAddress(): string | null {
  const store = (globalThis as Record<symbol, unknown>)[clientAddressKey] as AsyncLocalStorage<{ address: string | null }> | undefined;
  return store?.getStore()?.address ?? null;
}

/** An answer of the forwarder's own, in the API's error shape: `{ code, issues: [{ path, vi, en }] }` as data. */
function errorResponse(status: number, code: string, vi: string, en: string): Response {
  return Response.json(
    { error: { message: `${vi} / ${en}`, code: status === 413 ? -32600 : -32603, data: { code, httpStatus: status, issues: [{ path: [], vi, en }] } } },
    { status, headers: { "cache-control": "no-store" } },
  );
}

const tooLarge = (limit: number) => {
  const size = `${Math.round(limit / 1_048_576)} MiB`;
  return errorResponse(413, "PAYLOAD_TOO_LARGE", `Dữ liệu gửi lên quá lớn (tối đa ${size})`, `Request body too large (${size} at most)`);
};

class BodyTooLarge extends Error {}

/** The request body as a stream that errors once more than `limit` bytes have passed. */
function limited(body: ReadableStream<Uint8Array>, limit: number, onExceeded: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > limit) {
          onExceeded();
          controller.error(new BodyTooLarge("body too large"));
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
}

export async function forward(request: Request, upstreamPath: string, options: { clientAddress?: string | null; bodyLimit?: number } = {}): Promise<Response> {
  const incoming = new URL(request.url);
  const target = `${apiUrl()}${upstreamPath}${incoming.search}`;
  const limit = options.bodyLimit ?? BODY_LIMIT;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return tooLarge(limit);

  const headers = new Headers();
  request.headers.forEach((value, key) => {
    const k = key.toLowerCase();
    if (!hopByHop.has(k) && !addressHeaders.has(k)) headers.set(key, value);
  });
  const client = options.clientAddress !== undefined ? options.clientAddress : clientAddress();
  if (client) headers.set("x-forwarded-for", client);
  headers.set("x-forwarded-host", incoming.host);
  headers.set("x-forwarded-proto", incoming.protocol.replace(":", ""));

  let exceeded = false;
  // On too large a body the upstream request is dropped, connection and all.
  const abort = new AbortController();
  const hasBody = request.method !== "GET" && request.method !== "HEAD" && request.body !== null;
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      body: hasBody
        ? limited(request.body!, limit, () => {
            exceeded = true;
            abort.abort();
          })
        : undefined,
      signal: abort.signal,
      // a streamed request body (Node's fetch needs to be told)
      ...(hasBody ? { duplex: "half" } : {}),
      redirect: "manual",
    } as RequestInit);
    if (exceeded) {
      await upstream.body?.cancel().catch(() => {});
      return tooLarge(limit);
    }
    const out = new Headers();
    upstream.headers.forEach((value, key) => {
      const k = key.toLowerCase();
      if (!hopByHop.has(k) && k !== "content-encoding" && k !== "set-cookie") out.append(key, value);
    });
    for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
    return new Response(upstream.body, { status: upstream.status, headers: out });
  } catch {
    if (exceeded) return tooLarge(limit);
    return errorResponse(
      502,
      "BAD_GATEWAY",
      "Mất kết nối máy chủ, vui lòng thử lại sau ít phút",
      "Lost connection to the server, please try again in a few minutes",
    );
  }
}
