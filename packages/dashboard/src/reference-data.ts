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
    (p): PanelReference => ({ ...p, datasources: [...new Set(p.queries.map((q) => q.datasource))] }),
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
