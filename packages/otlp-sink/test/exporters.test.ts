import { Metadata } from "@grpc/grpc-js";
import { SeverityNumber, ValueType } from "@opentelemetry/api";
import { OTLPLogExporter as GrpcLogExporter } from "@opentelemetry/exporter-logs-otlp-grpc";
import { OTLPLogExporter as JsonLogExporter } from "@opentelemetry/exporter-logs-otlp-http";
import { OTLPLogExporter as ProtoLogExporter } from "@opentelemetry/exporter-logs-otlp-proto";
import { OTLPMetricExporter as GrpcMetricExporter } from "@opentelemetry/exporter-metrics-otlp-grpc";
import {
  AggregationTemporalityPreference,
  OTLPMetricExporter as JsonMetricExporter,
} from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPMetricExporter as ProtoMetricExporter } from "@opentelemetry/exporter-metrics-otlp-proto";
import { CompressionAlgorithm } from "@opentelemetry/otlp-exporter-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from "@opentelemetry/sdk-logs";
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { attributeTypes, type OtlpSink, plainAttributes, pointValue, startOtlpSink } from "../src/index.js";

/**
 * The sink against the real OpenTelemetry JS exporters, over every transport they speak: what the
 * SDK recorded must come out decoded with the same values AND the same OTLP value kinds.
 */

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ httpPathPrefix: "/otlp" });
});
afterAll(async () => {
  await sink.close();
});
beforeEach(() => sink.reset());

const RESOURCE = {
  "service.name": "claude-code",
  "service.version": "2.1.331",
  "host.arch": "arm64",
  "process.pid": 4242,
};

type Transport = "grpc" | "http/protobuf" | "http/json";

function metricExporter(t: Transport, temporality: AggregationTemporalityPreference): PushMetricExporter {
  const common = { temporalityPreference: temporality };
  if (t === "grpc") return new GrpcMetricExporter({ ...common, url: sink.grpcEndpoint });
  if (t === "http/protobuf")
    return new ProtoMetricExporter({
      ...common,
      url: `${sink.httpEndpoint}/v1/metrics`,
      compression: CompressionAlgorithm.GZIP,
    });
  return new JsonMetricExporter({ ...common, url: `${sink.httpEndpoint}/v1/metrics` });
}

function logExporter(t: Transport): LogRecordExporter {
  if (t === "grpc")
    return new GrpcLogExporter({ url: sink.grpcEndpoint, compression: CompressionAlgorithm.GZIP });
  if (t === "http/protobuf") return new ProtoLogExporter({ url: `${sink.httpEndpoint}/v1/logs` });
  return new JsonLogExporter({ url: `${sink.httpEndpoint}/v1/logs` });
}

async function recordMetrics(t: Transport, temporality: AggregationTemporalityPreference): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes(RESOURCE),
    readers: [
      new PeriodicExportingMetricReader({
        exporter: metricExporter(t, temporality),
        exportIntervalMillis: 60_000,
      }),
    ],
  });
  const meter = provider.getMeter("com.anthropic.claude_code", "2.1.331");
  const tokens = meter.createCounter("claude_code.token.usage", { unit: "tokens", valueType: ValueType.INT });
  const cost = meter.createCounter("claude_code.cost.usage", { unit: "USD", valueType: ValueType.DOUBLE });
  const latency = meter.createHistogram("test.latency", { unit: "ms" });
  tokens.add(1201, { type: "input", model: "claude-sonnet-4-5", "anthropic.custom_base_url": false });
  tokens.add(41, { type: "output", model: "claude-sonnet-4-5", "anthropic.custom_base_url": false });
  tokens.add(9, { type: "output", model: "claude-sonnet-4-5", "anthropic.custom_base_url": false });
  cost.add(0.018168, { model: "claude-sonnet-4-5", count: 3 });
  latency.record(120);
  latency.record(480);
  await provider.forceFlush();
  await provider.shutdown();
}

