import { type PanelQuery, panelQueries, resolveQuery } from "@cc-otel/dashboard";
import type { PrometheusClient } from "@cc-otel/harness";

/**
 * The dashboard's total cost formula (Total Cost Today's own expression) over the last `range`
 * (default: an hour, so that a test run across midnight UTC cannot split the ledger), or since
 * midnight UTC as the panel shows it ("today").
 */
export async function dashboardTotalCost(prom: PrometheusClient, range = "1h"): Promise<number | undefined> {
  const q = panelQueries().find((p) => p.title === "Total Cost Today" && p.refId === "A");
  if (!q) throw new Error("no Total Cost Today panel");
  const r =
    range === "today"
      ? resolveQuery(q, { scrapeInterval: "60s" })
      : resolveQuery(withoutTimeOverride(q), { dashboardRange: range, scrapeInterval: "60s" });
  return prom.scalar(r.expr, new Date(r.endMs));
}

/** A panel query with its relative-time override removed: it then follows the dashboard range. */
function withoutTimeOverride({ timeFrom: _, ...q }: PanelQuery): PanelQuery {
  return q;
}
