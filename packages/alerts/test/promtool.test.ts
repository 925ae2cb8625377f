import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoPath } from "@cc-otel/repo";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type AlertRule,
  activePath,
  alertsFile,
  alertsOf,
  allRuleFiles,
  BUDGET_FILE,
  BUDGET_RECORD,
  optionalFile,
  promtoolTestFile,
  renderBudgetFile,
  renderRuleFile,
  TEST_BUDGET_USD,
} from "../src/index.js";
import { promtool } from "./helpers.js";

describe("promtool check rules (the committed files)", () => {
  for (const file of [BUDGET_FILE, ...allRuleFiles().map((f) => repoPath(activePath(f.path)))]) {
    it(`${file.split("/").pop()} is valid`, () => {
      const res = promtool(["check", "rules", "--lint=all", "--lint-fatal", file]);
      expect(res.output).toMatch(/SUCCESS/);
      expect(res.status, res.output).toBe(0);
    });
  }
});

describe("promtool test rules: every alert fires when it should and only then", () => {
  let dir: string;
  let ruleFiles: string[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "cc-otel-alerts-"));
    // The rules exactly as generated, and a budget file with the budget the cases are written for.
    ruleFiles = [
      ["alerts.yml", renderRuleFile(alertsFile())],
      ["budget.yml", renderBudgetFile(TEST_BUDGET_USD)],
      ["optional.yml", renderRuleFile(optionalFile())],
    ].map(([name, text]) => {
      const file = join(dir, name as string);
      writeFileSync(file, text as string);
      return file;
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const alerts = alertsOf(...allRuleFiles());

  it("covers every alert with firing and quiet cases", () => {
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const a of alerts) {
      expect(a.tests.fires.length, a.alert).toBeGreaterThan(0);
      expect(a.tests.quiet.length, a.alert).toBeGreaterThan(0);
      for (const c of a.tests.fires) expect(c.expect.length, `${a.alert}: ${c.title}`).toBeGreaterThan(0);
      for (const c of a.tests.quiet) expect(c.expect, `${a.alert}: ${c.title}`).toEqual([]);
    }
  });

  for (const a of alerts) {
    it(`${a.alert}: ${a.tests.fires.length} firing and ${a.tests.quiet.length} quiet cases pass`, () => {
      const file = join(dir, `${a.alert}.test.yml`);
      writeFileSync(file, promtoolTestFile(a, { ruleFiles, queries: { [BUDGET_RECORD]: TEST_BUDGET_USD } }));
      const res = promtool(["test", "rules", file]);
      expect(res.status, `${res.output}\n--- ${file}`).toBe(0);
      expect(res.output).toMatch(/SUCCESS/);
    });
  }

  it("a wrong expectation fails (the harness can fail)", () => {
    const [a] = alerts;
    if (!a) throw new Error("no alerts");
    // The firing cases, claimed quiet: promtool must reject them.
    const [first, ...rest] = a.tests.fires.map((c) => ({ ...c, expect: [] }));
    const broken: AlertRule = {
      ...a,
      tests: { ...a.tests, quiet: [first, ...rest] as AlertRule["tests"]["quiet"] },
    };
    const file = join(dir, "broken.test.yml");
    writeFileSync(file, promtoolTestFile(broken, { ruleFiles, queries: {} }));
    const res = promtool(["test", "rules", file]);
    expect(res.status).not.toBe(0);
  });
});
