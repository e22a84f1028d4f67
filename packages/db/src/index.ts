export * from "./client.js";
export * from "./schema/index.js";
export * from "./queries/areas.js";
export * from "./seed/demo.js";
export { ping, resetDatabase, selectRows } from "./queries/sql.js";
export * from "./queries/access.js";
