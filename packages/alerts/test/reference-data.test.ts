import { existsSync } from "node:fs";
import { repoPath } from "@cc-otel/repo";
import { describe, expect, it } from "vitest";
import {
  activePath,
  alertsOf,
  alertsReferenceData,
  allRuleFiles,
  apiErrorRatio,
  BUDGET_RECORD,
  generatedFiles,
} from "../src/index.js";

const ref = alertsReferenceData();

describe("the alerts reference (the docs' alerts page renders it)", () => {
  it("holds every rule file and alert, each alert with its runbook", () => {
    expect(alertsOf(...ref.ruleFiles).map((a) => a.alert)).toEqual(
      alertsOf(...allRuleFiles()).map((a) => a.alert),
    );
    for (const a of alertsOf(...ref.ruleFiles)) expect(a.runbook.actions.length, a.alert).toBeGreaterThan(0);
    expect(ref.loki.rule).toBe(apiErrorRatio);
  });

  it("names files that exist, relative to the repository root, as the generator writes them", () => {
    const generated = generatedFiles().map((f) => f.path);
    for (const path of [...ref.ruleFiles.map((f) => activePath(f.path)), ref.budget.path, ref.loki.path]) {
      expect(existsSync(repoPath(path)), path).toBe(true);
      expect(generated).toContain(path);
    }
    for (const o of ref.optionalFiles) expect(ref.ruleFiles.map((f) => f.path)).toContain(o.disabled);
  });

  it("names the budget series every cost alert compares with", () => {
    expect(ref.budget.record).toBe(BUDGET_RECORD);
    const cost = ref.ruleFiles.flatMap((f) => f.groups).find((g) => g.name.includes("cost"));
    expect(cost?.alerts.some((a) => a.expr.includes(BUDGET_RECORD))).toBe(true);
  });
});
