import { Metadata } from "@grpc/grpc-js";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { OTLPLogExporter as GrpcLogExporter } from "@opentelemetry/exporter-logs-otlp-grpc";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import { OTLPMetricExporter as JsonMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import type { Protocol } from "./config.js";

/**
 * The OpenTelemetry JS exporters — the SDK family Claude Code itself exports with — built from the
 * user's protocol, URL and headers, so that the probe's first leg behaves like Claude Code would.
 */
export interface ExportTarget {
  readonly protocol: Protocol;
  /** Full URL (HTTP: with /v1/<signal>; gRPC: scheme, host and port). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

const TIMEOUT_MS = 5_000;

function metadataOf(headers: Readonly<Record<string, string>>): Metadata {
  const md = new Metadata();
  for (const [k, v] of Object.entries(headers)) md.set(k, v);
  return md;
}

export function metricExporter(t: ExportTarget): PushMetricExporter {
  const common = { url: t.url, timeoutMillis: TIMEOUT_MS };
  switch (t.protocol) {
    case "grpc":
      return new GrpcMetricExporter({ ...common, metadata: metadataOf(t.headers) });
    case "http/protobuf":
      return new ProtoMetricExporter({ ...common, headers: { ...t.headers } });
    case "http/json":
      return new JsonMetricExporter({ ...common, headers: { ...t.headers } });
  }
}

export function logExporter(t: ExportTarget): LogRecordExporter {
  const common = { url: t.url, timeoutMillis: TIMEOUT_MS };
  switch (t.protocol) {
    case "grpc":
      return new GrpcLogExporter({ ...common, metadata: metadataOf(t.headers) });
    case "http/protobuf":
      return new ProtoLogExporter({ ...common, headers: { ...t.headers } });
    case "http/json":
      return new JsonLogExporter({ ...common, headers: { ...t.headers } });
  }
}

/** Wraps a log exporter to hand out the result of its (single) export. */
export class CapturingLogExporter implements LogRecordExporter {
  readonly results: Promise<ExportResult>[] = [];
  constructor(private readonly inner: LogRecordExporter) {}
  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.results.push(
      new Promise((resolve) =>
        this.inner.export(logs, (r) => {
          resolve(r);
          resultCallback(r);
        }),
      ),
    );
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export function resultError(r: ExportResult): string | undefined {
  if (r.code === ExportResultCode.SUCCESS) return undefined;
  const e = r.error as (Error & { code?: unknown; details?: string; cause?: { code?: string } }) | undefined;
  if (!e) return "export failed";
  const cause = e.cause?.code === "ECONNREFUSED" ? " (connection refused: nothing listens there)" : "";
  // gRPC messages carry a timestamp and an empty "Resolution note": keep the useful part.
  const message = e.message
    .replace(/\s*\(\d{4}-\d\d-\d\dT[^)]*\)/g, "")
    .replace(/\s*Resolution note:\s*$/, "");
  return `${message}${cause}`;
}
