import {
  CHARTED_EVENT_NAMES,
  EVENT_METRIC_NAMES,
  EVENT_METRIC_SHARED_ATTRIBUTES,
  EVENT_METRICS,
  EVENT_NAMES,
  type EventMetricName,
  type EventName,
  eventMetricSeries,
  LOKI_FIELDS,
  LOKI_STREAM_LABELS,
  lokiFieldFor,
  lokiFieldsOf,
  METRIC_NAMES,
  METRICS,
  type MetricName,
  PROM_LABELS,
  prometheusLabelFor,
  promSeries,
  RESOURCE_ATTRIBUTES,
  STANDARD_ATTRIBUTES,
  TEAM_RESOURCE_ATTRIBUTES,
} from "@cc-otel/contract";
import type { SyntaxNode } from "@lezer/common";
import { describe, expect, it } from "vitest";
import { FILTERS, filterApplies, interpolate, panelQueries, SESSION_VAR } from "../src/index.js";
import {
  contextFor,
  descendants,
  durationSeconds,
  interpolated,
  nodes,
  type Parsed,
  parse,
  SCENARIOS,
  syntaxErrors,
  textOf,
  unquote,
} from "./helpers.js";

const queries = panelQueries();
const promQueries = queries.filter((q) => q.datasource === "prometheus");
const lokiQueries = queries.filter((q) => q.datasource === "loki");
const label = (q: { panelId: number; title: string; refId: string }) =>
  `panel ${q.panelId} '${q.title}' ${q.refId}`;

// ---- what the contract allows -------------------------------------------------------------

type AnyMetric = MetricName | EventMetricName;
/** Every series a query may name: Claude Code's metrics, the event metrics (a classic histogram's parts too). */
const SERIES_TO_METRIC = new Map<string, AnyMetric>([
  ...METRIC_NAMES.map((m): [string, AnyMetric] => [promSeries(m), m]),
  ...EVENT_METRIC_NAMES.flatMap((m): [string, AnyMetric][] =>
    (EVENT_METRICS[m] as { buckets?: readonly number[] }).buckets
      ? ["count", "sum", "bucket"].map((part) => [`${eventMetricSeries(m)}_${part}`, m])
      : [[eventMetricSeries(m), m]],
  ),
]);
const COMMON_PROM_LABELS = new Set([
  ...Object.keys(TEAM_RESOURCE_ATTRIBUTES).map(prometheusLabelFor),
  ...Object.keys(RESOURCE_ATTRIBUTES).map(prometheusLabelFor),
  PROM_LABELS.job,
]);
function promLabelsOf(metric: AnyMetric): Set<string> {
  if (Object.hasOwn(EVENT_METRICS, metric)) {
    const m = EVENT_METRICS[metric as EventMetricName] as { attributes: readonly { key: string }[] };
    return new Set([
      ...COMMON_PROM_LABELS,
      ...EVENT_METRIC_SHARED_ATTRIBUTES.map((a) => prometheusLabelFor(a.key)),
      ...m.attributes.map((a) => prometheusLabelFor(a.key)),
      "le",
    ]);
  }
  return new Set([
    ...COMMON_PROM_LABELS,
    ...Object.keys(STANDARD_ATTRIBUTES).map(prometheusLabelFor),
    ...Object.keys(METRICS[metric as MetricName].attributes).map(prometheusLabelFor),
  ]);
}
const seriesName = (m: AnyMetric) =>
  Object.hasOwn(EVENT_METRICS, m) ? eventMetricSeries(m as EventMetricName) : promSeries(m as MetricName);
const EXTRA_LOKI_FIELDS = [
  ...Object.keys(TEAM_RESOURCE_ATTRIBUTES).map(lokiFieldFor),
  ...Object.keys(RESOURCE_ATTRIBUTES).map(lokiFieldFor),
  "__error__",
];
function lokiFieldsFor(events: readonly EventName[]): Set<string> {
  return new Set([...events.flatMap((e) => lokiFieldsOf(e)), ...EXTRA_LOKI_FIELDS]);
}

// ---- tree helpers -------------------------------------------------------------------------

interface Selector {
  readonly metric: string;
  readonly matchers: { label: string; op: string; value: string }[];
}

function promSelectors(p: Parsed): Selector[] {
  return nodes(p.tree, "VectorSelector").map((vs) => {
    const id = descendants(vs, "Identifier")[0];
    return {
      metric: id ? textOf(p, id) : "",
      matchers: descendants(vs, "UnquotedLabelMatcher").map((m) => {
        const [name, op, value] = [
          m.getChild("LabelName"),
          m.getChild("MatchOp"),
          m.getChild("StringLiteral"),
        ];
        return {
          label: name ? textOf(p, name) : "",
          op: op ? textOf(p, op) : "",
          value: value ? unquote(textOf(p, value)) : "",
        };
      }),
    };
  });
}

