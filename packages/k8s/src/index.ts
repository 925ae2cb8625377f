export * from "./collector.js";
export * from "./generate.js";
export * from "./helm.js";
export * from "./operator.js";
export * from "./paths.js";
export * from "./render.js";
export * from "./scratch.js";
export * from "./tools.js";
