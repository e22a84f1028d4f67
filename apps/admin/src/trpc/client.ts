import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@ansinh/api";

/** Same-origin: Next rewrites /api/trpc to the API, so cookies stay first-party. */
export const trpc = createTRPCClient<AppRouter>({
  // The API runs at most 20 procedures per request (apps/api/src/server.ts maxBatchSize).
  // A batch of GETs is split before its URL nears the API's limit (16 KiB, MAX_URL_LENGTH).
  links: [httpBatchLink({ url: "/api/trpc", maxItems: 20, maxURLLength: 8000 })],
});