describe.each<Transport>(["grpc", "http/protobuf", "http/json"])("metrics over %s", (t) => {
  it("decodes resource, scope, sums with unit, temporality, monotonicity, point types and attributes", async () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    await recordMetrics(t, AggregationTemporalityPreference.DELTA);
    await sink.waitFor((s) => s.metrics.length > 0);

    expect(sink.metrics).toHaveLength(1);
    const rm = sink.metrics[0];
    expect(rm?.transport).toBe(t);
    expect(rm?.resource["service.name"]).toEqual({ type: "string", value: "claude-code" });
    expect(rm?.resource["process.pid"]).toEqual({ type: "int", value: 4242n });
    const sm = rm?.scopeMetrics[0];
    expect(sm?.scope).toMatchObject({ name: "com.anthropic.claude_code", version: "2.1.331" });

    const tokens = sm?.metrics.find((m) => m.name === "claude_code.token.usage");
    expect(tokens).toMatchObject({ kind: "sum", unit: "tokens", temporality: "delta", isMonotonic: true });
    if (tokens?.kind !== "sum") throw new Error("token.usage is not a sum");
    const byType = Object.fromEntries(tokens.dataPoints.map((p) => [plainAttributes(p.attributes).type, p]));
    expect(byType.input?.value).toEqual({ type: "int", value: 1201n });
    expect(byType.output?.value).toEqual({ type: "int", value: 50n });
    expect(attributeTypes(byType.input?.attributes ?? {})).toEqual({
      type: "string",
      model: "string",
      "anthropic.custom_base_url": "bool",
    });
    // Timestamps survive as exact unix nanoseconds (a JS number would have rounded them).
    const p = tokens.dataPoints[0];
    expect(p?.timeUnixNano).toBeGreaterThanOrEqual(before);
    expect(p?.timeUnixNano).toBeGreaterThanOrEqual(p?.startTimeUnixNano ?? 0n);
    expect(p?.startTimeUnixNano).toBeGreaterThan(1_600_000_000_000_000_000n);

    const cost = sm?.metrics.find((m) => m.name === "claude_code.cost.usage");
    if (cost?.kind !== "sum") throw new Error("cost.usage is not a sum");
    expect(cost.unit).toBe("USD");
    expect(cost.dataPoints[0]?.value).toEqual({ type: "double", value: 0.018168 });
    expect(cost.dataPoints[0]?.attributes.count).toEqual({ type: "int", value: 3n });

    const latency = sm?.metrics.find((m) => m.name === "test.latency");
    expect(latency).toMatchObject({ kind: "histogram", unit: "ms", temporality: "delta" });
    if (latency?.kind !== "histogram") throw new Error("latency is not a histogram");
    expect(latency.dataPoints[0]).toMatchObject({ count: 2n, sum: 600 });

    expect(sink.dataPoints().map((d) => d.metric.name)).toContain("claude_code.cost.usage");
    expect(sink.stats.dataPoints).toBe(4);
    expect(sink.requests.at(-1)).toMatchObject({ signal: "metrics", transport: t, status: 0, items: 4 });
  });

  it("reports cumulative temporality when the exporter asks for it", async () => {
    await recordMetrics(t, AggregationTemporalityPreference.CUMULATIVE);
    await sink.waitFor((s) => s.metrics.length > 0);
    const sums = sink.dataPoints().filter((d) => d.metric.kind === "sum");
    expect(new Set(sums.map((d) => (d.metric.kind === "sum" ? d.metric.temporality : "")))).toEqual(
      new Set(["cumulative"]),
    );
    const input = sums.find((d) => plainAttributes(d.point.attributes).type === "input");
    expect(input && pointValue(input.point)).toBe(1201);
  });
});

describe.each<Transport>(["grpc", "http/protobuf", "http/json"])("logs over %s", (t) => {
  it("flattens log records with body, attribute kinds, timestamps, severity, resource and scope", async () => {
    const provider = new LoggerProvider({
      resource: resourceFromAttributes(RESOURCE),
      processors: [new BatchLogRecordProcessor({ exporter: logExporter(t) })],
    });
    const logger = provider.getLogger("com.anthropic.claude_code.events", "2.1.331");
    const at = new Date("2026-11-20T10:00:00.123Z");
    logger.emit({
      timestamp: at,
      severityNumber: SeverityNumber.INFO,
      severityText: "INFO",
      body: "claude_code.api_request",
      eventName: "claude_code.api_request",
      attributes: {
        "event.name": "api_request",
        "event.sequence": 7,
        cost_usd: 0.018168,
        prompt_length: "42",
        "anthropic.custom_base_url": true,
        tags: ["a", "b"],
      },
    });
    logger.emit({ body: "claude_code.user_prompt", attributes: { "event.sequence": 8 } });
    await provider.forceFlush();
    await provider.shutdown();
    await sink.waitFor((s) => s.logs.length === 2);

    const [first, second] = sink.logs;
    expect(first?.transport).toBe(t);
    expect(first?.body).toEqual({ type: "string", value: "claude_code.api_request" });
    expect(first?.eventName).toBe("claude_code.api_request");
    expect(first?.timeUnixNano).toBe(1_795_168_800_123_000_000n);
    expect(first?.observedTimeUnixNano).toBeGreaterThan(0n);
    expect(first?.severityNumber).toBe(SeverityNumber.INFO);
    expect(first?.severityText).toBe("INFO");
    expect(attributeTypes(first?.attributes ?? {})).toEqual({
      "event.name": "string",
      "event.sequence": "int",
      cost_usd: "double",
      prompt_length: "string",
      "anthropic.custom_base_url": "bool",
      tags: "array",
    });
    expect(plainAttributes(first?.attributes ?? {})).toMatchObject({
      "event.sequence": 7n,
      cost_usd: 0.018168,
      prompt_length: "42",
      tags: ["a", "b"],
    });
    expect(first?.scope).toMatchObject({ name: "com.anthropic.claude_code.events", version: "2.1.331" });
    expect(first?.resource["host.arch"]).toEqual({ type: "string", value: "arm64" });
    expect(second?.attributes["event.sequence"]).toEqual({ type: "int", value: 8n });
    expect(second?.severityNumber).toBe(0);
  });
});

describe("transport details", () => {
  it("takes gzip on gRPC and HTTP and records request headers", async () => {
    const metadata = new Metadata();
    metadata.set("x-tenant", "acme");
    const exporters: LogRecordExporter[] = [
      new GrpcLogExporter({ url: sink.grpcEndpoint, metadata, compression: CompressionAlgorithm.GZIP }),
      new ProtoLogExporter({
        url: `${sink.httpEndpoint}/v1/logs`,
        headers: { "x-tenant": "acme" },
        compression: CompressionAlgorithm.GZIP,
      }),
    ];
    for (const exporter of exporters) {
      const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter })] });
      provider.getLogger("t").emit({ body: "x" });
      await provider.shutdown();
    }
    await sink.waitFor((s) => s.requests.length === 2);
    for (const r of sink.requests) {
      expect(r.headers["x-tenant"]).toBe("acme");
      expect(r.encoding).toBe(r.transport === "grpc" ? "grpc" : "gzip");
      expect(r.items).toBe(1);
    }
    expect(sink.requests.map((r) => r.transport).sort()).toEqual(["grpc", "http/protobuf"]);
  });
});
