export * from "./areas.js";
export * from "./auth.js";
