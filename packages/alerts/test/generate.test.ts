import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ALERTS_PATH,
  BUDGET_PATH,
  DEFAULT_DAILY_BUDGET_USD,
  generatedFiles,
  LOKI_RULES_PATH,
  OPTIONAL_PATH_DISABLED,
  OPTIONAL_PATH_ENABLED,
  parseBudgetFile,
  renderBudgetFile,
} from "../src/index.js";

function emptyRoot(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), "cc-otel-alerts-gen-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const budgetOf = (root: string, options = {}) =>
  parseBudgetFile(generatedFiles(root, options).find((f) => f.path === BUDGET_PATH)?.content ?? "");

describe("the files the alerts package generates", () => {
  it("are the rules, the budget, the optional rules (disabled) and the Loki rules", () => {
    expect(generatedFiles(emptyRoot()).map((f) => f.path)).toEqual([
      ALERTS_PATH,
      BUDGET_PATH,
      OPTIONAL_PATH_DISABLED,
      LOKI_RULES_PATH,
    ]);
  });

  it("keep the budget the budget file holds, a hand edit included", () => {
    const edited = renderBudgetFile(100).replace("vector(100)", "vector( 42.5 )");
    expect(budgetOf(emptyRoot({ [BUDGET_PATH]: edited }))).toBe(42.5);
  });

  it("set the budget asked for, and start from the default without a budget file", () => {
    expect(budgetOf(emptyRoot({ [BUDGET_PATH]: renderBudgetFile(42) }), { dailyBudgetUsd: 250 })).toBe(250);
    expect(budgetOf(emptyRoot())).toBe(DEFAULT_DAILY_BUDGET_USD);
  });

  it("refuse a budget file they cannot read a budget from, rather than resetting it", () => {
    expect(() => generatedFiles(emptyRoot({ [BUDGET_PATH]: "groups: []\n" }))).toThrow(/record/);
  });

  it("keep the name a user gave an optional rules file to turn it on", () => {
    const root = emptyRoot({ [OPTIONAL_PATH_ENABLED]: "# turned on\n" });
    const paths = generatedFiles(root).map((f) => f.path);
    expect(paths).toContain(OPTIONAL_PATH_ENABLED);
    expect(paths).not.toContain(OPTIONAL_PATH_DISABLED);
  });
});
