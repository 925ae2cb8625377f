/**
 * Hand-built OTLP/JSON payloads: the smallest possible client, for tests that need precise
 * control over timestamps, temporality and attributes (and for bad-input tests beside them).
 */
export type JsonAttr = { key: string; value: Record<string, unknown> };

export function attrs(obj: Record<string, string | number | boolean>): JsonAttr[] {
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

const nanos = (ms: number) => `${BigInt(Math.round(ms)) * 1_000_000n}`;

export interface SumPoint {
  attributes: Record<string, string | number | boolean>;
  startMs: number;
  timeMs: number;
  value: number;
}

/** One monotonic Sum in an ExportMetricsServiceRequest. temporality: 1 = delta, 2 = cumulative. */
export function sumRequest(opts: {
  resource: Record<string, string | number | boolean>;
  scope: string;
  name: string;
  unit: string;
  temporality: 1 | 2;
  points: SumPoint[];
}): unknown {
  return {
    resourceMetrics: [
      {
        resource: { attributes: attrs(opts.resource) },
        scopeMetrics: [
          {
            scope: { name: opts.scope },
            metrics: [
              {
                name: opts.name,
                unit: opts.unit,
                sum: {
                  aggregationTemporality: opts.temporality,
                  isMonotonic: true,
                  dataPoints: opts.points.map((p) => ({
                    attributes: attrs(p.attributes),
                    startTimeUnixNano: nanos(p.startMs),
                    timeUnixNano: nanos(p.timeMs),
                    ...(Number.isInteger(p.value) ? { asInt: String(p.value) } : { asDouble: p.value }),
                  })),
                },
              },
            ],
          },
        ],
      },
    ],
  };
}

export function logsRequest(opts: {
  resource: Record<string, string | number | boolean>;
  scope: string;
  records: { body: string; timeMs: number; attributes: Record<string, string | number | boolean> }[];
}): unknown {
  return {
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
  };
}

export async function postOtlpJson(httpEndpoint: string, signal: "metrics" | "logs", body: unknown) {
  const res = await fetch(`${httpEndpoint}/v1/${signal}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}
