import { forward } from "@/server/api-proxy";

export const dynamic = "force-dynamic";

async function handler(request: Request, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  return forward(request, `/api/auth/${path.map(encodeURIComponent).join("/")}`);
}

export { handler as GET, handler as POST };
