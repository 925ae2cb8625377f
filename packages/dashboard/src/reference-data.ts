import { EVENT_METRIC_NAMES, eventMetricSeries, METRIC_NAMES, promSeries } from "@cc-otel/contract";
import type { Dashboard, VariableModel } from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard, DASHBOARD_UID } from "./dashboard.js";
import type { DatasourceKind } from "./interpolate.js";
import { type PanelSummary, panelSummaries } from "./panel-queries.js";
import { DASHBOARD_PATH } from "./paths.js";

/**
 * The dashboard as a reference: what the docs' panel page shows, as data, so that the page is
 * rendered from the dashboard itself rather than from Markdown written here and parsed there.
 */

export interface VariableReference {
  readonly name: string;
  readonly label: string;
  /** Grafana's variable type: `datasource`, `query`, `textbox`... */
  readonly type: string;
  /** A datasource variable: the plugin it picks a data source of (`prometheus`, `loki`). */
  readonly pluginType?: string;
  readonly multi: boolean;
  /** A multi-value variable: what "All" stands for, when set. */
  readonly allValue?: string;
  /** A query variable: the query that lists its values. */
  readonly definition?: string;
}

export interface PanelReference extends PanelSummary {
  /** The data sources its queries read, in query order. */
  readonly datasources: readonly DatasourceKind[];
  /**
   * Where its number comes from: Claude Code's own metrics, the event aggregates the collector
   * derives (exact, stamped on arrival), or the raw events in Loki.
   */
  readonly sources: readonly PanelSource[];
}

export type PanelSource = "cli-metrics" | "event-metrics" | "loki-events";

export const PANEL_SOURCE_TEXT: Readonly<Record<PanelSource, string>> = {
  "cli-metrics": "Claude Code's metrics, in Prometheus",
  "event-metrics": "event aggregates the collector derives, in Prometheus",
  "loki-events": "the raw events, in Loki",
};

const EVENT_SERIES = EVENT_METRIC_NAMES.map(eventMetricSeries);
const CLI_SERIES = METRIC_NAMES.map(promSeries);

/** Which kinds of data a panel's queries read, from the series and datasources they name. */
export function panelSources(p: PanelSummary): PanelSource[] {
  const out = new Set<PanelSource>();
  for (const q of p.queries) {
    if (q.datasource === "loki") out.add("loki-events");
    else {
      if (EVENT_SERIES.some((s) => q.expr.includes(s))) out.add("event-metrics");
      if (CLI_SERIES.some((s) => q.expr.includes(`${s}{`))) out.add("cli-metrics");
    }
  }
  return [...out];
}

export interface DashboardReference {
  readonly title: string;
  readonly uid: string;
  /** Where the dashboard JSON is, relative to the repository root. */
  readonly path: string;
  /** Row titles, top to bottom. */
  readonly rows: readonly string[];
  readonly variables: readonly VariableReference[];
  /** Every panel but the rows, in layout order. */
  readonly panels: readonly PanelReference[];
}

function variableReference(v: VariableModel): VariableReference {
  return {
    name: v.name,
    label: v.label ?? "",
    type: v.type,
    ...(v.type === "datasource" ? { pluginType: String(v.query) } : {}),
    multi: v.multi === true,
    ...(v.multi && v.allValue !== undefined ? { allValue: v.allValue } : {}),
    ...(v.type === "query" ? { definition: String(v.definition ?? v.query) } : {}),
  };
}

export function dashboardReference(dashboard: Dashboard = buildDashboard()): DashboardReference {
  const panels = panelSummaries(dashboard).map(
    (p): PanelReference => ({
      ...p,
      datasources: [...new Set(p.queries.map((q) => q.datasource))],
      sources: panelSources(p),
    }),
  );
  return {
    title: dashboard.title ?? "",
    uid: DASHBOARD_UID,
    path: DASHBOARD_PATH,
    rows: [...new Set(panels.map((p) => p.row))],
    variables: (dashboard.templating?.list ?? []).map(variableReference),
    panels,
  };
}
