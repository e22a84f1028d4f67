import { router } from "./trpc.js";
import { areasRouter } from "./routers/areas.js";
import { calculatorRouter } from "./routers/calculator.js";
import { auditRouter, meRouter, staffRouter, usersRouter } from "./routers/users.js";

export const appRouter = router({
  areas: areasRouter,
  calculator: calculatorRouter,
  me: meRouter,
  users: usersRouter,
  staff: staffRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
