import { forward } from "@/server/api-proxy";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return forward(request, "/health");
}
