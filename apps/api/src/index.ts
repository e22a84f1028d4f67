export type { AppRouter } from "./router.js";
export { appRouter } from "./router.js";
export { buildServer } from "./server.js";
export { createCallerFactory } from "./trpc.js";
export type { AreaTreeNode } from "./routers/areas.js";
