import { type GeneratedFile, REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { type AlertOptions, DEFAULT_DAILY_BUDGET_USD, DEFAULT_OPTIONS } from "./options.js";
import { activePath, BUDGET_PATH, LOKI_RULES_PATH } from "./paths.js";
import { parseBudgetFile, renderBudgetFile, renderLokiRules, renderRuleFile } from "./render.js";
import { alertsFile, optionalFile } from "./rules/index.js";

export interface AlertsGenerateOptions {
  /** Sets the daily budget; without it the budget file keeps the budget it holds. */
  readonly dailyBudgetUsd?: number;
  readonly rules?: AlertOptions;
}

const FROM = "packages/alerts/src (the rules) and @cc-otel/contract";

/**
 * The budget a regeneration writes: the one asked for, else the one the budget file under `root`
 * holds (a hand edit survives regeneration), else the default.
 */
export function budgetToWrite(root: string = REPO_ROOT, asked?: number): number {
  if (asked !== undefined) return asked;
  const current = readRepoFile(BUDGET_PATH, root);
  return current === undefined ? DEFAULT_DAILY_BUDGET_USD : parseBudgetFile(current);
}

/**
 * Every file the alerts package generates, with its inputs read under `root`: the budget file's
 * current budget, and which name each off-by-default rules file has there (`*.yml` once a user
 * turned it on, else `*.yml.disabled`).
 */
export function generatedFiles(
  root: string = REPO_ROOT,
  options: AlertsGenerateOptions = {},
): GeneratedFile[] {
  const rules = options.rules ?? DEFAULT_OPTIONS;
  const ruleFile = (file: ReturnType<typeof alertsFile>): GeneratedFile => ({
    path: activePath(file.path, root),
    content: renderRuleFile(file),
    from: FROM,
  });
  return [
    ruleFile(alertsFile(rules)),
    {
      path: BUDGET_PATH,
      content: renderBudgetFile(budgetToWrite(root, options.dailyBudgetUsd)),
      from: `the budget it already holds (or --daily-budget-usd, default ${DEFAULT_DAILY_BUDGET_USD})`,
    },
    ruleFile(optionalFile(rules)),
    { path: LOKI_RULES_PATH, content: renderLokiRules(), from: FROM },
  ];
}
