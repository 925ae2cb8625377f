import { PROCESSOR } from "@cc-otel/collector/names";
import {
  type AttributeSpec,
  COUNTER_LOOKBACK,
  EVENT_METRIC_NAMES,
  EVENT_METRIC_SHARED_ATTRIBUTES,
  EVENT_METRICS,
  type EventMetricSpec,
  eventMetricSeries,
  exactGrowth,
  METRIC_NAMES,
  METRICS,
  PROMETHEUS_SERIES,
  prometheusLabelFor,
  RESOURCE_ATTRIBUTES,
  SCOPES,
  STANDARD_ATTRIBUTES,
  STREAM_START,
  TEAM_RESOURCE_ATTRIBUTES,
} from "@cc-otel/contract";
import { attributeTable, standardPromLabel } from "./attributes.js";
import { EVENT_METRIC_EXAMPLES, METRIC_EXAMPLES } from "./examples.js";
import { anchor, banner, code, frontmatter, page } from "./markdown.js";

export function metricsPage(generateCommand: string): string {
  const out: string[] = [
    frontmatter(
      "Metrics reference",
      "Every Claude Code metric and every metric the collector derives from events: unit, type, attributes, the Prometheus series and an example query.",
      banner("apps/docs/src/reference/metrics-page.ts", "@cc-otel/contract", generateCommand),
      { wideTables: true },
    ),
    `Claude Code sends ${METRIC_NAMES.length} metrics, all monotonic Sums (OpenTelemetry counters) under the instrumentation scope ${code(SCOPES.metrics)}. They arrive with **delta** temporality unless the client sets \`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative\`; the collector converts them to cumulative (\`${PROCESSOR.deltaToCumulative}\`) before remote-writing them to Prometheus, so both settings give the same series.`,
    "",
    "Names change on the way: dots become underscores, the unit is appended (`s` becomes `seconds`) and counters end in `_total`. Attribute keys become labels the same way (`user.id` becomes `user_id`). The table below is the whole mapping.",
    "",
    `The collector also derives ${EVENT_METRIC_NAMES.length} metrics from the events (tool runs, request latency, prompts, errors, decisions): see [Metrics derived from events](#metrics-derived-from-events).`,
    "",
    "## Summary",
    "",
    "| metric | unit | value type | Prometheus series |",
    "|---|---|---|---|",
    ...METRIC_NAMES.map((name) => {
      const m = METRICS[name];
      return `| [${code(name)}](#${anchor(name)}) | ${m.unit ? code(m.unit) : "(none)"} | ${m.valueType} | ${code(PROMETHEUS_SERIES[name])} |`;
    }),
    "",
    "## Attributes on every data point",
    "",
    "Besides its own attributes, every data point carries these. They become labels on every series.",
    "",
    attributeTable(STANDARD_ATTRIBUTES, { header: "Prometheus label", name: standardPromLabel }),
    "",
    "`session.id` changes with every session, so as a label it would grow Prometheus without bound: the collector drops it from metrics unless you opt in (see [Privacy and security](/privacy-security/)). Per-session detail stays available in Loki.",
    "",
    "## Resource attributes",
    "",
    "Set once per process. The collector copies them onto every series as labels, so dashboards can filter by team without joining `target_info`. `service.name` becomes the `job` label.",
    "",
    attributeTable(
      { ...RESOURCE_ATTRIBUTES, ...TEAM_RESOURCE_ATTRIBUTES },
      {
        header: "Prometheus label",
        name: (key) => code(key === "service.name" ? "job" : prometheusLabelFor(key)),
      },
    ),
    "",
    "The team attributes are not sent by Claude Code itself: add them with `OTEL_RESOURCE_ATTRIBUTES` (see [Claude Code setup](/claude-code-setup/#teams-and-departments)).",
    "",
    "## Label added by the collector",
    "",
    `| label | value | why |`,
    "|---|---|---|",
    `| ${code(STREAM_START.label)} | start of the series' running total, Unix nanoseconds | The collector keeps each running total in memory (\`${PROCESSOR.deltaToCumulative}\`). A restart, a second replica or a stream idle for more than 25 h starts another total from zero; with its start as a label it is a new series instead of a drop inside the old one, which Prometheus cannot even see when the new total has passed the old one. Summed growth is then exact across restarts. Aggregate it away like any label: \`sum by (model) (...)\`. |`,
    "",
    "## Reading a running total",
    "",
    "Claude Code's series are sparse: a sample arrives only when a client exported something new, so a window often holds one sample or none, and series start inside windows. Prometheus' `increase()` and `rate()` drop the growth up to a window's first sample and extrapolate the rest to the window's edges: over a day they are a few per cent off, and hourly bars of a real CLI capture summed to 94 % of the day. The dashboard, the alert rules and the examples below use the exact growth instead: the last value in the window minus the last value before it, a series born in the window counted in full.",
    "",
    `USD spent in the last 24 hours, per series (${COUNTER_LOOKBACK}: how long the collector keeps an idle running total):`,
    "",
    "```promql",
    exactGrowth(PROMETHEUS_SERIES["claude_code.cost.usage"], "24h"),
    "```",
    "",
    "Windows that tile a range add up to the range's total, so a time series of it sums to the stat beside it.",
    "",
  ];
  for (const name of METRIC_NAMES) {
    const m = METRICS[name];
    const example = METRIC_EXAMPLES[name];
    out.push(
      `## ${name}`,
      "",
      m.description,
      "",
      "| | |",
      "|---|---|",
      `| OTLP name | ${code(name)} |`,
      `| type | monotonic Sum (counter), ${m.valueType} values |`,
      `| unit | ${m.unit ? code(m.unit) : "(none: a count)"} |`,
      "| temporality | delta by default, cumulative on request |",
      `| Prometheus series | ${code(PROMETHEUS_SERIES[name])} |`,
      "",
    );
    const attrs = m.attributes as Readonly<Record<string, AttributeSpec>>;
    if (Object.keys(attrs).length) {
      out.push(
        attributeTable(attrs, { header: "Prometheus label", name: (k) => code(prometheusLabelFor(k)) }),
        "",
      );
    } else {
      out.push("No attributes besides the standard and resource ones.", "");
    }
    if (name === "claude_code.cost.usage") {
      out.push(
        "The value is the client's own estimate from its price table, not your invoice: see [Prices](/reference/prices/).",
        "",
      );
    }
    out.push(`${example.what}:`, "", "```promql", example.promql, "```", "");
  }
  out.push(...eventMetricsSection());
  return page(out);
}

