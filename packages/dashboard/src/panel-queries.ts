import type { Dashboard, Panel, RowPanel } from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard } from "./dashboard.js";
import type { DatasourceKind } from "./interpolate.js";

export interface PanelQuery {
  readonly panelId: number;
  readonly title: string;
  readonly description: string;
  readonly row: string;
  readonly panelType: string;
  readonly datasource: DatasourceKind;
  readonly refId: string;
  readonly expr: string;
  readonly legendFormat?: string;
  /** Evaluated once at the end of the range (stats, pies, tables) instead of as a time series. */
  readonly instant: boolean;
  /** Relative time override of the panel (e.g. `now/d`, `24h`), if any. */
  readonly timeFrom?: string;
  /** Min interval of the panel, if any (e.g. `1m`, `1h`). */
  readonly interval?: string;
}

export interface PanelSummary {
  readonly id: number;
  readonly title: string;
  readonly description: string;
  readonly type: string;
  readonly row: string;
  readonly timeFrom?: string;
  readonly interval?: string;
  readonly queries: PanelQuery[];
}

interface TargetLike {
  refId?: string;
  expr?: string;
  legendFormat?: string;
  instant?: boolean;
  queryType?: string;
  datasource?: { type?: string };
}

function isRow(p: Panel | RowPanel): p is RowPanel {
  return p.type === "row";
}

/** Every non-row panel of the dashboard with its row and queries, in layout order. */
export function panelSummaries(dashboard: Dashboard = buildDashboard()): PanelSummary[] {
  const out: PanelSummary[] = [];
  let row = "";
  for (const p of dashboard.panels ?? []) {
    if (isRow(p)) {
      row = p.title ?? "";
      continue;
    }
    const id = p.id ?? -1;
    const title = p.title ?? "";
    const description = p.description ?? "";
    const queries = ((p.targets ?? []) as TargetLike[]).map((t): PanelQuery => {
      const datasource = t.datasource?.type;
      if (datasource !== "prometheus" && datasource !== "loki") {
        throw new Error(`panel ${id} query ${t.refId}: datasource type '${datasource}'`);
      }
      return {
        panelId: id,
        title,
        description,
        row,
        panelType: p.type,
        datasource,
        refId: t.refId ?? "",
        expr: t.expr ?? "",
        ...(t.legendFormat !== undefined ? { legendFormat: t.legendFormat } : {}),
        instant: t.instant === true || t.queryType === "instant",
        ...(p.timeFrom ? { timeFrom: p.timeFrom } : {}),
        ...(p.interval ? { interval: p.interval } : {}),
      };
    });
    out.push({
      id,
      title,
      description,
      type: p.type,
      row,
      ...(p.timeFrom ? { timeFrom: p.timeFrom } : {}),
      ...(p.interval ? { interval: p.interval } : {}),
      queries,
    });
  }
  return out;
}

/** Every query of every panel: for tests, the docs' panel reference and the live-data test. */
export function panelQueries(dashboard: Dashboard = buildDashboard()): PanelQuery[] {
  return panelSummaries(dashboard).flatMap((p) => p.queries);
}
