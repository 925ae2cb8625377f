export * from "./attributes.js";
export * from "./content.js";
export * from "./defaults.js";
export * from "./events.js";
export * from "./metrics.js";
export * from "./naming.js";
export * from "./pricing.js";
export * from "./traces.js";
