import { PROCESSOR } from "@cc-otel/collector/names";
import {
  type AttributeSpec,
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
import { METRIC_EXAMPLES } from "./examples.js";
import { anchor, banner, code, frontmatter, page } from "./markdown.js";

export function metricsPage(generateCommand: string): string {
  const out: string[] = [
    frontmatter(
      "Metrics reference",
      "Every Claude Code metric: unit, type, attributes, the Prometheus series it becomes and an example query.",
      banner("apps/docs/src/reference/metrics-page.ts", "@cc-otel/contract", generateCommand),
      { wideTables: true },
    ),
    `Claude Code sends ${METRIC_NAMES.length} metrics, all monotonic Sums (OpenTelemetry counters) under the instrumentation scope ${code(SCOPES.metrics)}. They arrive with **delta** temporality unless the client sets \`OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative\`; the collector converts them to cumulative (\`${PROCESSOR.deltaToCumulative}\`) before remote-writing them to Prometheus, so both settings give the same series.`,
    "",
    "Names change on the way: dots become underscores, the unit is appended (`s` becomes `seconds`) and counters end in `_total`. Attribute keys become labels the same way (`user.id` becomes `user_id`). The table below is the whole mapping.",
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
  return page(out);
}
