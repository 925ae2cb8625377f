import { Metadata } from "@grpc/grpc-js";
import { ROOT_CONTEXT, SeverityNumber, SpanKind, SpanStatusCode, trace, ValueType } from "@opentelemetry/api";
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
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider, type LogRecordExporter } from "@opentelemetry/sdk-logs";
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from "@opentelemetry/sdk-trace";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  attributeTypes,
  type OtlpSignal,
  type OtlpSink,
  type OtlpTransport,
  plainAttributes,
  pointValue,
  startOtlpSink,
} from "../src/index.js";

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

/** `token`, when given, is sent as a bearer token the way each exporter takes extra headers. */
function traceExporter(t: Transport, target: OtlpSink = sink, token?: string): SpanExporter {
  const auth = token === undefined ? {} : { authorization: `Bearer ${token}` };
  if (t === "grpc") {
    const metadata = new Metadata();
    if (token !== undefined) metadata.set("authorization", `Bearer ${token}`);
    return new GrpcTraceExporter({ url: target.grpcEndpoint, metadata });
  }
  if (t === "http/protobuf")
    return new ProtoTraceExporter({
      url: `${target.httpEndpoint}/v1/traces`,
      headers: auth,
      compression: CompressionAlgorithm.GZIP,
    });
  return new JsonTraceExporter({ url: `${target.httpEndpoint}/v1/traces`, headers: auth });
}

