import { readFileSync } from "node:fs";
import { COLLECTOR, SELF_METRICS_TARGET } from "@cc-otel/collector/names";
import { LOKI_FIELDS, LOKI_SELECTOR, PROMETHEUS_SERIES } from "@cc-otel/contract";
import { repoPath } from "@cc-otel/repo";
import { parser as logqlParser } from "@grafana/lezer-logql";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  activePath,
  alertsFile,
  alertsOf,
  allRuleFiles,
  apiErrorRatio,
  BUDGET_FILE,
  DEFAULT_COLLECTOR_JOB,
  EVENT_COUNT_SERIES,
  LOKI_RULES_FILE,
  PROMETHEUS_CONFIG,
  parseBudgetFile,
  renderBudgetFile,
  renderLokiRules,
  renderRuleFile,
} from "../src/index.js";

function committed(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
// Whether the committed files are fresh is checked with every generated file in packages/generate.
describe("generated files", () => {
  it("the budget file holds one positive budget", () => {
    expect(parseBudgetFile(committed(BUDGET_FILE))).toBeGreaterThan(0);
  });

  it("are the same every time they are built", () => {
    expect(renderRuleFile(alertsFile())).toBe(renderRuleFile(alertsFile()));
    expect(renderLokiRules()).toBe(renderLokiRules());
  });
});

describe("budget file", () => {
  it("round-trips any positive budget, including a hand edit", () => {
    for (const v of [1, 100, 2500.5]) expect(parseBudgetFile(renderBudgetFile(v))).toBe(v);
    const edited = renderBudgetFile(100).replace("vector(100)", "vector( 42.5 )");
    expect(parseBudgetFile(edited)).toBe(42.5);
  });
  it("refuses nonsense", () => {
    expect(() => renderBudgetFile(0)).toThrow(/positive/);
    expect(() => renderBudgetFile(Number.NaN)).toThrow(/positive/);
    expect(() => parseBudgetFile("groups: []")).toThrow(/record/);
  });
});

describe("rules", () => {
  const all = alertsOf(...allRuleFiles());

  // That the docs' alerts page has a section per alert is checked where the page is rendered (apps/docs).
  it("every alert has a severity, a summary, a description that says what to do, and a runbook", () => {
    for (const a of [...all, apiErrorRatio]) {
      expect(["critical", "warning", "info"]).toContain(a.severity);
      expect(a.summary.length, a.alert).toBeGreaterThan(20);
      expect(a.description.length, a.alert).toBeGreaterThan(80);
      expect(a.runbook.causes.length, a.alert).toBeGreaterThan(0);
      expect(a.runbook.actions.length, a.alert).toBeGreaterThan(0);
    }
  });

  it("alert names are unique and follow the ClaudeCode prefix", () => {
    const names = [...all, apiErrorRatio].map((a) => a.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^ClaudeCode[A-Z][A-Za-z]+$/);
  });

  it("the generated YAML carries severity and both annotations on every alert", () => {
    for (const file of [...allRuleFiles().map((f) => repoPath(activePath(f.path))), LOKI_RULES_FILE]) {
      const doc = parse(committed(file)) as { groups: { rules: Record<string, unknown>[] }[] };
      for (const r of doc.groups.flatMap((g) => g.rules).filter((r) => "alert" in r)) {
        expect(r.labels, String(r.alert)).toHaveProperty("severity");
        expect(r.annotations, String(r.alert)).toHaveProperty("summary");
        expect(r.annotations, String(r.alert)).toHaveProperty("description");
      }
    }
  });

  it("Claude Code series come from the contract", () => {
    const text = allRuleFiles()
      .map((f) => committed(repoPath(activePath(f.path))))
      .join("\n");
    const used = [...new Set(text.match(/\bclaude_code_[a-zA-Z_]+\b/g) ?? [])];
    expect(used.length).toBeGreaterThan(0);
    // The event counter is made by the stack's collector (count connector), not sent by Claude Code.
    for (const s of used) expect([...Object.values(PROMETHEUS_SERIES), EVENT_COUNT_SERIES]).toContain(s);
  });

  it("the collector job and the rules directory match stack/prometheus/prometheus.yml", () => {
    const cfg = parse(readFileSync(PROMETHEUS_CONFIG, "utf8")) as {
      rule_files: string[];
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const job = cfg.scrape_configs.find((s) =>
      s.static_configs.some((c) => c.targets.some((t) => t.endsWith(`:${COLLECTOR.selfMetricsPort}`))),
    );
    expect(job?.job_name).toBe(DEFAULT_COLLECTOR_JOB);
    expect(job?.static_configs.flatMap((c) => c.targets)).toEqual([SELF_METRICS_TARGET]);
    expect(cfg.rule_files).toContain("/etc/prometheus/rules/*.yml");
    const compose = readFileSync(
      PROMETHEUS_CONFIG.replace("prometheus/prometheus.yml", "compose.yaml"),
      "utf8",
    );
    expect(compose).toContain("./prometheus/rules:/etc/prometheus/rules");
  });
});

describe("Loki ruler rule (not testable against a real Loki here: its LogQL is parsed)", () => {
  it("is valid LogQL", () => {
    const tree = logqlParser.parse(apiErrorRatio.expr);
    const errors: string[] = [];
    tree.iterate({
      enter: (node) => {
        if (node.type.isError)
          errors.push(`error at ${node.from}: ${apiErrorRatio.expr.slice(node.from, node.from + 30)}`);
      },
    });
    expect(errors).toEqual([]);
    expect(apiErrorRatio.expr).toContain(`${LOKI_SELECTOR} | ${LOKI_FIELDS.eventName}="api_error"`);
  });
  it("is in the generated Loki rules file", () => {
    const doc = parse(committed(LOKI_RULES_FILE)) as {
      groups: { rules: { alert: string; expr: string }[] }[];
    };
    expect(doc.groups[0]?.rules[0]).toMatchObject({ alert: apiErrorRatio.alert, expr: apiErrorRatio.expr });
  });
});
