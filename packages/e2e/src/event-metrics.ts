import {
  EVENT_METRIC_NAMES,
  EVENT_METRICS,
  type EventMetricName,
  type EventMetricSpec,
  eventMetricSeries,
  prometheusLabelFor,
} from "@cc-otel/contract";
import type { PrometheusClient } from "@cc-otel/harness";
import { type OtlpSink, plain } from "@cc-otel/otlp-sink";
import { eventName } from "./events.js";

/**
 * The event metrics (the collector's signal_to_metrics/events) against the events themselves: for
 * each metric and each label set, the number of events and the sum of the measured field, once from
 * the events that reached Loki's ingestion boundary and once from Prometheus. Both independent
 * records of the same events; they must agree exactly.
 */

export interface EventMetricTotals {
  /** `label=value,...` → number of events. */
  readonly count: Record<string, number>;
  /** Histograms: `label=value,...` → sum of the measured field. */
  readonly sum: Record<string, number>;
  /** Histograms with fixed buckets: upper bound (or "+Inf") → events at or below it, cumulative. */
  readonly buckets?: Record<string, number>;
}

function keyOf(spec: EventMetricSpec, get: (key: string) => string | undefined): string {
  return spec.attributes.map((a) => `${prometheusLabelFor(a.key)}=${get(a.key) ?? a.absent ?? ""}`).join(",");
}

/** What the events say each event metric must hold. */
export function expectedFromEvents(sink: OtlpSink): Record<EventMetricName, EventMetricTotals> {
  const out = {} as Record<EventMetricName, EventMetricTotals>;
  for (const name of EVENT_METRIC_NAMES) {
    const spec = EVENT_METRICS[name] as EventMetricSpec;
    const count: Record<string, number> = {};
    const sum: Record<string, number> = {};
    const values: number[] = [];
    for (const r of sink.logs) {
      if (eventName(r) !== spec.event) continue;
      const get = (key: string) => {
        const v = plain(r.attributes[key]);
        return v === undefined ? undefined : String(v);
      };
      const k = keyOf(spec, get);
      count[k] = (count[k] ?? 0) + 1;
      if (spec.value) {
        const v = Number(get(spec.value));
        sum[k] = (sum[k] ?? 0) + v;
        values.push(v);
      }
    }
    const buckets = spec.buckets
      ? Object.fromEntries(
          [...spec.buckets.map(String), "+Inf"].map((le) => [
            le,
            values.filter((v) => le === "+Inf" || v <= Number(le)).length,
          ]),
        )
      : undefined;
    out[name] = { count, sum, ...(buckets ? { buckets } : {}) };
  }
  return out;
}

/** What Prometheus holds for each event metric over `window` (a PromQL duration). */
export async function fromPrometheus(
  prom: PrometheusClient,
  window: string,
): Promise<Record<EventMetricName, EventMetricTotals>> {
  const out = {} as Record<EventMetricName, EventMetricTotals>;
  for (const name of EVENT_METRIC_NAMES) {
    const spec = EVENT_METRICS[name] as EventMetricSpec;
    const series = eventMetricSeries(name);
    const by = spec.attributes.map((a) => prometheusLabelFor(a.key));
    const group = by.length ? `sum by (${by.join(", ")})` : "sum";
    const rows = async (expr: string) => {
      const got: Record<string, number> = {};
      for (const r of await prom.query(expr))
        got[by.map((l) => `${l}=${r.metric[l] ?? ""}`).join(",")] = r.value;
      return got;
    };
    if (spec.kind === "sum") {
      out[name] = { count: await rows(`${group} (last_over_time(${series}[${window}]))`), sum: {} };
    } else if (spec.buckets) {
      const le: Record<string, number> = {};
      for (const r of await prom.query(`sum by (le) (last_over_time(${series}_bucket[${window}]))`))
        le[r.metric.le === "+Inf" ? "+Inf" : String(Number(r.metric.le))] = r.value;
      out[name] = {
        count: await rows(`${group} (last_over_time(${series}_count[${window}]))`),
        sum: await rows(`${group} (last_over_time(${series}_sum[${window}]))`),
        buckets: le,
      };
    } else {
      out[name] = {
        count: await rows(`${group} (histogram_count(last_over_time(${series}[${window}])))`),
        sum: await rows(`${group} (histogram_sum(last_over_time(${series}[${window}])))`),
      };
    }
  }
  return out;
}

/** Whether two sets of totals count the same events under the same labels (sums aside). */
export function sameCounts(
  a: Record<EventMetricName, EventMetricTotals>,
  b: Record<EventMetricName, EventMetricTotals>,
): boolean {
  const sorted = (x: Record<string, number>) => JSON.stringify(Object.entries(x).sort());
  return EVENT_METRIC_NAMES.every((n) => sorted(a[n].count) === sorted(b[n].count));
}
