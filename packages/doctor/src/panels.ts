import {
  EVENT_COUNT,
  EVENT_METRIC_NAMES,
  eventMetricSeries,
  LOKI_SELECTOR,
  lokiFieldFor,
  METRIC_NAMES,
  promSeries,
} from "@cc-otel/contract";
import { type PanelQuery, panelQueries, resolveQuery } from "@cc-otel/dashboard";
import { http } from "./http.js";

/**
 * `pnpm run doctor --panels`: every panel's queries, PromQL and LogQL, against a live Prometheus
 * and Loki exactly as Grafana sends them (variables filled in, every filter on All, the panel's
 * own time range), one line per panel: ok (its value), no data (and the likely cause), or error
 * (the backend's own message).
 */

export interface PanelCheckOptions {
  readonly prometheus: string;
  readonly loki: string;
  /** The dashboard's time range as Grafana's picker says it ("24h", "7d"). */
  readonly range: string;
  /** "skip": do not send LogQL (a stand-in without Loki's query API); those panels say so. */
  readonly lokiReadback: "auto" | "skip";
  readonly now?: number;
  readonly timeoutMs?: number;
}

export type PanelStatus = "ok" | "no data" | "error" | "skipped";

export interface PanelLine {
  readonly panelId: number;
  readonly title: string;
  readonly datasource: "prometheus" | "loki";
  readonly status: PanelStatus;
  readonly detail: string;
}

interface QueryOutcome {
  readonly error?: string;
  /** What the query returned, for the line: a number, rows, series or log lines. */
  readonly summary?: string;
  readonly empty: boolean;
}

const SCRAPE_INTERVAL = "60s";
/** How far back "has this ever arrived" looks when a panel has no data. */
const EVER = { prometheusMs: 30 * 86_400_000, lokiRange: "7d" } as const;

const fmt = (v: number): string =>
  Number.isInteger(v) ? String(v) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);

function labelText(metric: Record<string, string>): string {
  const entries = Object.entries(metric);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(",") : "";
}

/** Prometheus' or Loki's own error text, on one line. */
function backendError(status: number, body: string, error?: string): string {
  if (error) return error;
  try {
    const j = JSON.parse(body) as { error?: string; message?: string };
    if (j.error || j.message) return `HTTP ${status}: ${(j.error ?? j.message ?? "").replace(/\s+/g, " ")}`;
  } catch {
    // not JSON: Loki answers some errors as plain text
  }
  return `HTTP ${status}: ${body.trim().replace(/\s+/g, " ").slice(0, 300)}`;
}

type Result =
  | { resultType: "vector"; result: { metric: Record<string, string>; value: [number, string] }[] }
  | { resultType: "matrix"; result: { metric: Record<string, string>; values: [number, string][] }[] }
  | { resultType: "streams"; result: { stream: Record<string, string>; values: [string, string][] }[] }
  | { resultType: "scalar"; result: [number, string] };

function summarize(data: Result): QueryOutcome {
  switch (data.resultType) {
    case "scalar":
      return { empty: false, summary: fmt(Number(data.result[1])) };
    case "vector": {
      const rows = data.result.filter((r) => Number.isFinite(Number(r.value[1])));
      if (rows.length === 0) return { empty: true };
      if (rows.length === 1 && !labelText(rows[0]?.metric ?? {}))
        return { empty: false, summary: fmt(Number(rows[0]?.value[1])) };
      const shown = rows
        .slice(0, 3)
        .map((r) => `${labelText(r.metric) || "value"} ${fmt(Number(r.value[1]))}`);
      return {
        empty: false,
        summary: `${rows.length} rows (${shown.join("; ")}${rows.length > 3 ? "; …" : ""})`,
      };
    }
    case "matrix": {
      const points = data.result.reduce((n, s) => n + s.values.length, 0);
      if (points === 0) return { empty: true };
      return { empty: false, summary: `${data.result.length} series, ${points} points` };
    }
    case "streams": {
      const lines = data.result.reduce((n, s) => n + s.values.length, 0);
      return lines === 0 ? { empty: true } : { empty: false, summary: `${lines} log lines` };
    }
  }
}

