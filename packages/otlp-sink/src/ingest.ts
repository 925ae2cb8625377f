import type protobuf from "protobufjs";
import {
  countDataPoints,
  countLogRecords,
  countSpans,
  logRecords,
  resourceMetrics,
  spans,
} from "./decode.js";
import { messageFromJson } from "./json.js";
import { LOGS_SERVICE, METRICS_SERVICE, type ServiceMethod, TRACES_SERVICE } from "./proto-schema.js";
import { SinkRejection } from "./status.js";
import type { SinkStore } from "./store.js";
import type { OtlpSignal, OtlpTransport } from "./types.js";

/**
 * What both transports do with one export request once its bytes are in hand: check the token,
 * apply the configured failure, decode, store. Throws SinkRejection with the HTTP status to answer.
 */

export interface IngestPolicy {
  readonly bearerToken: string | undefined;
  /** Answer this HTTP status (mapped to a gRPC code on gRPC) instead of accepting, when it returns one. */
  failWith: ((signal: OtlpSignal, transport: OtlpTransport) => number | undefined) | undefined;
}

export interface IncomingExport {
  readonly signal: OtlpSignal;
  readonly transport: OtlpTransport;
  readonly headers: Readonly<Record<string, string>>;
  readonly encoding: string;
  /** Protobuf bytes, or the JSON text for http/json. */
  readonly body: Uint8Array | string;
}

const SERVICES: Readonly<Record<OtlpSignal, ServiceMethod>> = {
  metrics: METRICS_SERVICE,
  logs: LOGS_SERVICE,
  traces: TRACES_SERVICE,
};

function decodeRequest(signal: OtlpSignal, body: Uint8Array | string): protobuf.Message {
  const type = SERVICES[signal].request;
  try {
    return typeof body === "string" ? messageFromJson(type, body) : type.decode(body);
  } catch (e) {
    const what = typeof body === "string" ? "OTLP/JSON" : "protobuf";
    throw new SinkRejection(
      400,
      `cannot decode ${type.name} as ${what}: ${(e as Error).message} — send an OTLP ${signal} export request`,
    );
  }
}

function checkToken(policy: IngestPolicy, headers: Readonly<Record<string, string>>): void {
  if (policy.bearerToken === undefined) return;
  if (headers.authorization !== `Bearer ${policy.bearerToken}`) {
    throw new SinkRejection(
      401,
      headers.authorization
        ? "wrong bearer token in the authorization header"
        : "missing authorization header: send 'authorization: Bearer <token>'",
    );
  }
}

export function ingest(store: SinkStore, policy: IngestPolicy, req: IncomingExport): void {
  const bytes = typeof req.body === "string" ? Buffer.byteLength(req.body) : req.body.length;
  const record = (status: number, items: number) =>
    store.addRequest({
      signal: req.signal,
      transport: req.transport,
      headers: req.headers,
      encoding: req.encoding,
      bytes,
      items,
      status,
    });
  try {
    checkToken(policy, req.headers);
    const failure = policy.failWith?.(req.signal, req.transport);
    if (failure !== undefined && failure !== 200) {
      throw new SinkRejection(failure, `sink configured to fail ${req.signal} exports with ${failure}`);
    }
    const message = decodeRequest(req.signal, req.body) as unknown as Record<string, unknown>;
    if (req.signal === "metrics") {
      const points = countDataPoints(message);
      record(0, points);
      store.addMetrics(store.retain ? resourceMetrics(message, req.transport) : [], points);
    } else if (req.signal === "logs") {
      const count = countLogRecords(message);
      record(0, count);
      store.addLogs(store.retain ? logRecords(message, req.transport) : [], count);
    } else {
      const count = countSpans(message);
      record(0, count);
      store.addSpans(store.retain ? spans(message, req.transport) : [], count);
    }
  } catch (e) {
    if (e instanceof SinkRejection) record(e.httpStatus, 0);
    throw e;
  }
}

/** The encoded empty Export*ServiceResponse (full success). */
export function successResponse(signal: OtlpSignal): Uint8Array {
  const type = SERVICES[signal].response;
  return type.encode(type.create({})).finish();
}
