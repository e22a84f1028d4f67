import { router } from "../trpc.js";

/** Filled in by issue 11. */
export const figuresRouter = router({});
