import type { Dashboard, VariableModel } from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard } from "./dashboard.js";
import {
  ALL,
  computeIntervalMs,
  type InterpolationContext,
  interpolate,
  intervalToMs,
  type VariableValue,
} from "./interpolate.js";
import type { PanelQuery } from "./panel-queries.js";
import { DS_VARS, FILTERS, SESSION_VAR } from "./variables.js";

/**
 * Turns a panel query into the request Grafana would send: expression with variables and macros
 * filled in, time range and step. For the live-data test (run every panel against real servers)
 * and for the parser tests.
 */

export interface ResolveOptions {
  /** Dashboard time range, as Grafana's picker says it ("24h" = now-24h..now). Default "24h". */
  readonly dashboardRange?: string;
  /** Evaluation time (epoch ms). Default: Date.now(). */
  readonly now?: number;
  /** Variable values; missing filters are "All", the session id is empty. */
  readonly values?: Readonly<Record<string, VariableValue>>;
  /** The Prometheus datasource's scrape interval (Grafana's default is 15s; the stack sets 60s). */
  readonly scrapeInterval?: string;
  /** Grafana's max data points (≈ panel width in pixels). Default 1000. */
  readonly maxDataPoints?: number;
}

export interface ResolvedQuery {
  readonly expr: string;
  readonly instant: boolean;
  /** Start and end of the query range, epoch ms (start = end for the range of an instant query). */
  readonly startMs: number;
  readonly endMs: number;
  /** Step of a range query, ms. */
  readonly stepMs: number;
}

function variableInfo(v: VariableModel) {
  return {
    name: v.name,
    ...(v.multi !== undefined ? { multi: v.multi } : {}),
    ...(v.includeAll !== undefined ? { includeAll: v.includeAll } : {}),
    ...(v.allValue !== undefined ? { allValue: v.allValue } : {}),
  };
}

export function defaultVariableValues(): Record<string, VariableValue> {
  return {
    [DS_VARS.prometheus]: "prometheus",
    [DS_VARS.loki]: "loki",
    ...Object.fromEntries(FILTERS.map((f) => [f.variable, ALL])),
    [SESSION_VAR]: "",
  };
}

/** Length of a panel's time range in ms: its relative-time override, else the dashboard range. */
export function panelRangeMs(timeFrom: string | undefined, dashboardRange: string, now: number): number {
  if (timeFrom === "now/d") {
    const midnight = new Date(now);
    midnight.setUTCHours(0, 0, 0, 0); // the dashboard time zone is the browser's; UTC here
    return Math.max(now - midnight.getTime(), 1000);
  }
  return intervalToMs(timeFrom ?? dashboardRange);
}

export function queryContext(
  q: PanelQuery,
  options: ResolveOptions = {},
  dashboard: Dashboard = buildDashboard(),
): InterpolationContext {
  const now = options.now ?? Date.now();
  const rangeMs = panelRangeMs(q.timeFrom, options.dashboardRange ?? "24h", now);
  const scrapeMs = intervalToMs(options.scrapeInterval ?? "15s");
  // Grafana: the panel's min interval, else the datasource's scrape interval, is the floor of
  // $__interval and the "scrape interval" of $__rate_interval.
  const minIntervalMs = q.interval ? intervalToMs(q.interval) : q.datasource === "prometheus" ? scrapeMs : 1;
  return {
    datasource: q.datasource,
    rangeMs,
    intervalMs: computeIntervalMs(rangeMs, minIntervalMs, options.maxDataPoints),
    scrapeIntervalMs: minIntervalMs > 1 ? minIntervalMs : scrapeMs,
    variables: (dashboard.templating?.list ?? []).map(variableInfo),
    values: { ...defaultVariableValues(), ...options.values },
    strict: true,
  };
}

export function resolveQuery(q: PanelQuery, options: ResolveOptions = {}): ResolvedQuery {
  const ctx = queryContext(q, options);
  const endMs = options.now ?? Date.now();
  return {
    expr: interpolate(q.expr, ctx),
    instant: q.instant,
    startMs: endMs - ctx.rangeMs,
    endMs,
    stepMs: ctx.intervalMs,
  };
}
