#!/usr/bin/env node
// `pnpm generate`: writes every generated file of the repository, in dependency order.
import { parseCliArgs } from "./args.js";
import { generators } from "./generators.js";
import { generate } from "./run.js";

let options: ReturnType<typeof parseCliArgs>;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (e) {
  console.error(`generate: ${(e as Error).message}`);
  process.exit(2);
}
const outcomes = generate(undefined, generators(options), ({ file, written }) =>
  console.log(`${written ? "wrote    " : "unchanged"} ${file.path}  <- ${file.from}`),
);
const written = outcomes.filter((o) => o.written).length;
console.log(`${written} written, ${outcomes.length - written} unchanged`);
