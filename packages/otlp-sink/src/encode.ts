import protobuf from "protobufjs";
import { LOGS_SERVICE, METRICS_SERVICE, TRACES_SERVICE } from "./proto-schema.js";

/**
 * OTLP requests built from plain objects with the official schema, for clients that need exact
 * control over every field (timestamps, temporality, each value's kind): protobuf bytes, or the
 * OTLP/JSON form. The object is the request in the schema's shape — lowerCamelCase field names, a
 * oneof by the one field set (`{ stringValue: "x" }`, `asInt` / `asDouble`), 64-bit integers as
 * strings, bigints or numbers, enums by name or number. Field numbers, wire types and the JSON
 * mapping all come from the .proto files, so the encoder cannot disagree with them.
 */

export type RequestSignal = "metrics" | "logs" | "traces";

const REQUEST: Readonly<Record<RequestSignal, protobuf.Type>> = {
  metrics: METRICS_SERVICE.request,
  logs: LOGS_SERVICE.request,
  traces: TRACES_SERVICE.request,
};

type Obj = Record<string, unknown>;

/**
 * protobufjs drops fields it does not know without a word: a misspelt key would vanish from the
 * request. Every key must be a field of its message, all the way down.
 */
function unknownFields(type: protobuf.Type, value: unknown, path: string): string[] {
  if (typeof value !== "object" || value === null || ArrayBuffer.isView(value)) return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value as Obj)) {
    const field = type.fields[key];
    if (!field) {
      out.push(`${path}.${key}`);
      continue;
    }
    const sub = field.resolve().resolvedType;
    if (!(sub instanceof protobuf.Type)) continue;
    const items = field.repeated && Array.isArray(v) ? v : [v];
    items.forEach((item, i) => {
      out.push(...unknownFields(sub, item, field.repeated ? `${path}.${key}[${i}]` : `${path}.${key}`));
    });
  }
  return out;
}

function toBigintStrings(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(toBigintStrings);
  if (typeof value === "object" && value !== null && !ArrayBuffer.isView(value))
    return Object.fromEntries(Object.entries(value as Obj).map(([k, v]) => [k, toBigintStrings(v)]));
  return value;
}

/** The request message; throws naming any field the schema does not have, or a value of the wrong type. */
export function otlpRequestMessage(signal: RequestSignal, request: Obj): protobuf.Message {
  const type = REQUEST[signal];
  const unknown = unknownFields(type, request, type.name);
  if (unknown.length) throw new Error(`not in the OTLP schema: ${unknown.join(", ")}`);
  const plain = toBigintStrings(request) as Obj;
  const message = type.fromObject(plain);
  const invalid = type.verify(message);
  if (invalid) throw new Error(`invalid ${type.name}: ${invalid}`);
  return message;
}

/** The request as OTLP/protobuf bytes. */
export function encodeOtlpRequest(signal: RequestSignal, request: Obj): Uint8Array {
  return REQUEST[signal].encode(otlpRequestMessage(signal, request)).finish();
}

const ID_FIELDS = new Set(["traceId", "spanId", "parentSpanId"]);

/** OTLP/JSON's one departure from the proto3 JSON mapping: trace and span ids are hex, not base64. */
function hexIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hexIds);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value as Obj).map(([k, v]) => [
      k,
      ID_FIELDS.has(k) && typeof v === "string" ? Buffer.from(v, "base64").toString("hex") : hexIds(v),
    ]),
  );
}

/**
 * The request in OTLP/JSON, ready for JSON.stringify: the proto3 JSON mapping (lowerCamelCase
 * keys, 64-bit integers as decimal strings, enums as integers as OTLP/JSON requires), ids in hex.
 */
export function otlpJsonRequest(signal: RequestSignal, request: Obj): Obj {
  const type = REQUEST[signal];
  const object = type.toObject(otlpRequestMessage(signal, request), {
    longs: String,
    enums: Number,
    bytes: String,
  });
  return hexIds(object) as Obj;
}

/**
 * The tag byte(s) in front of a field on the wire, from the schema: for tools that patch encoded
 * requests in place (the benchmark rewrites fixed64 timestamps) and check they found the field.
 */
export function fieldTag(messageType: string, field: string): number {
  const f = METRICS_SERVICE.request.root.lookupType(messageType).fields[field];
  if (!f) throw new Error(`${messageType} has no field ${field}`);
  const wire = protobuf.types.basic[f.type as keyof typeof protobuf.types.basic];
  if (wire === undefined) throw new Error(`${messageType}.${field} is not a scalar field`);
  return (f.id << 3) | wire;
}
