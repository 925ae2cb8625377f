import {
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
} from "@grpc/grpc-js";
import { type IngestPolicy, ingest, successResponse } from "./ingest.js";
import { LOGS_SERVICE, METRICS_SERVICE, type ServiceMethod, TRACES_SERVICE } from "./proto-schema.js";
import { grpcCodeFor, SinkRejection } from "./status.js";
import type { SinkStore } from "./store.js";
import type { OtlpSignal } from "./types.js";

/**
 * OTLP/gRPC: MetricsService/Export, LogsService/Export and TraceService/Export. grpc-js already
 * undoes grpc-encoding (gzip), so requests arrive as raw protobuf; decoding happens in the handler,
 * not in a deserializer, so that garbage is answered with INVALID_ARGUMENT rather than grpc-js's
 * INTERNAL.
 */

function serviceDefinition(method: ServiceMethod): ServiceDefinition {
  return {
    Export: {
      path: method.path,
      requestStream: false,
      responseStream: false,
      requestSerialize: (b: Buffer) => b,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Uint8Array) => Buffer.from(b),
      responseDeserialize: (b: Buffer) => b,
    },
  };
}

function headersOf(metadata: Metadata): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.getMap())) out[k.toLowerCase()] = String(v);
  return out;
}

function handler(store: SinkStore, policy: IngestPolicy, signal: OtlpSignal) {
  const ok = successResponse(signal);
  return (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => {
    const headers = headersOf(call.metadata);
    try {
      ingest(store, policy, {
        signal,
        transport: "grpc",
        headers,
        encoding: "grpc",
        body: call.request,
      });
      callback(null, ok);
    } catch (e) {
      const rejection = e instanceof SinkRejection ? e : new SinkRejection(500, (e as Error).message);
      callback({ code: grpcCodeFor(rejection.httpStatus), details: rejection.message });
    }
  };
}

export interface GrpcReceiver {
  readonly port: number;
  close(): Promise<void>;
}

export async function startGrpcReceiver(
  port: number,
  store: SinkStore,
  policy: IngestPolicy,
): Promise<GrpcReceiver> {
  const server = new Server({ "grpc.max_receive_message_length": 64 * 1024 * 1024 });
  server.addService(serviceDefinition(METRICS_SERVICE), { Export: handler(store, policy, "metrics") });
  server.addService(serviceDefinition(LOGS_SERVICE), { Export: handler(store, policy, "logs") });
  server.addService(serviceDefinition(TRACES_SERVICE), { Export: handler(store, policy, "traces") });
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, ServerCredentials.createInsecure(), (err, p) =>
      err
        ? reject(new Error(`cannot listen for OTLP/gRPC on 127.0.0.1:${port}: ${err.message}`))
        : resolve(p),
    ),
  );
  return {
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        // Exporters keep channels open; give in-flight calls a moment, then cut them.
        const timer = setTimeout(() => server.forceShutdown(), 1000);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
