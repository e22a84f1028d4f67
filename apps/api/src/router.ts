import { router } from "./trpc.js";
import { areasRouter } from "./routers/areas.js";
import { calculatorRouter } from "./routers/calculator.js";
import { auditRouter } from "./routers/audit.js";
import { meRouter } from "./routers/me.js";
import { staffRouter } from "./routers/staff.js";
import { usersRouter } from "./routers/users.js";
import { participantsRouter } from "./routers/participants.js";
import { registryRouter } from "./routers/registry.js";
import { renewalsRouter } from "./routers/renewals.js";

export const appRouter = router({
  areas: areasRouter,
  calculator: calculatorRouter,
  me: meRouter,
  users: usersRouter,
  staff: staffRouter,
  audit: auditRouter,
  participants: participantsRouter,
  registry: registryRouter,
  renewals: renewalsRouter,
});

export type AppRouter = typeof appRouter;
