import type Long from "long";
import type {
  Attributes,
  AttributeValue,
  OtlpTransport,
  ReceivedHistogramDataPoint,
  ReceivedLogRecord,
  ReceivedMetric,
  ReceivedNumberDataPoint,
  ReceivedResourceMetrics,
  ReceivedScope,
  ReceivedSpan,
  ReceivedSpanEvent,
  Temporality,
} from "./types.js";

/**
 * Turns decoded protobufjs messages (Export{Metrics,Logs,Trace}ServiceRequest) into the sink's
 * plain typed objects. The messages are walked field by field, not through toObject(), so that the
 * oneof that says which AnyValue kind was sent is never lost.
 */

// protobufjs messages: fields present on the wire are own properties; oneofs expose the name of
// the field that was set through a getter named after the oneof.
type Msg = Record<string, unknown>;

function isLong(v: unknown): v is Long {
  return typeof v === "object" && v !== null && "low" in v && "high" in v;
}

function toBigInt(v: unknown, signed: boolean): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === "number") return BigInt(v);
  if (isLong(v)) {
    const bits = (BigInt(v.high >>> 0) << 32n) | BigInt(v.low >>> 0);
    return signed ? BigInt.asIntN(64, bits) : bits;
  }
  return BigInt(String(v));
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

function num(v: unknown): number {
  return typeof v === "number" ? v : 0;
}

function list(v: unknown): Msg[] {
  return Array.isArray(v) ? (v as Msg[]) : [];
}

function hex(v: unknown): string {
  return v instanceof Uint8Array && v.length > 0 ? Buffer.from(v).toString("hex") : "";
}

export function anyValue(m: Msg | undefined | null): AttributeValue {
  if (!m) return { type: "empty" };
  switch (m.value as string | undefined) {
    case "stringValue":
      return { type: "string", value: str(m.stringValue) };
    case "boolValue":
      return { type: "bool", value: m.boolValue === true };
    case "intValue":
      return { type: "int", value: toBigInt(m.intValue, true) };
    case "doubleValue":
      return { type: "double", value: num(m.doubleValue) };
    case "bytesValue":
      return { type: "bytes", value: new Uint8Array(m.bytesValue as Uint8Array) };
    case "arrayValue":
      return { type: "array", value: list((m.arrayValue as Msg | undefined)?.values).map(anyValue) };
    case "kvlistValue":
      return { type: "kvlist", value: attributes((m.kvlistValue as Msg | undefined)?.values) };
    default:
      return { type: "empty" };
  }
}

export function attributes(kvs: unknown): Attributes {
  const out: Record<string, AttributeValue> = {};
  for (const kv of list(kvs)) out[str(kv.key)] = anyValue(kv.value as Msg | undefined);
  return out;
}

function scope(m: Msg | undefined): ReceivedScope {
  return { name: str(m?.name), version: str(m?.version), attributes: attributes(m?.attributes) };
}

const TEMPORALITY: Record<number, Temporality> = { 0: "unspecified", 1: "delta", 2: "cumulative" };

function temporality(v: unknown): Temporality {
  return TEMPORALITY[num(v)] ?? "unspecified";
}

function numberPoint(p: Msg): ReceivedNumberDataPoint {
  return {
    attributes: attributes(p.attributes),
    startTimeUnixNano: toBigInt(p.startTimeUnixNano, false),
    timeUnixNano: toBigInt(p.timeUnixNano, false),
    value:
      p.value === "asInt"
        ? { type: "int", value: toBigInt(p.asInt, true) }
        : { type: "double", value: num(p.asDouble) },
    flags: num(p.flags),
  };
}

function histogramPoint(p: Msg): ReceivedHistogramDataPoint {
  return {
    attributes: attributes(p.attributes),
    startTimeUnixNano: toBigInt(p.startTimeUnixNano, false),
    timeUnixNano: toBigInt(p.timeUnixNano, false),
    count: toBigInt(p.count, false),
    sum: typeof p.sum === "number" ? p.sum : undefined,
    bucketCounts: (Array.isArray(p.bucketCounts) ? p.bucketCounts : []).map((c) => toBigInt(c, false)),
    explicitBounds: Array.isArray(p.explicitBounds) ? (p.explicitBounds as number[]) : [],
  };
}

