export * from "./install.js";
export * from "./messages-api.js";
export * from "./run.js";
