import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type ChannelCredentials, credentials, Metadata } from "@grpc/grpc-js";
import { OTLPLogExporter as GrpcLogExporter } from "@opentelemetry/exporter-logs-otlp-grpc";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { OTLPTraceExporter as GrpcTraceExporter } from "@opentelemetry/exporter-trace-otlp-grpc";
import { OTLPTraceExporter as JsonTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import type { LogRecordExporter } from "@opentelemetry/sdk-logs";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace";
import type { Compression, TemporalityPreference } from "./env.js";
import type { Protocol } from "./protocols.js";

/**
 * The OpenTelemetry JS exporters — the SDK family Claude Code exports with — for the three OTLP
 * protocols, built from one target. A SignalExport from resolveOtlpEnv is a target as it is.
 */
export interface ExportTarget {
  readonly protocol: Protocol;
  /** Full URL: HTTP with its /v1/<signal> path; gRPC scheme, host and port. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly timeoutMs?: number | undefined;
  readonly compression?: Compression | undefined;
  /** PEM files: the CA to trust, and a client certificate and key for mutual TLS. */
  readonly certificate?: string | undefined;
  readonly clientKey?: string | undefined;
  readonly clientCertificate?: string | undefined;
  /** gRPC to an endpoint without scheme: plaintext instead of TLS. */
  readonly insecure?: boolean | undefined;
  /** Exports in flight at once (the exporters' default is 30). */
  readonly concurrencyLimit?: number | undefined;
}

/** gRPC metadata from headers: the one place HTTP-style headers become gRPC metadata. */
export function metadataOf(headers: Readonly<Record<string, string>> | undefined): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(headers ?? {})) md.set(k, v);
  return md;
}

const pem = (file: string | undefined) => (file ? readFileSync(resolve(file)) : undefined);

/** Settings the three protocols share; unset ones are left to the exporters' defaults. */
function common(t: ExportTarget) {
  return {
    url: t.url,
    ...(t.timeoutMs !== undefined ? { timeoutMillis: t.timeoutMs } : {}),
    ...(t.compression !== undefined
      ? { compression: t.compression === "gzip" ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE }
      : {}),
    ...(t.concurrencyLimit !== undefined ? { concurrencyLimit: t.concurrencyLimit } : {}),
  };
}

/**
 * The scheme decides, as in the specification: http:// is plaintext (left to the exporter), https://
 * is TLS (the given certificates, else the system's CAs); OTEL_EXPORTER_OTLP_INSECURE only matters
 * for an endpoint without scheme.
 */
function grpcCredentials(t: ExportTarget): ChannelCredentials | undefined {
  const ssl = () => credentials.createSsl(pem(t.certificate), pem(t.clientKey), pem(t.clientCertificate));
  if (t.url.startsWith("http://")) return undefined;
  if (t.url.startsWith("https://"))
    return t.certificate || t.clientKey || t.clientCertificate ? ssl() : undefined;
  return t.insecure ? credentials.createInsecure() : ssl();
}

function grpcOptions(t: ExportTarget) {
  const creds = grpcCredentials(t);
  return { ...common(t), metadata: metadataOf(t.headers), ...(creds ? { credentials: creds } : {}) };
}

function httpOptions(t: ExportTarget) {
  const tls = t.certificate || t.clientKey || t.clientCertificate;
  return {
    ...common(t),
    headers: { ...t.headers },
    ...(tls
      ? {
          httpAgentOptions: {
            keepAlive: true,
            ca: pem(t.certificate),
            key: pem(t.clientKey),
            cert: pem(t.clientCertificate),
          },
        }
      : {}),
  };
}

export interface MetricExporterOptions {
  /** Default: the exporters' own (cumulative, or OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE). */
  readonly temporality?: TemporalityPreference | undefined;
}

const PREFERENCE: Readonly<Record<TemporalityPreference, AggregationTemporalityPreference>> = {
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
  delta: AggregationTemporalityPreference.DELTA,
  lowmemory: AggregationTemporalityPreference.LOWMEMORY,
};

export function createMetricExporter(
  t: ExportTarget,
  options: MetricExporterOptions = {},
): PushMetricExporter {
  const temporality =
    options.temporality !== undefined ? { temporalityPreference: PREFERENCE[options.temporality] } : {};
  switch (t.protocol) {
    case "grpc":
      return new GrpcMetricExporter({ ...grpcOptions(t), ...temporality });
    case "http/protobuf":
      return new ProtoMetricExporter({ ...httpOptions(t), ...temporality });
    case "http/json":
      return new JsonMetricExporter({ ...httpOptions(t), ...temporality });
  }
}

export function createLogExporter(t: ExportTarget): LogRecordExporter {
  switch (t.protocol) {
    case "grpc":
      return new GrpcLogExporter(grpcOptions(t));
    case "http/protobuf":
      return new ProtoLogExporter(httpOptions(t));
    case "http/json":
      return new JsonLogExporter(httpOptions(t));
  }
}

export function createTraceExporter(t: ExportTarget): SpanExporter {
  switch (t.protocol) {
    case "grpc":
      return new GrpcTraceExporter(grpcOptions(t));
    case "http/protobuf":
      return new ProtoTraceExporter(httpOptions(t));
    case "http/json":
      return new JsonTraceExporter(httpOptions(t));
  }
}
