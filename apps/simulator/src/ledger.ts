import {
  EVENT_BODY_PREFIX,
  EVENT_NAMES,
  type EventName,
  METRIC_NAMES,
  METRICS,
  type MetricName,
  TOKEN_TYPES,
  type TokenType,
} from "@cc-otel/contract";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { type Journal, journalAttributes } from "./journal.js";

/**
 * The ledger: exactly what the receiver acknowledged. It is filled from the OTLP structures at the
 * moment an export succeeds (not from what the generators intended), so a downstream test can
 * compare it with what arrived and know any difference was lost on the way.
 */

export interface MetricLedger {
  /** Data points exported. */
  dataPoints: number;
  /** Sum of the metric over the whole run (delta points summed; cumulative streams' last values). */
  total: number;
  /** The total split by each of the metric's own point attributes: by[key][value]. */
  by: Record<string, Record<string, number>>;
}

export interface Ledger {
  readonly version: 1;
  seed: string;
  scenario: string;
  /** The protocol and the metrics URL; `metrics P, logs Q` and both URLs when the signals' protocols differ. */
  protocol: string;
  endpoint: string;
  temporality: "delta" | "cumulative";
  /** Emitted timestamps of the first and last record, ISO-8601. */
  window: { start: string; end: string };
  users: number;
  sessions: number;
  metrics: Record<MetricName, MetricLedger>;
  events: Record<EventName, number>;
  totals: {
    /** From the claude_code.cost.usage metric. */
    costUsd: number;
    /** Sum of api_request.cost_usd over the events: equals costUsd up to rounding. */
    eventCostUsd: number;
    tokens: Record<TokenType, number>;
    dataPoints: number;
    logRecords: number;
    apiRequests: number;
    apiErrors: number;
  };
  /** What exporters reported as not delivered (after any retries). */
  failed: { metricExports: number; logExports: number; dataPoints: number; logRecords: number };
  /** Exports sent again after a retryable refusal (ExportConfig.retryForMs), one per new attempt. */
  retried: { metricExports: number; logExports: number };
  /** Every acknowledged point and event, when the run asked for it (SimulationOptions.journal). */
  journal?: Journal;
}

function emptyMetric(name: MetricName): MetricLedger {
  const by: Record<string, Record<string, number>> = {};
  for (const key of Object.keys(METRICS[name].attributes)) by[key] = {};
  return { dataPoints: 0, total: 0, by };
}

const KNOWN_METRICS = new Set<string>(METRIC_NAMES);
const KNOWN_EVENTS = new Set<string>(EVENT_NAMES);

function streamKey(name: string, attributes: Record<string, unknown>): string {
  const keys = Object.keys(attributes).sort();
  let key = name;
  for (const k of keys) key += `\u0000${k}=${String(attributes[k])}`;
  return key;
}

export class LedgerRecorder {
  private readonly ledger: Ledger;
  /** Cumulative streams' last exported values, to turn them into increments. */
  private readonly lastCumulative = new Map<string, number>();
  private firstMs = Number.POSITIVE_INFINITY;
  private lastMs = Number.NEGATIVE_INFINITY;
  private readonly journal: Journal | undefined;

  constructor(
    head: Pick<Ledger, "seed" | "scenario" | "protocol" | "endpoint" | "temporality" | "users">,
    options: { readonly journal?: boolean } = {},
  ) {
    this.journal = options.journal ? { points: [], events: [] } : undefined;
    this.ledger = {
      version: 1,
      ...head,
      window: { start: "", end: "" },
      sessions: 0,
      metrics: Object.fromEntries(METRIC_NAMES.map((n) => [n, emptyMetric(n)])) as Record<
        MetricName,
        MetricLedger
      >,
      events: Object.fromEntries(EVENT_NAMES.map((n) => [n, 0])) as Record<EventName, number>,
      totals: {
        costUsd: 0,
        eventCostUsd: 0,
        tokens: Object.fromEntries(TOKEN_TYPES.map((t) => [t, 0])) as Record<TokenType, number>,
        dataPoints: 0,
        logRecords: 0,
        apiRequests: 0,
        apiErrors: 0,
      },
      failed: { metricExports: 0, logExports: 0, dataPoints: 0, logRecords: 0 },
      retried: { metricExports: 0, logExports: 0 },
    };
  }

