export * from "./areas.js";
