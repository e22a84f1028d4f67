import { agentsRouter } from "./routers/agents.js";
import { areasRouter } from "./routers/areas.js";
import { auditRouter } from "./routers/audit.js";
import { calculatorRouter } from "./routers/calculator.js";
import { campaignsRouter } from "./routers/campaigns.js";
import { dashboardRouter } from "./routers/dashboard.js";
import { duplicatesRouter } from "./routers/duplicates.js";
import { enrolmentsRouter } from "./routers/enrolments.js";
import { facilitiesRouter } from "./routers/facilities.js";
import { figuresRouter } from "./routers/figures.js";
import { fundReturnsRouter } from "./routers/fund-returns.js";
import { importsRouter } from "./routers/imports.js";
import { meRouter } from "./routers/me.js";
import { participantsRouter } from "./routers/participants.js";
import { registryRouter } from "./routers/registry.js";
import { renewalsRouter } from "./routers/renewals.js";
import { staffRouter } from "./routers/staff.js";
import { targetsRouter } from "./routers/targets.js";
import { usersRouter } from "./routers/users.js";
import { worklistRouter } from "./routers/worklist.js";
import { router } from "./trpc.js";

export const appRouter = router({
  areas: areasRouter,
  calculator: calculatorRouter,
  me: meRouter,
  users: usersRouter,
  staff: staffRouter,
  audit: auditRouter,
  agents: agentsRouter,
  facilities: facilitiesRouter,
  enrolments: enrolmentsRouter,
  duplicates: duplicatesRouter,
  imports: importsRouter,
  participants: participantsRouter,
  registry: registryRouter,
  renewals: renewalsRouter,
  worklist: worklistRouter,
  targets: targetsRouter,
  campaigns: campaignsRouter,
  figures: figuresRouter,
  dashboard: dashboardRouter,
  fundReturns: fundReturnsRouter,
});

export type AppRouter = typeof appRouter;