async function runProm(
  base: string,
  q: PanelQuery,
  opts: PanelCheckOptions,
  now: number,
): Promise<QueryOutcome> {
  const r = resolveQuery(q, { now, dashboardRange: opts.range, scrapeInterval: SCRAPE_INTERVAL });
  const params = new URLSearchParams({ query: r.expr });
  if (r.instant) params.set("time", String(r.endMs / 1000));
  else {
    params.set("start", String(r.startMs / 1000));
    params.set("end", String(r.endMs / 1000));
    params.set("step", String(Math.max(1, Math.round(r.stepMs / 1000))));
  }
  const res = await http(`${base}/api/v1/${r.instant ? "query" : "query_range"}`, {
    method: "POST",
    body: params,
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  if (!res.ok) return { empty: true, error: backendError(res.status, res.body, res.error) };
  return summarize((JSON.parse(res.body) as { data: Result }).data);
}

async function runLoki(
  base: string,
  q: PanelQuery,
  opts: PanelCheckOptions,
  now: number,
): Promise<QueryOutcome> {
  const r = resolveQuery(q, { now, dashboardRange: opts.range });
  const ns = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;
  const params = new URLSearchParams({ query: r.expr, limit: "100" });
  if (r.instant) params.set("time", ns(r.endMs));
  else {
    params.set("start", ns(r.startMs));
    params.set("end", ns(r.endMs));
    params.set("step", `${Math.max(1, Math.round(r.stepMs / 1000))}s`);
  }
  const res = await http(`${base}/loki/api/v1/${r.instant ? "query" : "query_range"}?${params}`, {
    timeoutMs: opts.timeoutMs ?? 30_000,
  });
  if (!res.ok) return { empty: true, error: backendError(res.status, res.body, res.error) };
  return summarize((JSON.parse(res.body) as { data: Result }).data);
}

/** Every series cc-otel writes: Claude Code's metrics, the event metrics, the event counts. */
const KNOWN_SERIES = [
  ...METRIC_NAMES.map(promSeries),
  ...EVENT_METRIC_NAMES.map(eventMetricSeries),
  EVENT_COUNT.series,
];

/** Series a PromQL expression reads (a classic histogram's by its base name). */
function seriesOf(expr: string): string[] {
  return KNOWN_SERIES.filter((s) => new RegExp(`\\b${s}(?:_bucket|_count|_sum)?\\b`).test(expr));
}

/** Event names a LogQL expression filters on. */
function eventsOf(expr: string): string[] {
  const field = lokiFieldFor("event.name");
  const m = [...expr.matchAll(new RegExp(`${field}\\s*=~?\\s*"([^"]+)"`, "g"))];
  return [...new Set(m.flatMap((x) => (x[1] ?? "").split("|")))];
}

/** Why a panel is empty: nothing of its kind ever arrived, or none in its range. */
async function noDataCause(
  q: PanelQuery,
  expr: string,
  opts: PanelCheckOptions,
  now: number,
): Promise<string> {
  const range = q.timeFrom === "now/d" ? "today" : `the last ${q.timeFrom ?? opts.range}`;
  if (q.datasource === "prometheus") {
    const series = seriesOf(expr);
    if (series.length === 0) return `no data in ${range}`;
    const params = new URLSearchParams({
      "match[]": `{__name__=~"(${series.join("|")})(_bucket|_count|_sum)?"}`,
      start: String((now - EVER.prometheusMs) / 1000),
      end: String(now / 1000),
    });
    const res = await http(`${opts.prometheus}/api/v1/label/__name__/values?${params}`, {
      timeoutMs: opts.timeoutMs ?? 30_000,
    });
    const names = res.ok ? ((JSON.parse(res.body) as { data: string[] }).data ?? []) : [];
    return names.length === 0
      ? `nothing of this kind in 30 days (${series.join(", ")}): no such activity yet, or it does not reach Prometheus (run pnpm run doctor)`
      : `none in ${range} with every filter on All: widen the time range`;
  }
  const events = eventsOf(expr);
  if (events.length === 0) return `no events in ${range}`;
  const logql = `sum(count_over_time(${LOKI_SELECTOR} | ${lokiFieldFor("event.name")}=~"${events.join("|")}" [${EVER.lokiRange}]))`;
  const params = new URLSearchParams({ query: logql, time: `${BigInt(now) * 1_000_000n}` });
  const res = await http(`${opts.loki}/loki/api/v1/query?${params}`, { timeoutMs: opts.timeoutMs ?? 30_000 });
  const any =
    res.ok && ((JSON.parse(res.body) as { data: { result: unknown[] } }).data?.result ?? []).length > 0;
  return any
    ? `none in ${range} with every filter on All: widen the time range`
    : `no ${events.join("/")} events in ${EVER.lokiRange}: no such activity yet, or events do not reach Loki (run pnpm run doctor)`;
}

/** Runs every panel's queries; one line per panel, in the dashboard's order. */
export async function checkPanels(opts: PanelCheckOptions): Promise<PanelLine[]> {
  const now = opts.now ?? Date.now();
  const byPanel = new Map<number, PanelQuery[]>();
  for (const q of panelQueries()) byPanel.set(q.panelId, [...(byPanel.get(q.panelId) ?? []), q]);
  const lines: PanelLine[] = [];
  for (const [panelId, qs] of byPanel) {
    const first = qs[0] as PanelQuery;
    const base = { panelId, title: first.title, datasource: first.datasource };
    if (first.datasource === "loki" && opts.lokiReadback === "skip") {
      lines.push({
        ...base,
        status: "skipped",
        detail: "LogQL not run (--loki-readback skip: no Loki query API here)",
      });
      continue;
    }
    const outcomes = [];
    for (const q of qs) {
      const outcome =
        q.datasource === "prometheus"
          ? await runProm(opts.prometheus, q, opts, now)
          : await runLoki(opts.loki, q, opts, now);
      outcomes.push({ q, outcome });
    }
    const failed = outcomes.filter((o) => o.outcome.error);
    if (failed.length) {
      lines.push({
        ...base,
        status: "error",
        detail: failed.map((o) => `[${o.q.refId}] ${o.outcome.error}`).join("; "),
      });
      continue;
    }
    const shown = outcomes.filter((o) => !o.outcome.empty);
    if (shown.length === 0) {
      const q = first;
      const expr =
        q.datasource === "prometheus"
          ? qs
              .map(
                (x) =>
                  resolveQuery(x, { now, dashboardRange: opts.range, scrapeInterval: SCRAPE_INTERVAL }).expr,
              )
              .join(" ")
          : qs.map((x) => resolveQuery(x, { now, dashboardRange: opts.range }).expr).join(" ");
      lines.push({ ...base, status: "no data", detail: await noDataCause(q, expr, opts, now) });
      continue;
    }
    const detail =
      outcomes.length === 1
        ? (shown[0]?.outcome.summary ?? "")
        : outcomes
            .map(
              (o) => `${o.q.legendFormat || o.q.refId}: ${o.outcome.empty ? "no data" : o.outcome.summary}`,
            )
            .join(" | ");
    lines.push({ ...base, status: "ok", detail });
  }
  return lines;
}

/** One line per panel, then a count; the LogQL note when Loki was skipped. */
export function formatPanelLines(lines: readonly PanelLine[]): string {
  const width = Math.max(...lines.map((l) => String(l.panelId).length));
  const out = lines.map(
    (l) =>
      `${l.status.padEnd(8)} ${String(l.panelId).padStart(width)}  ${l.title} (${l.datasource === "prometheus" ? "PromQL" : "LogQL"}): ${l.detail}`,
  );
  const n = (s: PanelStatus) => lines.filter((l) => l.status === s).length;
  out.push(
    "",
    `${lines.length} panels: ${n("ok")} ok, ${n("no data")} no data, ${n("error")} error${n("skipped") ? `, ${n("skipped")} skipped` : ""}`,
  );
  return `${out.join("\n")}\n`;
}
