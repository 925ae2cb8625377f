#!/usr/bin/env node
import { parseArgs } from "node:util";
import { REPO_ROOT, writeFiles } from "@cc-otel/repo";
import { generatedFiles } from "../generate.js";

/**
 * Writes the rule files. The budget file keeps the budget it already holds unless
 * --daily-budget-usd is given: a hand-edited budget survives regeneration.
 */
const { values } = parseArgs({
  // `pnpm ... generate -- --flag` passes the `--` through: drop it.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { "daily-budget-usd": { type: "string" } },
  strict: true,
});

const flag = values["daily-budget-usd"];
const files = generatedFiles(REPO_ROOT, flag === undefined ? {} : { dailyBudgetUsd: Number(flag) });
for (const f of writeFiles(files)) console.log(`wrote ${f.path}`);