function eventMetricsSection(): string[] {
  const out = [
    "## Metrics derived from events",
    "",
    "Made by the cc-otel collector, not by Claude Code (its `signal_to_metrics` connector): aggregates of the events, so that tool use, latency, errors and prompts are fast over 7 and 30 days, alertable and value-checked on real Prometheus. Each event is counted once, whatever the client's retries. Durations are exponential histograms, which Prometheus stores as **native histograms** (one series per label set; `histogram_count` gives the number of events, `histogram_quantile` the percentiles); prompt length has fixed buckets matching the dashboard's classes.",
    "",
    "They are stamped when the collector counts them, not with the event's own time: Claude Code exports events every 5 s, so that is within seconds of when they happened, but a backfill of past events counts when it arrives. Per-event detail (who, when exactly, the error text) stays in Loki.",
    "",
    `Labels: the metric's own below, plus ${EVENT_METRIC_SHARED_ATTRIBUTES.map((a) => code(prometheusLabelFor(a.key))).join(", ")} (the e-mail only with a claude.ai login) and the resource labels (team, department) as on every metric.`,
    "",
    "| metric | from event | kind | Prometheus series | labels |",
    "|---|---|---|---|---|",
    ...EVENT_METRIC_NAMES.map((name) => {
      const m = EVENT_METRICS[name] as EventMetricSpec;
      const kind =
        m.kind === "sum"
          ? "counter"
          : m.buckets
            ? `histogram of ${code(m.value ?? "")}, buckets ≤ ${m.buckets.join(", ")}`
            : `native histogram of ${code(m.value ?? "")}${m.unit ? ` (${m.unit})` : ""}`;
      const labels = m.attributes
        .map((a) => `${code(prometheusLabelFor(a.key))}${a.absent ? ` (\`${a.absent}\` when absent)` : ""}`)
        .join(", ");
      return `| ${code(name)} | ${code(m.event)} | ${kind} | ${code(eventMetricSeries(name))}${m.buckets ? " (`_bucket`, `_count`, `_sum`)" : ""} | ${labels || "(shared only)"} |`;
    }),
    "",
  ];
  for (const name of EVENT_METRIC_NAMES) {
    const m = EVENT_METRICS[name] as EventMetricSpec;
    const example = EVENT_METRIC_EXAMPLES[name];
    out.push(
      `### ${name}`,
      "",
      m.description,
      "",
      `${example.what}:`,
      "",
      "```promql",
      example.promql,
      "```",
      "",
    );
  }
  return out;
}
