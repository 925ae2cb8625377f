import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventMetricSeries, PROM_LABELS, prometheusLabelFor, promLabel, promSeries } from "@cc-otel/contract";
import { type PanelQuery, panelQueries, resolveQuery } from "@cc-otel/dashboard";
import { prometheusBinaries } from "@cc-otel/harness";
import { afterAll, describe, expect, it } from "vitest";

/**
 * Panels on the data where their queries used to go wrong, evaluated by the real Prometheus query
 * engine (promtool's PromQL unit tests) exactly as Grafana sends them: a tool that never succeeded,
 * an hour in which every request failed, no tokens at all, a model the price list lacks, a model
 * filter on a per-session average. Each case failed before the query was fixed.
 */

const dir = mkdtempSync(join(tmpdir(), "cc-otel-panel-edge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR_MS = 3_600_000;
/** Every case is evaluated at 2 h with the dashboard on "last 1 hour". */
const EVAL = "2h";
const queries = panelQueries();

function panel(title: string, refId = "A"): PanelQuery {
  const q = queries.find((p) => p.title === title && p.refId === refId);
  if (!q) throw new Error(`no panel ${title} [${refId}]`);
  return q;
}

function expr(q: PanelQuery, values: Record<string, string> = {}): string {
  return resolveQuery(q, { now: 2 * HOUR_MS, dashboardRange: "1h", scrapeInterval: "60s", values }).expr;
}

interface Series {
  readonly series: string;
  readonly values: string;
}

/** Runs promtool's PromQL test: `expr` at 2 h must give exactly `samples` (none: "No data"). */
function evaluate(
  name: string,
  input: readonly Series[],
  query: string,
  samples: readonly { labels: string; value: number }[],
): { ok: boolean; output: string } {
  const file = join(dir, `${name.replace(/\W+/g, "-")}.yml`);
  const test = {
    rule_files: [],
    evaluation_interval: "1m",
    tests: [
      {
        interval: "1m",
        input_series: input,
        promql_expr_test: [{ expr: query, eval_time: EVAL, exp_samples: samples }],
      },
    ],
  };
  writeFileSync(file, JSON.stringify(test, null, 2)); // JSON is YAML
  const res = spawnSync(prometheusBinaries().promtool, ["test", "rules", file], {
    encoding: "utf8",
    timeout: 120_000,
  });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}

const user = `${PROM_LABELS.userId}="u1"`;
/** A running total that grows by `per` a minute for 2 h. */
const growing = (per: number) => `0+${per}x120`;
/** A native histogram series that counts one observation of 5 ms a minute for 2 h. */
const observing = "{{schema:0 count:0 sum:0}}+{{schema:0 count:1 sum:5 buckets:[1]}}x120";

describe("panels on their edge cases, in Prometheus' own query engine", () => {
  it("Tool Success Rate shows 0 % for a tool that never succeeded, instead of leaving it out", () => {
    const tools = eventMetricSeries("claude_code.tool.duration");
    const s = (tool: string, success: boolean) =>
      `${tools}{${user}, tool_name="${tool}", success="${success}"}`;
    const r = evaluate(
      "tool-success",
      [
        { series: s("Bash", true), values: observing },
        { series: s("Bash", false), values: observing },
        { series: s("WebFetch", false), values: observing },
      ],
      expr(panel("Tool Success Rate")),
      [
        { labels: '{tool_name="Bash"}', value: 0.5 },
        { labels: '{tool_name="WebFetch"}', value: 0 },
      ],
    );
    expect(r.ok, r.output).toBe(true);
  });

  it("API Error Ratio shows 100 % when every request in the range failed, not No data", () => {
    const errors = eventMetricSeries("claude_code.api_error.count");
    const r = evaluate(
      "all-failed",
      [{ series: `${errors}{${user}, status_code="529"}`, values: growing(1) }],
      expr(panel("API Error Ratio")),
      [{ labels: "{}", value: 1 }],
    );
    expect(r.ok, r.output).toBe(true);
  });

  const tokens = promSeries("claude_code.token.usage");
  const tokenSeries = (model: string, type: string) =>
    `${tokens}{${user}, ${promLabel("claude_code.token.usage", "model")}="${model}", ${promLabel("claude_code.token.usage", "type")}="${type}"}`;

  it("Cached Write Cost shows No data without tokens, not $0.00", () => {
    const other = promSeries("claude_code.session.count");
    const r = evaluate(
      "no-tokens",
      [{ series: `${other}{${user}}`, values: growing(1) }],
      expr(panel("Cached Write Cost (24h)")),
      [],
    );
    expect(r.ok, r.output).toBe(true);
  });

  it("Regular Input Cost prices what it knows and shows a model the price list lacks apart, not at $0", () => {
    const input = [
      { series: tokenSeries("claude-sonnet-4-5-20250929", "input"), values: growing(1000) },
      { series: tokenSeries("acme-internal-model", "input"), values: growing(500) },
    ];
    // The panel's 24 h hold both hours: 120 000 Sonnet tokens at $3/M, and 60 000 it cannot price.
    const priced = evaluate("priced", input, expr(panel("Regular Input Cost (24h)", "A")), [
      { labels: "{}", value: (120 * 1000 * 3) / 1e6 },
    ]);
    expect(priced.ok, priced.output).toBe(true);
    const unpriced = evaluate("unpriced", input, expr(panel("Regular Input Cost (24h)", "B")), [
      { labels: "{}", value: 120 * 500 },
    ]);
    expect(unpriced.ok, unpriced.output).toBe(true);
  });

  it("Average Cost / Session divides all the cost by all the sessions when a model is picked", () => {
    const cost = promSeries("claude_code.cost.usage");
    const model = promLabel("claude_code.cost.usage", "model");
    const r = evaluate(
      "cost-per-session",
      [
        { series: `${cost}{${user}, ${model}="claude-opus-4-5"}`, values: growing(0.5) },
        { series: `${cost}{${user}, ${model}="claude-haiku-4-5"}`, values: growing(0.25) },
        { series: `${promSeries("claude_code.session.count")}{${user}}`, values: growing(1) },
      ],
      expr(panel("Average Cost / Session"), { model: "claude-opus-4-5" }),
      // 45 USD over 60 sessions in the hour, whichever model is picked.
      [{ labels: "{}", value: 45 / 60 }],
    );
    expect(r.ok, r.output).toBe(true);
  });

  it("Code Edit Acceptance Rate shows 0 % when every edit was rejected, not No data", () => {
    const decisions = promSeries("claude_code.code_edit_tool.decision");
    const r = evaluate(
      "all-rejected",
      [{ series: `${decisions}{${user}, ${prometheusLabelFor("decision")}="reject"}`, values: growing(1) }],
      expr(panel("Code Edit Acceptance Rate %")),
      [{ labels: "{}", value: 0 }],
    );
    expect(r.ok, r.output).toBe(true);
  });

  it("Cache Hit Rate shows 0 % when nothing was read from the cache, not No data", () => {
    const r = evaluate(
      "no-cache-reads",
      [{ series: tokenSeries("claude-sonnet-4-5", "input"), values: growing(100) }],
      expr(panel("Cache Hit Rate %")),
      [{ labels: "{}", value: 0 }],
    );
    expect(r.ok, r.output).toBe(true);
  });

  it("would catch a wrong value (the harness can fail)", () => {
    const r = evaluate(
      "wrong",
      [{ series: `${promSeries("claude_code.cost.usage")}{${user}}`, values: growing(1) }],
      expr(panel("Total Cost (range)")),
      [{ labels: "{}", value: 61 }],
    );
    expect(r.ok).toBe(false);
  });
});
