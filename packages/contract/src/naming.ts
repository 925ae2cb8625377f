import { STANDARD_ATTRIBUTES, type TEAM_RESOURCE_ATTRIBUTES } from "./attributes.js";
import {
  EVENT_COMMON_ATTRIBUTES,
  EVENT_NAMES,
  EVENTS,
  type EventAttributeKey,
  type EventName,
} from "./events.js";
import { METRICS, type MetricAttributeKey, type MetricName } from "./metrics.js";

/**
 * How names change on their way downstream.
 *
 * Prometheus: the collector's `prometheusremotewrite` exporter translates OTLP names the way
 * Prometheus' own OTLP translator does (UnderscoreEscapingWithSuffixes): split the name on
 * characters that are not valid in a metric name, append the unit (with well-known UCUM units
 * spelt out: s -> seconds) unless the name already contains it, move `total` to the end for
 * monotonic sums, and join with `_`. Attribute keys become labels with invalid characters turned
 * into `_`. The end-to-end test checks these names against a real collector and Prometheus.
 *
 * Loki: native OTLP ingestion keeps the log body as the line, turns the resource attributes named
 * in `limits_config.otlp_config` (plus Loki's defaults such as service.name) into stream labels and
 * stores every other attribute as structured metadata with `.` turned into `_`.
 */

/** UCUM units the translator spells out. Units it does not know are kept as written. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
  min: "minutes",
  h: "hours",
  d: "days",
  By: "bytes",
  KiBy: "kibibytes",
  MiBy: "mebibytes",
  "%": "percent",
};

function sanitizeToken(token: string): string {
  return token.replace(/[^a-zA-Z0-9_:]/g, "_");
}

/** Prometheus series name of an OTLP monotonic sum, as produced by the collector's remote-write path. */
export function prometheusNameFor(otlpName: string, unit: string, monotonicSum: boolean): string {
  const tokens = otlpName.split(/[^a-zA-Z0-9_:]+/).filter(Boolean);
  // Units in braces ({tokens}) are annotations and carry no suffix; "1" is dimensionless.
  const cleanUnit = unit.replace(/\{[^}]*\}/g, "").trim();
  if (cleanUnit && cleanUnit !== "1") {
    const [main] = cleanUnit.split("/");
    const word = main ? sanitizeToken(UNIT_WORDS[main] ?? main) : "";
    if (word && !tokens.includes(word)) tokens.push(word);
  }
  if (monotonicSum) {
    const withoutTotal = tokens.filter((t) => t !== "total");
    withoutTotal.push("total");
    return withoutTotal.join("_");
  }
  return tokens.join("_");
}

/** Prometheus label name of an OTLP attribute key. */
export function prometheusLabelFor(attributeKey: string): string {
  const label = attributeKey.replace(/[^a-zA-Z0-9_]/g, "_");
  return /^[0-9]/.test(label) ? `key_${label}` : label;
}

/** Prometheus series name of each Claude Code metric. */
export const PROMETHEUS_SERIES = Object.fromEntries(
  (Object.keys(METRICS) as MetricName[]).map((name) => [
    name,
    prometheusNameFor(name, METRICS[name].unit, true),
  ]),
) as { readonly [M in MetricName]: string };

export function promSeries(name: MetricName): string {
  return PROMETHEUS_SERIES[name];
}

type StandardKey = keyof typeof STANDARD_ATTRIBUTES;
type TeamKey = keyof typeof TEAM_RESOURCE_ATTRIBUTES;

/** A label of metric M (point, standard or team resource attribute): misspellings do not compile. */
export function promLabel<M extends MetricName>(
  _metric: M,
  key: MetricAttributeKey<M> | StandardKey | TeamKey | "service.name" | "service.version",
): string {
  return prometheusLabelFor(key);
}

/** Labels every series gets from standard attributes, whatever the metric. */
export const PROM_LABELS = {
  userId: prometheusLabelFor("user.id"),
  sessionId: prometheusLabelFor("session.id"),
  terminalType: prometheusLabelFor("terminal.type"),
  provider: prometheusLabelFor("anthropic.provider"),
  email: prometheusLabelFor("user.email"),
  department: prometheusLabelFor("department"),
  teamId: prometheusLabelFor("team.id"),
  costCenter: prometheusLabelFor("cost_center"),
  serviceVersion: prometheusLabelFor("service.version"),
  /** The remote-write exporter turns service.name into `job`. */
  job: "job",
} as const;

/** Loki stream labels the stack indexes (low cardinality only). */
export const LOKI_STREAM_LABELS = {
  serviceName: "service_name",
} as const;

/** Structured-metadata field name Loki gives an OTLP attribute key. */
export function lokiFieldFor(attributeKey: string): string {
  return attributeKey.replace(/[^a-zA-Z0-9_]/g, "_");
}

/** A structured-metadata field of event E: misspellings do not compile. */
export function lokiField<E extends EventName>(
  _event: E,
  key: EventAttributeKey<E> | keyof typeof EVENT_COMMON_ATTRIBUTES | StandardKey | TeamKey,
): string {
  return lokiFieldFor(key);
}

export const LOKI_FIELDS = {
  eventName: lokiFieldFor("event.name"),
  eventSequence: lokiFieldFor("event.sequence"),
  eventTimestamp: lokiFieldFor("event.timestamp"),
  promptId: lokiFieldFor("prompt.id"),
  sessionId: lokiFieldFor("session.id"),
  userId: lokiFieldFor("user.id"),
  terminalType: lokiFieldFor("terminal.type"),
} as const;

/** The LogQL stream selector for all Claude Code events. */
export const LOKI_SELECTOR = `{${LOKI_STREAM_LABELS.serviceName}="claude-code"}`;

/** Every structured-metadata field an event of this kind can carry in Loki. */
export function lokiFieldsOf(event: EventName): string[] {
  const keys = [
    ...Object.keys(EVENT_COMMON_ATTRIBUTES),
    ...Object.keys(STANDARD_ATTRIBUTES),
    ...Object.keys(EVENTS[event].attributes),
  ];
  return [...new Set(keys.map(lokiFieldFor))];
}

/**
 * Made by the cc-otel collector, not by Claude Code: every event counted by event.name
 * (stack/collector/config.yaml, connector count/events), so that Prometheus can alert on ratios of
 * events such as api_error / api_request. A test checks the collector config defines exactly this.
 */
export const EVENT_COUNT = {
  name: "claude_code.event.count",
  /** The only point attribute: which event. Resource attributes become labels as usual. */
  attribute: "event.name",
  series: prometheusNameFor("claude_code.event.count", "", true),
  label: prometheusLabelFor("event.name"),
  /** What an event name the contract does not know is counted as. */
  other: "other",
} as const;

/** The RE2 pattern of the event names counted by their own name (the collector's transform/count). */
export function knownEventNamePattern(): string {
  return `^(${EVENT_NAMES.join("|")})$`;
}

/**
 * Made by the cc-otel collector, not by Claude Code: on every series the collector turns into a
 * running total (delta_to_cumulative, and the event counts), the start time of that running total
 * in Unix nanoseconds. The total lives in the collector's memory: a restart, a stream idle past
 * max_stale, or a second collector replica starts another one from zero. With this label each such
 * life is its own Prometheus series, so no total ever drops inside a series — a drop Prometheus
 * may not even see, when the new total has already passed the old one — and summing the growth of
 * every series is exact. Aggregate it away (`sum by (...)`) like any other label.
 */
export const STREAM_START = {
  attribute: "cc_otel.stream.start",
  label: prometheusLabelFor("cc_otel.stream.start"),
} as const;
