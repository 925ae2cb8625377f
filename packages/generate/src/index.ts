export { parseCliArgs } from "./args.js";
export { GENERATORS, type GenerateOptions, type Generator, generators } from "./generators.js";
export { generate, type Outcome, staleOutcomes } from "./run.js";