/** Ends one span through a fresh provider; resolves with the error the export failed with, if any. */
async function exportOneSpan(exporter: SpanExporter, name: string): Promise<unknown> {
  // The processor's own forceFlush rejects with the exporter's error; the provider's wraps it in an array.
  const processor = new BatchSpanProcessor({ exporter });
  const provider = new TracerProvider({ spanProcessors: [processor] });
  provider.getTracer("t").startSpan(name).end();
  try {
    await processor.forceFlush();
    return undefined;
  } catch (e) {
    return e;
  } finally {
    await provider.shutdown();
  }
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

describe.each<Transport>(["grpc", "http/protobuf", "http/json"])("traces over %s", (t) => {
  it("flattens spans with ids, parent ids, kind, times, attribute kinds, events, status, resource and scope", async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes(RESOURCE),
      spanProcessors: [new BatchSpanProcessor({ exporter: traceExporter(t) })],
    });
    const tracer = provider.getTracer("com.anthropic.claude_code.tracing", "2.1.331");
    // HrTime [seconds, nanoseconds], so that sub-millisecond precision has to survive the trip.
    const start: [number, number] = [1_795_168_800, 123_456_789];
    const end: [number, number] = [1_795_168_801, 987_654_321];
    const spanAttributes = {
      "span.type": "llm_request",
      input_tokens: 1201,
      cost_usd: 0.018168,
      "anthropic.custom_base_url": false,
      tools: ["Read", "Edit"],
    };
    const eventAttributes = { attempt: 2, delay_ms: 1.5, reason: "overloaded_error", final: false };

    const root = tracer.startSpan("claude_code.interaction", { kind: SpanKind.SERVER, startTime: start });
    const child = tracer.startSpan(
      "claude_code.llm_request",
      { kind: SpanKind.CLIENT, startTime: start, attributes: spanAttributes },
      trace.setSpan(ROOT_CONTEXT, root),
    );
    child.addEvent("claude_code.api_retry", eventAttributes, start);
    child.setStatus({ code: SpanStatusCode.ERROR, message: "overloaded_error" });
    child.end(end);
    root.setStatus({ code: SpanStatusCode.OK });
    root.end(end);
    await provider.forceFlush();
    await provider.shutdown();
    await sink.waitFor((s) => s.spans.length === 2);

    const got = Object.fromEntries(sink.spans.map((s) => [s.name, s]));
    const sent = { root: root.spanContext(), child: child.spanContext() };
    // The API's SpanKind starts at INTERNAL = 0, OTLP's at SPAN_KIND_UNSPECIFIED = 0; status codes agree.
    const otlpKind = (k: SpanKind) => k + 1;
    expect(got["claude_code.interaction"]).toMatchObject({
      traceId: sent.root.traceId,
      spanId: sent.root.spanId,
      parentSpanId: "",
      kind: otlpKind(SpanKind.SERVER),
      status: { code: SpanStatusCode.OK, message: "" },
      events: [],
      attributes: {},
      transport: t,
    });
    const llm = got["claude_code.llm_request"];
    expect(llm).toMatchObject({
      traceId: sent.root.traceId,
      spanId: sent.child.spanId,
      parentSpanId: sent.root.spanId,
      kind: otlpKind(SpanKind.CLIENT),
      status: { code: SpanStatusCode.ERROR, message: "overloaded_error" },
      startTimeUnixNano: 1_795_168_800_123_456_789n,
      endTimeUnixNano: 1_795_168_801_987_654_321n,
      transport: t,
    });
    expect(attributeTypes(llm?.attributes ?? {})).toEqual({
      "span.type": "string",
      input_tokens: "int",
      cost_usd: "double",
      "anthropic.custom_base_url": "bool",
      tools: "array",
    });
    expect(plainAttributes(llm?.attributes ?? {})).toEqual({
      ...spanAttributes,
      input_tokens: BigInt(spanAttributes.input_tokens),
    });
    expect(llm?.attributes.tools).toEqual({
      type: "array",
      value: spanAttributes.tools.map((value) => ({ type: "string", value })),
    });
    expect(llm?.events).toHaveLength(1);
    expect(llm?.events[0]).toMatchObject({
      name: "claude_code.api_retry",
      timeUnixNano: 1_795_168_800_123_456_789n,
    });
    expect(attributeTypes(llm?.events[0]?.attributes ?? {})).toEqual({
      attempt: "int",
      delay_ms: "double",
      reason: "string",
      final: "bool",
    });
    expect(plainAttributes(llm?.events[0]?.attributes ?? {})).toEqual({
      ...eventAttributes,
      attempt: BigInt(eventAttributes.attempt),
    });
    expect(llm?.scope).toMatchObject({ name: "com.anthropic.claude_code.tracing", version: "2.1.331" });
    expect(plainAttributes(llm?.resource ?? {})).toMatchObject({
      ...RESOURCE,
      "process.pid": BigInt(RESOURCE["process.pid"]),
    });
    expect(llm?.resource["process.pid"]?.type).toBe("int");
    expect(sink.stats).toMatchObject({ spans: 2, tracesRequests: sink.requests.length, rejectedRequests: 0 });
    expect(sink.requests.at(-1)).toMatchObject({ signal: "traces", transport: t, status: 0, items: 2 });
  });

  it("requires the bearer token when the sink has one", async () => {
    const guarded = await startOtlpSink({ bearerToken: "s3cret" });
    try {
      expect(await exportOneSpan(traceExporter(t, guarded, "wrong"), "refused")).toBeInstanceOf(Error);
      expect(await exportOneSpan(traceExporter(t, guarded), "anonymous")).toBeInstanceOf(Error);
      expect(await exportOneSpan(traceExporter(t, guarded, "s3cret"), "accepted")).toBeUndefined();
      expect(guarded.spans.map((s) => s.name)).toEqual(["accepted"]);
      expect(guarded.requests.map((r) => [r.signal, r.transport, r.status])).toEqual([
        ["traces", t, 401],
        ["traces", t, 401],
        ["traces", t, 0],
      ]);
      expect(guarded.requests[2]?.headers.authorization).toBe("Bearer s3cret");
    } finally {
      await guarded.close();
    }
  });

  it("asks failWith about 'traces', refuses with its status, stores nothing, and recovers", async () => {
    const calls: [OtlpSignal, OtlpTransport][] = [];
    // 400 because no exporter retries it, so each export is exactly one request.
    sink.failWith = (signal, transport) => {
      calls.push([signal, transport]);
      return 400;
    };
    try {
      expect(await exportOneSpan(traceExporter(t), "refused")).toBeInstanceOf(Error);
    } finally {
      sink.failWith = undefined;
    }
    expect(calls).toEqual([["traces", t]]);
    expect(sink.spans).toHaveLength(0);
    expect(await exportOneSpan(traceExporter(t), "accepted")).toBeUndefined();
    expect(sink.spans.map((s) => s.name)).toEqual(["accepted"]);
    expect(sink.requests.map((r) => r.status)).toEqual([400, 0]);
    expect(sink.stats).toMatchObject({ rejectedRequests: 1, tracesRequests: 1, spans: 1 });
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