function metric(m: Msg): ReceivedMetric {
  const base = { name: str(m.name), description: str(m.description), unit: str(m.unit) };
  const data = m.data as string | undefined;
  const body = (data ? m[data] : undefined) as Msg | undefined;
  switch (data) {
    case "sum":
      return {
        ...base,
        kind: "sum",
        temporality: temporality(body?.aggregationTemporality),
        isMonotonic: body?.isMonotonic === true,
        dataPoints: list(body?.dataPoints).map(numberPoint),
      };
    case "gauge":
      return { ...base, kind: "gauge", dataPoints: list(body?.dataPoints).map(numberPoint) };
    case "histogram":
      return {
        ...base,
        kind: "histogram",
        temporality: temporality(body?.aggregationTemporality),
        dataPoints: list(body?.dataPoints).map(histogramPoint),
      };
    case "exponentialHistogram":
    case "summary":
      return { ...base, kind: data, dataPointCount: list(body?.dataPoints).length };
    default:
      return { ...base, kind: "empty", dataPointCount: 0 };
  }
}

export function resourceMetrics(request: Msg, transport: OtlpTransport): ReceivedResourceMetrics[] {
  return list(request.resourceMetrics).map((rm) => ({
    resource: attributes((rm.resource as Msg | undefined)?.attributes),
    schemaUrl: str(rm.schemaUrl),
    transport,
    scopeMetrics: list(rm.scopeMetrics).map((sm) => ({
      scope: scope(sm.scope as Msg | undefined),
      schemaUrl: str(sm.schemaUrl),
      metrics: list(sm.metrics).map(metric),
    })),
  }));
}

export function logRecords(request: Msg, transport: OtlpTransport): ReceivedLogRecord[] {
  const out: ReceivedLogRecord[] = [];
  for (const rl of list(request.resourceLogs)) {
    const resource = attributes((rl.resource as Msg | undefined)?.attributes);
    for (const sl of list(rl.scopeLogs)) {
      const sc = scope(sl.scope as Msg | undefined);
      for (const lr of list(sl.logRecords)) {
        out.push({
          resource,
          scope: sc,
          timeUnixNano: toBigInt(lr.timeUnixNano, false),
          observedTimeUnixNano: toBigInt(lr.observedTimeUnixNano, false),
          severityNumber: num(lr.severityNumber),
          severityText: str(lr.severityText),
          body: lr.body ? anyValue(lr.body as Msg) : undefined,
          attributes: attributes(lr.attributes),
          eventName: str(lr.eventName),
          traceId: hex(lr.traceId),
          spanId: hex(lr.spanId),
          flags: num(lr.flags),
          droppedAttributesCount: num(lr.droppedAttributesCount),
          transport,
        });
      }
    }
  }
  return out;
}

function spanEvent(e: Msg): ReceivedSpanEvent {
  return {
    name: str(e.name),
    timeUnixNano: toBigInt(e.timeUnixNano, false),
    attributes: attributes(e.attributes),
  };
}

export function spans(request: Msg, transport: OtlpTransport): ReceivedSpan[] {
  const out: ReceivedSpan[] = [];
  for (const rs of list(request.resourceSpans)) {
    const resource = attributes((rs.resource as Msg | undefined)?.attributes);
    for (const ss of list(rs.scopeSpans)) {
      const sc = scope(ss.scope as Msg | undefined);
      for (const sp of list(ss.spans)) {
        const status = sp.status as Msg | undefined;
        out.push({
          resource,
          scope: sc,
          traceId: hex(sp.traceId),
          spanId: hex(sp.spanId),
          parentSpanId: hex(sp.parentSpanId),
          name: str(sp.name),
          kind: num(sp.kind),
          startTimeUnixNano: toBigInt(sp.startTimeUnixNano, false),
          endTimeUnixNano: toBigInt(sp.endTimeUnixNano, false),
          attributes: attributes(sp.attributes),
          events: list(sp.events).map(spanEvent),
          status: { code: num(status?.code), message: str(status?.message) },
          transport,
        });
      }
    }
  }
  return out;
}

/** Data points in a metrics request, without building the typed objects (for counting-only sinks). */
export function countDataPoints(request: Msg): number {
  let n = 0;
  for (const rm of list(request.resourceMetrics))
    for (const sm of list(rm.scopeMetrics))
      for (const m of list(sm.metrics)) {
        const data = m.data as string | undefined;
        n += list((data ? (m[data] as Msg | undefined) : undefined)?.dataPoints).length;
      }
  return n;
}

export function countLogRecords(request: Msg): number {
  let n = 0;
  for (const rl of list(request.resourceLogs))
    for (const sl of list(rl.scopeLogs)) n += list(sl.logRecords).length;
  return n;
}

export function countSpans(request: Msg): number {
  let n = 0;
  for (const rs of list(request.resourceSpans))
    for (const ss of list(rs.scopeSpans)) n += list(ss.spans).length;
  return n;
}
