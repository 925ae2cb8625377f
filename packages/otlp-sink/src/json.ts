import type protobuf from "protobufjs";

/**
 * OTLP/JSON → protobufjs message. OTLP/JSON is proto3 JSON with one deviation that a generic
 * proto3 JSON parser gets wrong: trace and span ids are hex strings, not base64. They are
 * converted first, then protobufjs maps the rest (lowerCamelCase keys, int64 as strings, enum names
 * or numbers).
 */

const ID_FIELDS = ["traceId", "spanId", "parentSpanId"] as const;
type Obj = Record<string, unknown>;

function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? (v as Obj[]) : [];
}

function hexIdsToBytes(o: Obj): void {
  for (const f of ID_FIELDS) {
    const v = o[f];
    if (typeof v !== "string") continue;
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(v)) throw new Error(`${f} "${v}" is not a hex string`);
    o[f] = Buffer.from(v, "hex");
  }
}

function fixLogIds(body: Obj): void {
  for (const rl of arr(body.resourceLogs))
    for (const sl of arr(rl.scopeLogs)) for (const lr of arr(sl.logRecords)) hexIdsToBytes(lr);
}

function fixSpanIds(body: Obj): void {
  for (const rs of arr(body.resourceSpans))
    for (const ss of arr(rs.scopeSpans))
      for (const span of arr(ss.spans)) {
        hexIdsToBytes(span);
        for (const link of arr(span.links)) hexIdsToBytes(link);
      }
}

function fixExemplarIds(body: Obj): void {
  for (const rm of arr(body.resourceMetrics))
    for (const sm of arr(rm.scopeMetrics))
      for (const m of arr(sm.metrics))
        for (const kind of ["sum", "gauge", "histogram", "exponentialHistogram", "summary"])
          for (const p of arr((m[kind] as Obj | undefined)?.dataPoints))
            for (const e of arr(p.exemplars)) hexIdsToBytes(e);
}

/** Throws an Error whose message says what is wrong with the document. */
export function messageFromJson(type: protobuf.Type, text: string): protobuf.Message {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw new Error(`body is not JSON (${(e as Error).message})`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new Error(
      `body must be a JSON object like {"resourceMetrics": [...]}, {"resourceLogs": [...]} or {"resourceSpans": [...]}`,
    );
  }
  fixLogIds(body as Obj);
  fixExemplarIds(body as Obj);
  fixSpanIds(body as Obj);
  return type.fromObject(body as Obj);
}
