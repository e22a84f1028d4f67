import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@ansinh/api";

/** Same-origin: Next rewrites /api/trpc to the API, so cookies stay first-party. */
export const trpc = createTRPCClient<AppRouter>({
  // The API runs at most 20 procedures per request (apps/api/src/server.ts maxBatchSize).
  links: [httpBatchLink({ url: "/api/trpc", maxItems: 20 })],
});
