import { router } from "../trpc.js";

/** Filled in by issue 11. */
export const dashboardRouter = router({});
