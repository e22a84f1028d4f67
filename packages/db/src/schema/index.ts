export * from "./areas.js";
export * from "./auth.js";
export * from "./roles.js";
export * from "./audit.js";
export * from "./registry.js";
export * from "./plans.js";
export * from "./aggregates.js";
export * from "./worklist.js";
