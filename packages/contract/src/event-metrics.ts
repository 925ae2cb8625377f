import type { EventAttributeKey, EventName } from "./events.js";
import { prometheusLabelFor, prometheusNameFor } from "./naming.js";

/**
 * Made by the cc-otel collector, not by Claude Code: aggregates of the events as Prometheus metrics
 * (the collector's signal_to_metrics connector, stack/collector/config.yaml), the way span metrics
 * are derived from traces. Tool use, latency, errors and prompts live only in events; as metrics they
 * are fast over 7 and 30 days, alertable, and checked on the real Prometheus the tests run.
 *
 * Durations and lengths are exponential histograms, which Prometheus stores as native histograms:
 * one series per label set whatever the buckets (a classic histogram would add a dozen), with
 * p50/p95/p99 from `histogram_quantile` and the number of events from `histogram_count`. So a
 * histogram is also the count of its events: tool results by tool, requests by model, prompts.
 *
 * Like the event counts (EVENT_COUNT), they are counted exactly — each batch once, whatever the
 * retries — and stamped when the collector counts them: Claude Code exports events every 5 s, so
 * that is within seconds of when they happened; a backfill of past events counts when it arrives.
 */

export interface EventMetricSpec<E extends EventName = EventName> {
  readonly event: E;
  readonly description: string;
  /** "histogram": exponential (a native histogram in Prometheus); "sum": a monotonic counter. */
  readonly kind: "histogram" | "sum";
  /** UCUM unit as the collector sets it ("ms": the Prometheus name ends in _milliseconds). */
  readonly unit: string;
  /** Histograms: the event attribute measured (sent as a number or a numeric string). */
  readonly value?: EventAttributeKey<E>;
  /**
   * Histograms with fixed bucket bounds (upper bounds, inclusive: a classic histogram in Prometheus,
   * one series per bucket) where a panel shows exactly those buckets; without, exponential.
   */
  readonly buckets?: readonly number[];
  /**
   * Event attributes kept as metric attributes (Prometheus labels), beside EVENT_METRIC_SHARED_ATTRIBUTES.
   * `absent`: the value an event without the attribute is counted under (otherwise it is not counted).
   */
  readonly attributes: readonly { readonly key: EventAttributeKey<E>; readonly absent?: string }[];
}

function spec<E extends EventName>(s: EventMetricSpec<E>): EventMetricSpec<E> {
  return s;
}

export const EVENT_METRICS = {
  "claude_code.tool.duration": spec({
    event: "tool_result",
    description: "Tool run time, by tool and outcome: also the number of tool results (histogram_count).",
    kind: "histogram",
    unit: "ms",
    value: "duration_ms",
    attributes: [{ key: "tool_name" }, { key: "success" }],
  }),
  "claude_code.api_request.duration": spec({
    event: "api_request",
    description: "Messages API request duration, by model: also the number of successful requests.",
    kind: "histogram",
    unit: "ms",
    value: "duration_ms",
    attributes: [{ key: "model" }],
  }),
  "claude_code.api_request.ttft": spec({
    event: "api_request",
    description: "Time to the first token of each request, by model.",
    kind: "histogram",
    unit: "ms",
    value: "ttft_ms",
    attributes: [{ key: "model" }],
  }),
  "claude_code.prompt.length": spec({
    event: "user_prompt",
    description: "Prompt length in characters, in the dashboard's five buckets: also the number of prompts.",
    kind: "histogram",
    unit: "{char}",
    value: "prompt_length",
    // Lengths are whole characters: <= 49 is "under 50". Exact bucket counts need fixed bounds.
    buckets: [49, 199, 999, 4999],
    attributes: [],
  }),
  "claude_code.api_error.count": spec({
    event: "api_error",
    description: "Requests that finally failed, by HTTP status (`none`: a network error without one).",
    kind: "sum",
    unit: "",
    attributes: [{ key: "status_code", absent: "none" }],
  }),
  "claude_code.tool_decision.count": spec({
    event: "tool_decision",
    description: "Permission decisions on tool uses, by where they came from and what they were.",
    kind: "sum",
    unit: "",
    attributes: [{ key: "source" }, { key: "decision" }],
  }),
} as const;

export type EventMetricName = keyof typeof EVENT_METRICS;
export const EVENT_METRIC_NAMES = Object.keys(EVENT_METRICS) as EventMetricName[];

/**
 * Event attributes every event metric keeps, so the dashboard's user and terminal filters apply
 * (team, department and other resource attributes become labels like on every metric). The
 * e-mail only comes with a claude.ai login.
 */
export const EVENT_METRIC_SHARED_ATTRIBUTES = [
  { key: "user.id" },
  { key: "terminal.type" },
  { key: "user.email", optional: true },
] as const;

/** The Prometheus series name of an event metric. */
export function eventMetricSeries(name: EventMetricName): string {
  const m = EVENT_METRICS[name];
  return prometheusNameFor(name, m.unit, m.kind === "sum");
}

/** Prometheus label of one of an event metric's attributes. */
export function eventMetricLabel<N extends EventMetricName>(
  _name: N,
  key:
    | (typeof EVENT_METRICS)[N]["attributes"][number]["key"]
    | (typeof EVENT_METRIC_SHARED_ATTRIBUTES)[number]["key"],
): string {
  return prometheusLabelFor(key);
}

// ---------------------------------------------------------------------------------------------
// The collector connector, rendered.

const q = (value: string): string => JSON.stringify(value);

/**
 * The `signal_to_metrics/events` connector of stack/collector/config.yaml: one metric per entry of
 * EVENT_METRICS, counted from the events of its kind only.
 */
export function eventMetricsConnector(): { error_mode: "ignore"; logs: unknown[] } {
  return {
    error_mode: "ignore",
    logs: EVENT_METRIC_NAMES.map((name) => {
      const m = EVENT_METRICS[name] as EventMetricSpec;
      const attributes = [
        ...m.attributes.map((a) => ({ key: a.key, ...(a.absent ? { default_value: a.absent } : {}) })),
        ...EVENT_METRIC_SHARED_ATTRIBUTES.map((a) => ({
          key: a.key,
          ...("optional" in a ? { optional: true } : {}),
        })),
      ];
      return {
        name,
        description: m.description,
        ...(m.unit ? { unit: m.unit } : {}),
        conditions: [`log.attributes["event.name"] == ${q(m.event)}`],
        attributes,
        ...histogramOrSum(m),
      };
    }),
  };
}

function histogramOrSum(m: EventMetricSpec): Record<string, unknown> {
  if (m.kind === "sum") return { sum: { value: "1", monotonic: true } };
  // The CLI sends some numbers as strings (a tool's duration_ms, prompt_length).
  const value = `Double(log.attributes[${q(String(m.value))}])`;
  return m.buckets ? { histogram: { buckets: [...m.buckets], value } } : { exponential_histogram: { value } };
}
