import { type GrpcReceiver, startGrpcReceiver } from "./grpc-receiver.js";
import { type HttpReceiver, startHttpReceiver } from "./http-receiver.js";
import type { IngestPolicy } from "./ingest.js";
import { type SinkStats, SinkStore } from "./store.js";
import type {
  OtlpSignal,
  OtlpTransport,
  ReceivedLogRecord,
  ReceivedRequest,
  ReceivedResourceMetrics,
  ReceivedSpan,
} from "./types.js";
import { type FlatDataPoint, flattenDataPoints } from "./values.js";

export interface OtlpSinkOptions {
  /** gRPC port on 127.0.0.1; 0 (default) picks a free one; false: no gRPC receiver. */
  readonly grpcPort?: number | false;
  /** HTTP port on 127.0.0.1; 0 (default) picks a free one; false: no HTTP receiver. */
  readonly httpPort?: number | false;
  /** Mounted before /v1/metrics, /v1/logs and /v1/traces, e.g. "/otlp" to stand where Loki takes OTLP. */
  readonly httpPathPrefix?: string;
  /** When set, every request must carry `authorization: Bearer <token>` (401 / UNAUTHENTICATED otherwise). */
  readonly bearerToken?: string;
  /** Return an HTTP status (429, 503, 400...) to refuse an export with it; gRPC gets the matching code. */
  readonly failWith?: (signal: OtlpSignal, transport: OtlpTransport) => number | undefined;
  /** false keeps counts only, for benchmarks whose data would not fit in memory. Default true. */
  readonly retain?: boolean;
  /** Largest accepted HTTP body (compressed and decompressed), default 64 MiB. */
  readonly maxBodyBytes?: number;
}

export interface OtlpSink {
  /** `http://127.0.0.1:PORT`, what an OTLP/gRPC exporter takes as its endpoint ("" without gRPC). */
  readonly grpcEndpoint: string;
  /** `http://127.0.0.1:PORT{prefix}`: append /v1/metrics, /v1/logs or /v1/traces ("" without HTTP). */
  readonly httpEndpoint: string;
  readonly grpcPort: number | undefined;
  readonly httpPort: number | undefined;
  readonly metrics: ReceivedResourceMetrics[];
  /** Log records flattened with their resource and scope, in arrival order. */
  readonly logs: ReceivedLogRecord[];
  /** Spans flattened with their resource and scope, in arrival order. */
  readonly spans: ReceivedSpan[];
  readonly requests: ReceivedRequest[];
  readonly stats: Readonly<SinkStats>;
  /** Replaceable at run time, to make a healthy sink start failing or recover. */
  failWith: OtlpSinkOptions["failWith"];
  /** Every number data point with its resource, scope and metric, in arrival order. */
  dataPoints(): FlatDataPoint[];
  /** Resolves when predicate(sink) holds; rejects with what the sink holds after timeoutMs. */
  waitFor(predicate: (sink: OtlpSink) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

export async function startOtlpSink(options: OtlpSinkOptions = {}): Promise<OtlpSink> {
  const store = new SinkStore(options.retain ?? true);
  const policy: IngestPolicy = { bearerToken: options.bearerToken, failWith: options.failWith };
  const prefix = normalisePrefix(options.httpPathPrefix ?? "");
  const receivers: (GrpcReceiver | HttpReceiver)[] = [];
  let grpc: GrpcReceiver | undefined;
  let http: HttpReceiver | undefined;
  try {
    if (options.grpcPort !== false) {
      grpc = await startGrpcReceiver(options.grpcPort ?? 0, store, policy);
      receivers.push(grpc);
    }
    if (options.httpPort !== false) {
      http = await startHttpReceiver(
        options.httpPort ?? 0,
        prefix,
        options.maxBodyBytes ?? 64 * 1024 * 1024,
        store,
        policy,
      );
      receivers.push(http);
    }
  } catch (e) {
    await Promise.all(receivers.map((r) => r.close()));
    throw e;
  }

  const sink: OtlpSink = {
    grpcEndpoint: grpc ? `http://127.0.0.1:${grpc.port}` : "",
    httpEndpoint: http ? `http://127.0.0.1:${http.port}${prefix}` : "",
    grpcPort: grpc?.port,
    httpPort: http?.port,
    metrics: store.metrics,
    logs: store.logs,
    spans: store.spans,
    requests: store.requests,
    stats: store.stats,
    get failWith() {
      return policy.failWith;
    },
    set failWith(fn) {
      policy.failWith = fn;
    },
    dataPoints: () => flattenDataPoints(store.metrics),
    waitFor: (predicate, timeoutMs = 5000) =>
      store.waitFor(
        () => predicate(sink),
        timeoutMs,
        () =>
          `${store.stats.dataPoints} data points and ${store.stats.logRecords} log records ` +
          `and ${store.stats.spans} spans ` +
          `from ${store.stats.metricsRequests + store.stats.logsRequests + store.stats.tracesRequests} requests ` +
          `(${store.stats.rejectedRequests} rejected)`,
      ),
    reset: () => store.reset(),
    close: async () => {
      await Promise.all(receivers.map((r) => r.close()));
    },
  };
  return sink;
}

function normalisePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/\/+$/, "");
  if (trimmed === "") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}
