import { parseArgs } from "node:util";
import type { GenerateOptions } from "./generators.js";

/** `generate [--daily-budget-usd N]`. */
export function parseCliArgs(argv: readonly string[]): GenerateOptions {
  const { values } = parseArgs({
    // pnpm passes the `--` of `pnpm generate -- --flag` through (twice through a package's wrapper).
    args: argv.filter((a) => a !== "--"),
    options: { "daily-budget-usd": { type: "string" } },
    strict: true,
  });
  const budget = values["daily-budget-usd"];
  if (budget === undefined) return {};
  const usd = Number(budget);
  if (!Number.isFinite(usd) || usd <= 0) {
    throw new Error(`--daily-budget-usd wants a positive number of USD, got '${budget}'`);
  }
  return { dailyBudgetUsd: usd };
}