function metricsUnder(p: Parsed, node: SyntaxNode): AnyMetric[] {
  return descendants(node, "VectorSelector").flatMap((vs) => {
    const id = descendants(vs, "Identifier")[0];
    const metric = SERIES_TO_METRIC.get(id ? textOf(p, id) : "");
    return metric ? [metric] : [];
  });
}

interface LokiFilter {
  readonly field: string;
  readonly op: string;
  readonly value: string;
}

function lokiLabelFilters(p: Parsed): LokiFilter[] {
  return nodes(p.tree, "LabelFilter")
    .map((lf) => lf.getChild("Matcher"))
    .filter((m): m is SyntaxNode => m !== null)
    .map((m) => {
      const [id, str] = [m.getChild("Identifier"), m.getChild("String")];
      const op = m.firstChild?.nextSibling;
      return {
        field: id ? textOf(p, id) : "",
        op: op ? textOf(p, op) : "",
        value: str ? unquote(textOf(p, str)) : "",
      };
    });
}

function lokiEvents(p: Parsed): EventName[] {
  return lokiLabelFilters(p)
    .filter((f) => f.field === LOKI_FIELDS.eventName)
    .map((f) => f.value as EventName);
}

/** Every field a LogQL query names: label filters, numeric filters, unwrap, grouping, line_format. */
function lokiFieldsNamed(p: Parsed): string[] {
  const fromFilters = [...nodes(p.tree, "LabelFilter"), ...nodes(p.tree, "NumberFilter")]
    .map((n) => n.getChild("Matcher")?.getChild("Identifier") ?? n.getChild("Identifier"))
    .filter((n): n is SyntaxNode => n !== null && n !== undefined)
    .map((n) => textOf(p, n));
  const fromUnwrap = nodes(p.tree, "UnwrapExpr")
    .map((u) => u.getChild("Identifier"))
    .filter((n): n is SyntaxNode => n !== null)
    .map((n) => textOf(p, n));
  const fromGrouping = nodes(p.tree, "Grouping").flatMap((g) =>
    descendants(g, "Identifier").map((n) => textOf(p, n)),
  );
  const fromTemplates = nodes(p.tree, "LineFormatExpr").flatMap((lf) =>
    [...textOf(p, lf).matchAll(/\{\{\s*(?:if\s+)?\.(\w+)/g)].map((m) => m[1] ?? ""),
  );
  return [...fromFilters, ...fromUnwrap, ...fromGrouping, ...fromTemplates];
}

function promContractViolations(p: Parsed): string[] {
  const out: string[] = [];
  for (const s of promSelectors(p)) {
    const metric = SERIES_TO_METRIC.get(s.metric);
    if (!metric) {
      out.push(`unknown series ${s.metric}`);
      continue;
    }
    const allowed = promLabelsOf(metric);
    for (const m of s.matchers) if (!allowed.has(m.label)) out.push(`${s.metric} has no label ${m.label}`);
  }
  // `by (...)` labels must exist on every metric aggregated under them.
  for (const agg of nodes(p.tree, "AggregateExpr")) {
    const grouping = agg.getChild("AggregateModifier")?.getChild("GroupingLabels");
    if (!grouping) continue;
    const metrics = metricsUnder(p, agg);
    for (const l of descendants(grouping, "LabelName").map((n) => textOf(p, n))) {
      for (const m of metrics) if (!promLabelsOf(m).has(l)) out.push(`${seriesName(m)} has no label ${l}`);
    }
  }
  return out;
}

function lokiContractViolations(p: Parsed): string[] {
  const out: string[] = [];
  for (const m of nodes(p.tree, "Selector").flatMap((s) => descendants(s, "Matcher"))) {
    const id = m.getChild("Identifier");
    const name = id ? textOf(p, id) : "";
    if (!(Object.values(LOKI_STREAM_LABELS) as string[]).includes(name)) out.push(`stream label ${name}`);
  }
  const events = lokiEvents(p);
  const unknown = events.filter((e) => !EVENT_NAMES.includes(e));
  for (const e of unknown) out.push(`unknown event ${e}`);
  if (unknown.length) return out;
  const allowed = lokiFieldsFor(events.length ? events : CHARTED_EVENT_NAMES);
  for (const f of lokiFieldsNamed(p)) {
    if (!allowed.has(f)) out.push(`${events.join(", ") || "events"} has no field ${f}`);
  }
  return out;
}

/** What Grafana would still take for a variable (its own syntaxes). */
const LEFTOVER_VARIABLE = /\$\w|\$\{|\[\[\w+(?::\w+)?\]\]/;

// ---- tests --------------------------------------------------------------------------------

describe.each(SCENARIOS)("queries parse after interpolation: $name", (scenario) => {
  it.each(promQueries.map((q) => [label(q), q] as const))("PromQL %s", (_, q) => {
    const p = interpolated(q, scenario);
    expect(p.text).not.toMatch(LEFTOVER_VARIABLE);
    expect(syntaxErrors(p), p.text).toEqual([]);
  });

  it.each(lokiQueries.map((q) => [label(q), q] as const))("LogQL %s", (_, q) => {
    const p = interpolated(q, scenario);
    expect(p.text).not.toMatch(LEFTOVER_VARIABLE);
    expect(syntaxErrors(p), p.text).toEqual([]);
  });
});

describe("the parsers catch broken queries (so the checks above mean something)", () => {
  it("flags invalid PromQL and LogQL", () => {
    const [prom, loki] = [promQueries[0], lokiQueries[0]];
    if (!prom || !loki) throw new Error("no queries");
    const scenario = SCENARIOS[0];
    if (!scenario) throw new Error("no scenario");
    const p = interpolated({ ...prom, expr: `${prom.expr})` }, scenario);
    expect(syntaxErrors(p).length).toBeGreaterThan(0);
    const l = interpolated({ ...loki, expr: loki.expr.replace("|", "| |") }, scenario);
    expect(syntaxErrors(l).length).toBeGreaterThan(0);
  });
});

describe("names come from the contract", () => {
  const scenario = SCENARIOS[0];
  if (!scenario) throw new Error("no scenario");

  it.each(promQueries.map((q) => [label(q), q] as const))("PromQL %s", (_, q) => {
    const p = interpolated(q, scenario);
    expect(promSelectors(p).length).toBeGreaterThan(0);
    expect(promContractViolations(p)).toEqual([]);
  });

  it.each(lokiQueries.map((q) => [label(q), q] as const))("LogQL %s", (_, q) => {
    expect(lokiContractViolations(interpolated(q, scenario))).toEqual([]);
  });

  it("reports names the contract does not know", () => {
    expect(
      promContractViolations(
        parse(
          "prometheus",
          'sum by (tool) (rate(claude_code_cost_usage_USD_total{session_id="x", toolname="y"}[5m])) / claude_code_costs_total',
        ),
      ),
    ).toEqual([
      "claude_code_cost_usage_USD_total has no label toolname",
      "unknown series claude_code_costs_total",
      "claude_code_cost_usage_USD_total has no label tool",
    ]);
    expect(
      lokiContractViolations(
        parse(
          "loki",
          'sum by (tool) (count_over_time({service="x"} | event_name="tool_result" | model="m" | line_format "{{.durationms}}" | unwrap cost_usd [1m]))',
        ),
      ),
    ).toEqual([
      "stream label service",
      "tool_result has no field model",
      "tool_result has no field cost_usd",
      "tool_result has no field tool",
      "tool_result has no field durationms",
    ]);
    expect(
      lokiContractViolations(parse("loki", '{service_name="claude-code"} | event_name="tool_use"')),
    ).toEqual(["unknown event tool_use"]);
  });

  it("uses every metric, every event metric and so every charted event at least once", () => {
    const used = new Set(
      promQueries.flatMap((q) =>
        promSelectors(interpolated(q, scenario)).map((s) => SERIES_TO_METRIC.get(s.metric)),
      ),
    );
    for (const m of [...METRIC_NAMES, ...EVENT_METRIC_NAMES]) expect(used.has(m), m).toBe(true);
    // Events are charted through their metrics (Prometheus) or read raw (Loki).
    const charted = new Set<string>([
      ...EVENT_METRIC_NAMES.map((m) => EVENT_METRICS[m].event),
      ...lokiQueries.flatMap((q) => lokiEvents(interpolated(q, scenario))),
    ]);
    for (const e of CHARTED_EVENT_NAMES.filter((x) => x !== "assistant_response")) {
      expect(charted.has(e), e).toBe(true);
    }
  });
});

/**
 * Panels whose meaning excludes the model filter, as their description says: sessions carry no model,
 * so a per-session average ignores it on both sides; API errors are counted by status, not model,
 * so the error ratio ignores it for its requests too.
 */
const EXEMPT_FROM_MODEL = new Set([7, 12, 33]);

/** Dashboard filters a Prometheus query fails to apply (each variable interpolated to `sentinel_<name>`). */
function missingPromFilters(p: Parsed, except: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const s of promSelectors(p)) {
    const metric = SERIES_TO_METRIC.get(s.metric);
    if (!metric) throw new Error(s.metric);
    for (const f of FILTERS.filter((x) => filterApplies(x, metric) && !except.includes(x.variable))) {
      const ok = s.matchers.some(
        (m) => m.label === f.promLabel && m.op === "=~" && m.value === `sentinel_${f.variable}`,
      );
      if (!ok) out.push(`${s.metric} not filtered by $${f.variable}`);
    }
  }
  return out;
}

/** Dashboard filters a LogQL query fails to apply; the session drill-down must filter on the session. */
function missingLokiFilters(p: Parsed): string[] {
  const filters = lokiLabelFilters(p);
  const has = (field: string, op: string, value: string) =>
    filters.some((m) => m.field === field && m.op === op && m.value === value);
  const events = lokiEvents(p);
  if (events.length === 0) {
    return has(LOKI_FIELDS.sessionId, "=", "sentinel_session") ? [] : ["not filtered by session"];
  }
  return events.flatMap((e) =>
    FILTERS.filter((f) => f.appliesToEvent(e))
      .filter((f) => !has(f.lokiField, "=~", `sentinel_${f.variable}`))
      .map((f) => `${e} not filtered by $${f.variable}`),
  );
}

describe("filters apply to every panel they concern", () => {
  // Each variable set to one distinctive value, so its matcher can be found after interpolation.
  const scenario = {
    name: "sentinels",
    dashboardRange: "24h",
    values: {
      ...SCENARIOS[0]?.values,
      ...Object.fromEntries(FILTERS.map((f) => [f.variable, [`sentinel_${f.variable}`]])),
      [SESSION_VAR]: "sentinel_session",
    },
  };

  it.each(promQueries.map((q) => [label(q), q] as const))("PromQL %s", (_, q) => {
    const except = EXEMPT_FROM_MODEL.has(q.panelId) ? ["model"] : [];
    expect(missingPromFilters(interpolated(q, scenario), except)).toEqual([]);
  });

  it("exempts a panel from the model filter only where its description says the filter does not apply", () => {
    for (const q of promQueries.filter((x) => EXEMPT_FROM_MODEL.has(x.panelId)))
      expect(q.description, label(q)).toMatch(/model filter does not apply|not model/);
  });

  it.each(lokiQueries.map((q) => [label(q), q] as const))("LogQL %s", (_, q) => {
    expect(missingLokiFilters(interpolated(q, scenario))).toEqual([]);
  });

  it("notices a missing filter", () => {
    const sel = 'claude_code_cost_usage_USD_total{user_id=~"sentinel_user", model=~"sentinel_model"}';
    expect(missingPromFilters(parse("prometheus", `sum(rate(${sel}[5m]))`))).toEqual([
      "claude_code_cost_usage_USD_total not filtered by $department",
      "claude_code_cost_usage_USD_total not filtered by $team",
      "claude_code_cost_usage_USD_total not filtered by $terminal",
    ]);
    const logql = 'count_over_time({service_name="claude-code"} | event_name="tool_result" [1m])';
    expect(missingLokiFilters(parse("loki", logql))).toHaveLength(4);
    expect(missingLokiFilters(parse("loki", '{service_name="claude-code"}'))).toEqual([
      "not filtered by session",
    ]);
  });
});

/** Range-vector windows of a PromQL query, in seconds. */
function rangeWindows(p: Parsed): number[] {
  return nodes(p.tree, "MatrixSelector").map((ms) => {
    const d = ms.getChild("DurationExpr");
    return d ? durationSeconds(textOf(p, d)) : Number.NaN;
  });
}

describe("rate windows", () => {
  it("are read from the parse tree", () => {
    expect(
      rangeWindows(parse("prometheus", "rate(x[1m]) + increase(y[2h30m]) + avg_over_time(z[1d:5m])")),
    ).toEqual([60, 9000]);
  });

  it("span at least one 60 s export interval in every scenario", () => {
    for (const scenario of SCENARIOS) {
      for (const q of promQueries) {
        const p = interpolated(q, scenario);
        for (const window of rangeWindows(p)) {
          expect(window, `${label(q)} window in ${p.text}`).toBeGreaterThanOrEqual(60);
        }
      }
    }
  });

  it("are never read by rate() or increase(): every growth is exact (contract's exactGrowth)", () => {
    for (const q of promQueries) expect(q.expr, label(q)).not.toMatch(/\b(rate|irate|increase|delta)\(/);
  });

  it("interpolates the hourly panels to hour-long buckets", () => {
    for (const q of queries.filter((x) => x.interval === "1h")) {
      const scenario = SCENARIOS[0];
      if (!scenario) throw new Error("no scenario");
      expect(interpolate(q.expr, contextFor(q, scenario))).toContain("[1h]");
    }
  });
});
