import { createTRPCClient, httpBatchLink } from "@trpc/client";
import type { AppRouter } from "@ansinh/api";

/** Same-origin: Next rewrites /api/trpc to the API, so cookies stay first-party. */
export const trpc = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: "/api/trpc" })],
});
