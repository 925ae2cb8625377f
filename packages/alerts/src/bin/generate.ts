#!/usr/bin/env node
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DAILY_BUDGET_USD } from "../options.js";
import {
  ALERTS_FILE,
  activePath,
  BUDGET_FILE,
  LOKI_RULES_FILE,
  REFERENCE_FILE,
  REPO_DIR,
  RULES_DIR,
} from "../paths.js";
import { alertsReference } from "../reference.js";
import { parseBudgetFile, renderBudgetFile, renderLokiRules, renderRuleFile } from "../render.js";
import { alertsFile, optionalFile } from "../rules/index.js";

/**
 * Writes the rule files and the reference. The budget file keeps the budget it already holds unless
 * --daily-budget-usd is given: a hand-edited budget survives regeneration.
 */
const { values } = parseArgs({
  // `pnpm ... generate -- --flag` passes the `--` through: drop it.
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: { "daily-budget-usd": { type: "string" } },
  strict: true,
});

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${relative(REPO_DIR, file)}`);
}

const flag = values["daily-budget-usd"];
const budget =
  flag !== undefined
    ? Number(flag)
    : existsSync(BUDGET_FILE)
      ? parseBudgetFile(readFileSync(BUDGET_FILE, "utf8"))
      : DEFAULT_DAILY_BUDGET_USD;

write(ALERTS_FILE, renderRuleFile(alertsFile()));
write(BUDGET_FILE, renderBudgetFile(budget));
// Off-by-default files keep whichever name the user chose: *.yml (on) or *.yml.disabled (off, default).
for (const file of [optionalFile()]) write(activePath(file.path), renderRuleFile(file));
write(LOKI_RULES_FILE, renderLokiRules());
write(REFERENCE_FILE, alertsReference());
const keep = join(RULES_DIR, ".gitkeep");
if (existsSync(keep)) rmSync(keep);
