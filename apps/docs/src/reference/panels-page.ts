import {
  type DashboardReference,
  PANEL_SOURCE_TEXT,
  type PanelReference,
  type VariableReference,
} from "@cc-otel/dashboard";
import { banner, cell, code, frontmatter, page } from "./markdown.js";

/** The dashboard-panels page: every panel of the Grafana dashboard, from @cc-otel/dashboard's data. */

const TIME_NOTES: Record<string, string> = {
  "now/d": "today so far (`now/d`)",
  "24h": "last 24 h",
  "7d": "last 7 days",
};

function variableRow(v: VariableReference): string {
  const kind =
    v.type === "datasource" ? `datasource (${v.pluginType})` : v.type === "textbox" ? "text box" : "query";
  const multi = v.multi ? `multi-value, All = ${code(v.allValue ?? "all values")}` : "single value";
  const source = v.definition !== undefined ? code(v.definition) : "";
  return `| ${code(v.name)} | ${cell(v.label)} | ${kind} | ${multi} | ${cell(source)} |`;
}

function timeNote(p: PanelReference): string {
  return p.timeFrom ? (TIME_NOTES[p.timeFrom] ?? p.timeFrom) : "dashboard range";
}

function panelSection(p: PanelReference): string[] {
  const facts = [
    `panel id ${p.id}`,
    code(p.type),
    p.datasources.join(", "),
    p.timeFrom ? `time: ${TIME_NOTES[p.timeFrom] ?? code(p.timeFrom)}` : "time: dashboard range",
    ...(p.interval ? [`min interval ${p.interval}`] : []),
  ];
  const lines = [
    `### ${p.title}`,
    "",
    facts.join(" · "),
    "",
    `**Source:** ${p.sources.map((s) => PANEL_SOURCE_TEXT[s]).join("; ")}.`,
    "",
    p.description,
    "",
  ];
  for (const q of p.queries) {
    const how = q.instant ? "instant" : "range";
    const legend = q.legendFormat ? `, legend ${code(q.legendFormat)}` : "";
    const lang = q.datasource === "prometheus" ? "promql" : "logql";
    lines.push(`Query ${q.refId} (${how}${legend}):`, "", `\`\`\`${lang}`, q.expr, "```", "");
  }
  return lines;
}

export function panelsPage(dashboard: DashboardReference, generateCommand: string): string {
  const { panels, rows } = dashboard;
  const out: string[] = [
    frontmatter(
      "Dashboard panels",
      "Every panel of the Grafana dashboard: what it shows and the query behind it.",
      banner(
        "apps/docs/src/reference/panels-page.ts",
        "the dashboard definition (packages/dashboard)",
        generateCommand,
      ),
    ),
    "_Generated from the dashboard definition in `packages/dashboard`, the same that generates the dashboard JSON._",
    "",
    `The Grafana dashboard ${code(dashboard.title)} (uid ${code(dashboard.uid)}, file ${code(dashboard.path)})`,
    `has ${panels.length} panels in ${rows.length} rows. Every query below is exactly what the dashboard runs, before`,
    "Grafana fills in its variables and macros (`$__range`: the panel's time range; `$__interval`: the step of a",
    "time series, `$__interval_ms` the same in ms). Every counter's growth is exact: the last value in a window minus",
    "the last before it, so the steps of a time series add up to the range's total (see the metrics reference).",
    "",
    "## Variables",
    "",
    "Filters apply to every panel whose data carries the label: the model filter only to cost, token and",
    'lines-of-code metrics and to events with a model. "All" matches series without the label too.',
    "",
    "| variable | label | kind | values | source |",
    "|---|---|---|---|---|",
    ...dashboard.variables.map(variableRow),
    "",
  ];
  for (const row of rows) {
    const inRow = panels.filter((p) => p.row === row);
    out.push(`## ${row}`, "", "| id | panel | type | time |", "|---|---|---|---|");
    for (const p of inRow) out.push(`| ${p.id} | ${cell(p.title)} | ${p.type} | ${timeNote(p)} |`);
    out.push("");
    for (const p of inRow) out.push(...panelSection(p));
  }
  return page(out);
}
