import { router } from "./trpc.js";
import { areasRouter } from "./routers/areas.js";

export const appRouter = router({
  areas: areasRouter,
});

export type AppRouter = typeof appRouter;
