import type {
  Attributes,
  AttributeValue,
  ReceivedGauge,
  ReceivedNumberDataPoint,
  ReceivedResourceMetrics,
  ReceivedScope,
  ReceivedSum,
} from "./types.js";

/** Helpers that make assertions on received data short. */

export type PlainValue = string | number | boolean | bigint | Uint8Array | null | PlainValue[] | PlainObject;
export interface PlainObject {
  [key: string]: PlainValue;
}

/** The JS value of an attribute, dropping its OTLP kind (int stays a bigint). */
export function plain(v: AttributeValue | undefined): PlainValue {
  if (!v) return null;
  switch (v.type) {
    case "empty":
      return null;
    case "array":
      return v.value.map(plain);
    case "kvlist":
      return plainAttributes(v.value);
    default:
      return v.value;
  }
}

export function plainAttributes(attrs: Attributes): PlainObject {
  const out: PlainObject = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = plain(v);
  return out;
}

/** `{ key: "string" | "int" | ... }`: what a type-fidelity test compares. */
export function attributeTypes(attrs: Attributes): Record<string, AttributeValue["type"]> {
  const out: Record<string, AttributeValue["type"]> = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = v.type;
  return out;
}

/** A string attribute's value, or undefined when absent or of another kind. */
export function stringAttr(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  return v?.type === "string" ? v.value : undefined;
}

/** The numeric value of a data point as a JS number. */
export function pointValue(p: ReceivedNumberDataPoint): number {
  return p.value.type === "int" ? Number(p.value.value) : p.value.value;
}

export interface FlatDataPoint {
  readonly resource: Attributes;
  readonly scope: ReceivedScope;
  readonly metric: ReceivedSum | ReceivedGauge;
  readonly point: ReceivedNumberDataPoint;
}

export function flattenDataPoints(metrics: readonly ReceivedResourceMetrics[]): FlatDataPoint[] {
  const out: FlatDataPoint[] = [];
  for (const rm of metrics)
    for (const sm of rm.scopeMetrics)
      for (const metric of sm.metrics) {
        if (metric.kind !== "sum" && metric.kind !== "gauge") continue;
        for (const point of metric.dataPoints)
          out.push({ resource: rm.resource, scope: sm.scope, metric, point });
      }
  return out;
}