  private see(ms: number): void {
    if (ms < this.firstMs) this.firstMs = ms;
    if (ms > this.lastMs) this.lastMs = ms;
  }

  metricsDelivered(rm: ResourceMetrics): void {
    for (const sm of rm.scopeMetrics)
      for (const metric of sm.metrics) {
        const name = metric.descriptor.name;
        if (!KNOWN_METRICS.has(name)) continue;
        const entry = this.ledger.metrics[name as MetricName];
        const resource = rm.resource.attributes;
        const cumulative = metric.aggregationTemporality === AggregationTemporality.CUMULATIVE;
        for (const point of metric.dataPoints) {
          const value = point.value as number;
          let increment = value;
          if (cumulative) {
            const key = streamKey(name, point.attributes);
            increment = value - (this.lastCumulative.get(key) ?? 0);
            this.lastCumulative.set(key, value);
          }
          entry.dataPoints++;
          this.ledger.totals.dataPoints++;
          const timeMs = point.endTime[0] * 1000 + point.endTime[1] / 1e6;
          this.see(timeMs);
          // Zero increments too: the backend stores a sample for them, and a sample is what makes
          // a series present in a window.
          this.journal?.points.push({
            metric: name as MetricName,
            timeMs,
            increment,
            attributes: journalAttributes(resource, point.attributes),
          });
          if (increment === 0) continue;
          entry.total += increment;
          for (const key in entry.by) {
            const v = point.attributes[key];
            if (v === undefined) continue;
            const bucket = entry.by[key] as Record<string, number>;
            const label = String(v);
            bucket[label] = (bucket[label] ?? 0) + increment;
          }
        }
      }
    this.syncDerived();
  }

  metricsFailed(rm: ResourceMetrics): void {
    this.ledger.failed.metricExports++;
    for (const sm of rm.scopeMetrics)
      for (const m of sm.metrics) this.ledger.failed.dataPoints += m.dataPoints.length;
  }

  /** `at`: which export carried the records, when it was first sent and when it was taken (for the journal). */
  logsDelivered(
    records: readonly ReadableLogRecord[],
    at: { readonly sentMs: number; readonly ackedMs: number; readonly exportId: number } = {
      sentMs: Date.now(),
      ackedMs: Date.now(),
      exportId: 0,
    },
  ): void {
    for (const r of records) {
      this.ledger.totals.logRecords++;
      const timeMs = r.hrTime[0] * 1000 + r.hrTime[1] / 1e6;
      this.see(timeMs);
      const body = typeof r.body === "string" ? r.body : "";
      const name = body.startsWith(EVENT_BODY_PREFIX) ? body.slice(EVENT_BODY_PREFIX.length) : "";
      if (!KNOWN_EVENTS.has(name)) continue;
      this.ledger.events[name as EventName]++;
      this.journal?.events.push({
        name: name as EventName,
        timeMs,
        ...at,
        attributes: journalAttributes(r.resource.attributes, r.attributes),
      });
      if (name === "api_request") {
        this.ledger.totals.apiRequests++;
        const cost = r.attributes.cost_usd;
        if (typeof cost === "number") this.ledger.totals.eventCostUsd += cost;
      } else if (name === "api_error") this.ledger.totals.apiErrors++;
    }
  }

  metricsRetried(): void {
    this.ledger.retried.metricExports++;
  }

  logsRetried(): void {
    this.ledger.retried.logExports++;
  }

  logsFailed(records: readonly ReadableLogRecord[]): void {
    this.ledger.failed.logExports++;
    this.ledger.failed.logRecords += records.length;
  }

  private syncDerived(): void {
    const m = this.ledger.metrics;
    this.ledger.sessions = m["claude_code.session.count"].total;
    this.ledger.totals.costUsd = m["claude_code.cost.usage"].total;
    const byType = m["claude_code.token.usage"].by.type ?? {};
    for (const t of TOKEN_TYPES) this.ledger.totals.tokens[t] = byType[t] ?? 0;
  }

  /** A snapshot; the recorder keeps counting. The journal is not copied: pass `withJournal` at the end only. */
  snapshot(withJournal = false): Ledger {
    const copy = structuredClone(this.ledger);
    if (Number.isFinite(this.firstMs)) {
      copy.window = { start: new Date(this.firstMs).toISOString(), end: new Date(this.lastMs).toISOString() };
    }
    if (withJournal && this.journal) copy.journal = this.journal;
    return copy;
  }
}
