export * from "./events.js";
export * from "./wait.js";
