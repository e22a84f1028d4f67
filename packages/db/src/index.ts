export * from "./client.js";
export * from "./schema/index.js";
export * from "./queries/areas.js";
export * from "./seed/demo.js";
export { containsPattern, ping, resetDatabase, selectRows } from "./queries/sql.js";
export * from "./queries/scope.js";
export * from "./queries/users.js";
export * from "./queries/audit.js";
export * from "./queries/registry-lists.js";
