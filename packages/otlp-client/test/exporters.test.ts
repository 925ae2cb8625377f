import { type OtlpSink, plainAttributes, startOtlpSink } from "@cc-otel/otlp-sink";
import { ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider, SimpleLogRecordProcessor } from "@opentelemetry/sdk-logs";
import { type AggregationTemporality, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { SimpleSpanProcessor, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createLogExporter,
  createMetricExporter,
  createTraceExporter,
  metadataOf,
  PROTOCOLS,
  type Protocol,
  resolveOtlpEnv,
} from "../src/index.js";

// Exporters built from resolved OTEL_EXPORTER_OTLP_* variables, into a real OTLP receiver.

const TOKEN = "s3cret token";
let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ bearerToken: TOKEN });
});
afterAll(async () => sink.close());
beforeEach(() => sink.reset());

const resource = resourceFromAttributes({ "service.name": "claude-code" });

/** The variables a user would set for one protocol against the sink. */
function envFor(protocol: Protocol, extra: Record<string, string> = {}) {
  return {
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: protocol === "grpc" ? sink.grpcEndpoint : sink.httpEndpoint,
    OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${encodeURIComponent(TOKEN)}`,
    ...extra,
  };
}

class ManualReader extends MetricReader {
  protected override onForceFlush() {
    return Promise.resolve();
  }
  protected override onShutdown() {
    return Promise.resolve();
  }
}

describe.each(PROTOCOLS)("%s", (protocol) => {
  it("metrics: the resolved URL, headers and temporality reach the receiver", async () => {
    const env = resolveOtlpEnv(envFor(protocol), { defaultTemporality: "delta" });
    const exporter = createMetricExporter(env.metrics, { temporality: env.temporalityPreference });
    const reader = new ManualReader({
      aggregationTemporalitySelector: (t) =>
        exporter.selectAggregationTemporality?.(t) as AggregationTemporality,
    });
    const provider = new MeterProvider({ resource, readers: [reader] });
    provider.getMeter("m").createCounter("probe").add(3, { who: "me" });
    const { resourceMetrics } = await reader.collect();
    const result = await new Promise<{ code: number }>((r) => exporter.export(resourceMetrics, r));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const [rm] = sink.metrics;
    const sum = rm?.scopeMetrics[0]?.metrics[0];
    expect(sum).toMatchObject({ name: "probe", kind: "sum", temporality: "delta" });
    expect(sink.requests[0]).toMatchObject({ transport: protocol, signal: "metrics" });
    await exporter.shutdown();
    await provider.shutdown();
  });

  it("logs and traces, with gzip from OTEL_EXPORTER_OTLP_COMPRESSION", async () => {
    const env = resolveOtlpEnv(envFor(protocol, { OTEL_EXPORTER_OTLP_COMPRESSION: "gzip" }));
    const logs = new LoggerProvider({
      resource,
      processors: [new SimpleLogRecordProcessor({ exporter: createLogExporter(env.logs) })],
    });
    logs.getLogger("l").emit({ body: "hello", attributes: { n: 1 } });
    const traces = new TracerProvider({
      resource,
      spanProcessors: [new SimpleSpanProcessor({ exporter: createTraceExporter(env.traces) })],
    });
    traces.getTracer("t").startSpan("work").end();
    await sink.waitFor((s) => s.logs.length === 1 && s.spans.length === 1, 10_000);
    expect(plainAttributes(sink.logs[0]?.attributes ?? {})).toEqual({ n: 1n });
    expect(sink.spans[0]?.name).toBe("work");
    if (protocol !== "grpc") {
      // grpc-js undoes its compression before the sink sees the request.
      expect(sink.requests.map((r) => r.encoding)).toEqual(["gzip", "gzip"]);
    }
    await logs.shutdown();
    await traces.shutdown();
  });

  it("without the token the receiver refuses, and the exporter says so", async () => {
    const env = resolveOtlpEnv({ ...envFor(protocol), OTEL_EXPORTER_OTLP_HEADERS: "" });
    const exporter = createLogExporter(env.logs);
    const result = await new Promise<{ code: number; error?: Error }>((r) => exporter.export([], r));
    expect(result.code).toBe(ExportResultCode.FAILED);
    // Refused by the receiver, not short of it: the empty request went out and got 401.
    expect(sink.requests.map((r) => r.status)).toEqual([401]);
    await exporter.shutdown();
  });
});

describe("metadataOf", () => {
  it("turns headers into gRPC metadata, keys lower-cased as gRPC requires", () => {
    const md = metadataOf({ Authorization: "Bearer x", "x-tenant": "t" });
    expect(md.getMap()).toEqual({ authorization: "Bearer x", "x-tenant": "t" });
  });
});
