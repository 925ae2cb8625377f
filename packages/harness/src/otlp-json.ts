import { METRICS, type MetricSpec } from "@cc-otel/contract";
import { otlpJsonRequest } from "@cc-otel/otlp-sink";

/**
 * OTLP/JSON requests for tests that need exact control over timestamps, temporality and each
 * attribute's value kind, built from data with the official OTLP schema (@cc-otel/otlp-sink's
 * otlpJsonRequest): no field names or numbers of their own. A Claude Code metric's unit and point
 * value type are the contract's. Bodies that are malformed on purpose (the bad-input tests) are not
 * made here — the schema would refuse them — but written out by hand where they are used.
 */
export type JsonAttr = { key: string; value: Record<string, unknown> };
type Scalar = string | number | boolean;

/** KeyValue list; a JS number is an int when it is whole, else a double. */
export function attrs(obj: Record<string, Scalar>): JsonAttr[] {
  return Object.entries(obj).map(([key, v]) => ({
    key,
    value:
      typeof v === "string"
        ? { stringValue: v }
        : typeof v === "boolean"
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: String(v) }
            : { doubleValue: v },
  }));
}

const nanos = (ms: number) => BigInt(Math.round(ms)) * 1_000_000n;

export interface SumPoint {
  attributes: Record<string, Scalar>;
  startMs: number;
  timeMs: number;
  value: number;
}

const CONTRACT_METRICS: Readonly<Record<string, MetricSpec | undefined>> = METRICS;

/**
 * A point's value: a contract metric's points have the contract's type (as the CLI sends them);
 * any other metric's are int when whole, else double.
 */
function pointValue(name: string, value: number): { asInt: string } | { asDouble: number } {
  const type = CONTRACT_METRICS[name]?.valueType ?? (Number.isInteger(value) ? "int" : "double");
  if (type === "double") return { asDouble: value };
  if (!Number.isInteger(value))
    throw new Error(`${name} has int points (the contract's value type), got ${value}`);
  return { asInt: String(value) };
}

/**
 * One monotonic Sum in an ExportMetricsServiceRequest. temporality: 1 = delta, 2 = cumulative.
 * `unit` defaults to the contract's for a Claude Code metric.
 */
export function sumRequest(opts: {
  resource: Record<string, Scalar>;
  scope: string;
  name: string;
  unit?: string;
  temporality: 1 | 2;
  points: SumPoint[];
}): Record<string, unknown> {
  return otlpJsonRequest("metrics", {
    resourceMetrics: [
      {
        resource: { attributes: attrs(opts.resource) },
        scopeMetrics: [
          {
            scope: { name: opts.scope },
            metrics: [
              {
                name: opts.name,
                unit: opts.unit ?? CONTRACT_METRICS[opts.name]?.unit ?? "",
                sum: {
                  aggregationTemporality: opts.temporality,
                  isMonotonic: true,
                  dataPoints: opts.points.map((p) => ({
                    attributes: attrs(p.attributes),
                    startTimeUnixNano: nanos(p.startMs),
                    timeUnixNano: nanos(p.timeMs),
                    ...pointValue(opts.name, p.value),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  });
}

export function logsRequest(opts: {
  resource: Record<string, Scalar>;
  scope: string;
  records: { body: string; timeMs: number; attributes: Record<string, Scalar> }[];
}): Record<string, unknown> {
  return otlpJsonRequest("logs", {
    resourceLogs: [
      {
        resource: { attributes: attrs(opts.resource) },
        scopeLogs: [
          {
            scope: { name: opts.scope },
            logRecords: opts.records.map((r) => ({
              timeUnixNano: nanos(r.timeMs),
              observedTimeUnixNano: nanos(r.timeMs),
              body: { stringValue: r.body },
              attributes: attrs(r.attributes),
            })),
          },
        ],
      },
    ],
  });
}

export async function postOtlpJson(httpEndpoint: string, signal: "metrics" | "logs", body: unknown) {
  const res = await fetch(`${httpEndpoint}/v1/${signal}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}
