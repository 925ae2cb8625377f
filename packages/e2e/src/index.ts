export * from "./dashboard.js";
export * from "./event-metrics.js";
export * from "./events.js";
export * from "./exporters.js";
export * from "./self-metrics.js";
export * from "./series.js";
export * from "./wait.js";
