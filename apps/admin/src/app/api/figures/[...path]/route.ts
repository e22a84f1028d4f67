import { bodyLimitFor, forward } from "@/server/api-proxy";

export const dynamic = "force-dynamic";

/** The figures import's files: the upload (streamed, up to 50 MiB), the templates and reports. */
async function handler(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const upstream = `/api/figures/${path.map(encodeURIComponent).join("/")}`;
  return forward(request, upstream, { bodyLimit: bodyLimitFor(request.method, upstream) });
}

export { handler as GET, handler as POST };
