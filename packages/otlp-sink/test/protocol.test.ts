import { gzipSync } from "node:zlib";
import { credentials, status as GrpcStatus, Metadata, makeGenericClientConstructor } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type OtlpSink, startOtlpSink } from "../src/index.js";
import { RPC_STATUS } from "../src/proto-schema.js";

/**
 * Protocol edges, spoken raw (no OTel SDK): garbage, wrong content types and paths, auth, forced
 * failures, OTLP/JSON written by hand, and the waitFor/reset contract.
 */

const METRICS_PATH = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
const LOGS_PATH = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";
const TRACES_PATH = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink({ httpPathPrefix: "otlp/" });
});
afterAll(async () => {
  await sink.close();
});
afterEach(() => {
  sink.reset();
  sink.failWith = undefined;
});

async function post(path: string, body: Uint8Array | string, headers: Record<string, string>) {
  const res = await fetch(`http://127.0.0.1:${sink.httpPort}${path}`, { method: "POST", body, headers });
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: new Uint8Array(await res.arrayBuffer()),
  };
}

const PROTO = { "content-type": "application/x-protobuf" };
const JSON_CT = { "content-type": "application/json" };

/** Bytes that are not a valid protobuf message: a length-delimited field claiming 100 bytes. */
const GARBAGE = new Uint8Array([0x0a, 0x64, 0x01, 0x02, 0x03]);

function grpcExport(path: string, body: Uint8Array, metadata = new Metadata()) {
  const Client = makeGenericClientConstructor(
    {
      Export: {
        path,
        requestStream: false,
        responseStream: false,
        requestSerialize: (b: Buffer) => b,
        requestDeserialize: (b: Buffer) => b,
        responseSerialize: (b: Buffer) => b,
        responseDeserialize: (b: Buffer) => b,
      },
    },
    "Export",
  );
  const client = new Client(`127.0.0.1:${sink.grpcPort}`, credentials.createInsecure());
  return new Promise<{ code: number; details: string }>((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(body),
      metadata,
      (err) => {
        client.close();
        resolve({ code: err?.code ?? GrpcStatus.OK, details: err?.details ?? "" });
      },
    );
  });
}

const JSON_METRICS = JSON.stringify({
  resourceMetrics: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "claude-code" } }] },
      scopeMetrics: [
        {
          scope: { name: "com.anthropic.claude_code", version: "2.1.331" },
          metrics: [
            {
              name: "claude_code.session.count",
              unit: "",
              sum: {
                aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
                isMonotonic: true,
                dataPoints: [
                  {
                    startTimeUnixNano: "1795168800123456789",
                    timeUnixNano: "1795168860123456789",
                    asInt: "9007199254740993",
                    attributes: [{ key: "start_type", value: { stringValue: "fresh" } }],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
});

const IDS = {
  traceId: "5b8efff798038103d269b633813fc60c",
  spanId: "eee19b7ec3c1b174",
  parentSpanId: "0102030405060708",
};

const JSON_TRACES = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "claude-code" } }] },
      scopeSpans: [
        {
          scope: { name: "com.anthropic.claude_code.tracing", version: "2.1.331" },
          spans: [
            {
              ...IDS,
              name: "claude_code.tool",
              kind: "SPAN_KIND_CLIENT",
              startTimeUnixNano: "1795168800123456789",
              endTimeUnixNano: "1795168800987654321",
              attributes: [{ key: "tool_name", value: { stringValue: "Bash" } }],
              events: [
                {
                  name: "claude_code.tool.blocked",
                  timeUnixNano: "1795168800500000001",
                  attributes: [{ key: "attempt", value: { intValue: "9007199254740993" } }],
                },
              ],
              links: [{ traceId: IDS.traceId, spanId: IDS.parentSpanId }],
              status: { code: "STATUS_CODE_ERROR", message: "denied" },
            },
          ],
        },
      ],
    },
  ],
});

describe("OTLP/HTTP", () => {
  it("answers 400 with a google.rpc.Status for protobuf garbage and stores nothing", async () => {
    const res = await post("/otlp/v1/metrics", GARBAGE, PROTO);
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/x-protobuf");
    const status = RPC_STATUS.toObject(RPC_STATUS.decode(res.body)) as { code: number; message: string };
    expect(status.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(status.message).toMatch(/cannot decode ExportMetricsServiceRequest as protobuf/);
    expect(sink.metrics).toHaveLength(0);
    expect(sink.stats.rejectedRequests).toBe(1);
  });

  it("answers 400 in JSON for a body that is not JSON, or JSON of the wrong shape", async () => {
    const notJson = await post("/otlp/v1/logs", "{resourceLogs:", JSON_CT);
    expect(notJson.status).toBe(400);
    expect(JSON.parse(Buffer.from(notJson.body).toString())).toMatchObject({ code: 3 });
    const wrongShape = await post("/otlp/v1/logs", JSON.stringify({ resourceLogs: "nope" }), JSON_CT);
    expect(wrongShape.status).toBe(400);
    const array = await post("/otlp/v1/logs", "[]", JSON_CT);
    expect(array.status).toBe(400);
  });

  it("answers 415 for other content types and encodings, 404 off the prefix, 405 for GET", async () => {
    expect((await post("/otlp/v1/metrics", "x", { "content-type": "text/plain" })).status).toBe(415);
    expect((await post("/otlp/v1/metrics", "x", { ...PROTO, "content-encoding": "br" })).status).toBe(415);
    expect((await post("/v1/metrics", new Uint8Array(), PROTO)).status).toBe(404);
    const get = await fetch(`${sink.httpEndpoint}/v1/metrics`);
    expect(get.status).toBe(405);
  });

  it("answers 400 for a gzip header on a body that is not gzip", async () => {
    const res = await post("/otlp/v1/metrics", GARBAGE, { ...PROTO, "content-encoding": "gzip" });
    expect(res.status).toBe(400);
  });

  it("decodes hand-written OTLP/JSON, gzipped, keeping int64 exact and enum names", async () => {
    const res = await post("/otlp/v1/metrics", gzipSync(JSON_METRICS), {
      ...JSON_CT,
      "content-encoding": "gzip",
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(res.body).toString()).toBe("{}");
    const [point] = sink.dataPoints();
    expect(point?.metric).toMatchObject({
      name: "claude_code.session.count",
      temporality: "delta",
      isMonotonic: true,
    });
    expect(point?.point.value).toEqual({ type: "int", value: 9007199254740993n });
    expect(point?.point.startTimeUnixNano).toBe(1795168800123456789n);
    expect(point?.resource["service.name"]).toEqual({ type: "string", value: "claude-code" });
  });

  it("reads OTLP/JSON trace ids as hex, as the spec says (not base64)", async () => {
    const body = JSON.stringify({
      resourceLogs: [
        {
          scopeLogs: [
            {
              logRecords: [
                {
                  timeUnixNano: "1",
                  body: { stringValue: "claude_code.tool_result" },
                  traceId: "5b8efff798038103d269b633813fc60c",
                  spanId: "eee19b7ec3c1b174",
                  attributes: [{ key: "duration_ms", value: { stringValue: "12" } }],
                },
              ],
            },
          ],
        },
      ],
    });
    expect((await post("/otlp/v1/logs", body, JSON_CT)).status).toBe(200);
    expect(sink.logs[0]).toMatchObject({
      traceId: "5b8efff798038103d269b633813fc60c",
      spanId: "eee19b7ec3c1b174",
      timeUnixNano: 1n,
      attributes: { duration_ms: { type: "string", value: "12" } },
    });
    const bad = JSON.parse(body);
    bad.resourceLogs[0].scopeLogs[0].logRecords[0].traceId = "not-hex";
    expect((await post("/otlp/v1/logs", JSON.stringify(bad), JSON_CT)).status).toBe(400);
  });

  it("decodes hand-written OTLP/JSON spans: hex ids, enum names, exact int64 times and values", async () => {
    expect((await post("/otlp/v1/traces", JSON_TRACES, JSON_CT)).status).toBe(200);
    expect(sink.spans).toHaveLength(1);
    expect(sink.spans[0]).toMatchObject({
      ...IDS,
      name: "claude_code.tool",
      kind: 3,
      startTimeUnixNano: 1795168800123456789n,
      endTimeUnixNano: 1795168800987654321n,
      attributes: { tool_name: { type: "string", value: "Bash" } },
      events: [
        {
          name: "claude_code.tool.blocked",
          timeUnixNano: 1795168800500000001n,
          attributes: { attempt: { type: "int", value: 9007199254740993n } },
        },
      ],
      status: { code: 2, message: "denied" },
      resource: { "service.name": { type: "string", value: "claude-code" } },
      scope: { name: "com.anthropic.claude_code.tracing", version: "2.1.331" },
      transport: "http/json",
    });
    expect(sink.requests[0]).toMatchObject({ signal: "traces", items: 1, status: 0 });
    for (const field of ["parentSpanId", "links"] as const) {
      const bad = JSON.parse(JSON_TRACES);
      const span = bad.resourceSpans[0].scopeSpans[0].spans[0];
      if (field === "links") span.links[0].spanId = "not-hex";
      else span.parentSpanId = "not-hex";
      expect((await post("/otlp/v1/traces", JSON.stringify(bad), JSON_CT)).status).toBe(400);
    }
    expect(sink.spans).toHaveLength(1);
  });

  it("accepts an empty export request", async () => {
    expect((await post("/otlp/v1/logs", new Uint8Array(), PROTO)).status).toBe(200);
    expect(sink.stats.logsRequests).toBe(1);
    expect(sink.logs).toHaveLength(0);
  });
});

describe("OTLP/gRPC", () => {
  it("answers INVALID_ARGUMENT for garbage on both services", async () => {
    for (const path of [METRICS_PATH, LOGS_PATH]) {
      const res = await grpcExport(path, GARBAGE);
      expect(res.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(res.details).toMatch(/cannot decode Export(Metrics|Logs)ServiceRequest/);
    }
    expect(sink.stats.rejectedRequests).toBe(2);
  });

  it("serves TraceService: OK for an empty request, INVALID_ARGUMENT for garbage", async () => {
    expect((await grpcExport(TRACES_PATH, new Uint8Array())).code).toBe(GrpcStatus.OK);
    const garbage = await grpcExport(TRACES_PATH, GARBAGE);
    expect(garbage.code).toBe(GrpcStatus.INVALID_ARGUMENT);
    expect(garbage.details).toMatch(/cannot decode ExportTraceServiceRequest/);
    expect(sink.stats).toMatchObject({ tracesRequests: 1, rejectedRequests: 1 });
  });

  // Profiles: the one OTLP signal the sink does not serve.
  it("answers OK for an empty request and UNIMPLEMENTED for the profiles service it does not serve", async () => {
    expect((await grpcExport(METRICS_PATH, new Uint8Array())).code).toBe(GrpcStatus.OK);
    const profiles = await grpcExport(
      "/opentelemetry.proto.collector.profiles.v1development.ProfilesService/Export",
      new Uint8Array(),
    );
    expect(profiles.code).toBe(GrpcStatus.UNIMPLEMENTED);
  });
});

describe("policies", () => {
  it("requires the bearer token on both transports when one is set", async () => {
    const guarded = await startOtlpSink({ bearerToken: "s3cret" });
    try {
      const url = `${guarded.httpEndpoint}/v1/logs`;
      expect((await fetch(url, { method: "POST", body: new Uint8Array(), headers: PROTO })).status).toBe(401);
      const wrong = await fetch(url, {
        method: "POST",
        body: new Uint8Array(),
        headers: { ...PROTO, authorization: "Bearer nope" },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(url, {
        method: "POST",
        body: new Uint8Array(),
        headers: { ...PROTO, authorization: "Bearer s3cret" },
      });
      expect(right.status).toBe(200);

      const saved = sink;
      sink = guarded;
      try {
        expect((await grpcExport(LOGS_PATH, new Uint8Array())).code).toBe(GrpcStatus.UNAUTHENTICATED);
        const md = new Metadata();
        md.set("authorization", "Bearer s3cret");
        expect((await grpcExport(LOGS_PATH, new Uint8Array(), md)).code).toBe(GrpcStatus.OK);
      } finally {
        sink = saved;
      }
    } finally {
      await guarded.close();
    }
  });

  it("fails exports with the configured status, mapped to the matching gRPC code, and recovers", async () => {
    sink.failWith = (signal) => (signal === "logs" ? 503 : undefined);
    const http = await post("/otlp/v1/logs", new Uint8Array(), PROTO);
    expect(http.status).toBe(503);
    expect((await grpcExport(LOGS_PATH, new Uint8Array())).code).toBe(GrpcStatus.UNAVAILABLE);
    expect((await grpcExport(METRICS_PATH, new Uint8Array())).code).toBe(GrpcStatus.OK);
    sink.failWith = () => 429;
    expect((await grpcExport(METRICS_PATH, new Uint8Array())).code).toBe(GrpcStatus.RESOURCE_EXHAUSTED);
    sink.failWith = undefined;
    expect((await post("/otlp/v1/logs", new Uint8Array(), PROTO)).status).toBe(200);
    expect(sink.requests.map((r) => r.status)).toEqual([503, 503, 0, 429, 0]);
  });

  it("fails trace exports alone when failWith picks the traces signal", async () => {
    const seen: string[] = [];
    sink.failWith = (signal, transport) => {
      seen.push(`${signal} ${transport}`);
      return signal === "traces" ? 503 : undefined;
    };
    const http = await post("/otlp/v1/traces", JSON_TRACES, JSON_CT);
    expect(http.status).toBe(503);
    expect(JSON.parse(Buffer.from(http.body).toString())).toMatchObject({ code: GrpcStatus.UNAVAILABLE });
    expect((await grpcExport(TRACES_PATH, new Uint8Array())).code).toBe(GrpcStatus.UNAVAILABLE);
    expect((await post("/otlp/v1/logs", new Uint8Array(), PROTO)).status).toBe(200);
    expect(seen).toEqual(["traces http/json", "traces grpc", "logs http/protobuf"]);
    expect(sink.spans).toHaveLength(0);
    expect(sink.stats).toMatchObject({ rejectedRequests: 2, tracesRequests: 0, spans: 0 });
  });

  it("waitFor resolves on arrival and times out naming what the sink holds", async () => {
    const waiting = sink.waitFor((s) => s.dataPoints().length === 1, 2000);
    await post("/otlp/v1/metrics", JSON_METRICS, JSON_CT);
    await expect(waiting).resolves.toBeUndefined();
    await expect(sink.waitFor((s) => s.logs.length > 0, 50)).rejects.toThrow(
      /timed out after 50 ms; the sink holds 1 data points and 0 log records/,
    );
    sink.reset();
    expect(sink.metrics).toHaveLength(0);
    expect(sink.stats.dataPoints).toBe(0);
  });

  it("waitFor sees spans, and reset clears them", async () => {
    const waiting = sink.waitFor((s) => s.spans.length === 1, 2000);
    await post("/otlp/v1/traces", JSON_TRACES, JSON_CT);
    await expect(waiting).resolves.toBeUndefined();
    await expect(sink.waitFor((s) => s.spans.length > 1, 50)).rejects.toThrow(/and 1 spans from 1 requests/);
    const held = sink.spans;
    sink.reset();
    expect(held).toHaveLength(0);
    expect(sink.stats).toMatchObject({ spans: 0, tracesRequests: 0 });
  });

  it("counts without retaining when retain is false", async () => {
    const counting = await startOtlpSink({ retain: false, grpcPort: false });
    try {
      expect(counting.grpcEndpoint).toBe("");
      const res = await fetch(`${counting.httpEndpoint}/v1/metrics`, {
        method: "POST",
        body: JSON_METRICS,
        headers: JSON_CT,
      });
      expect(res.status).toBe(200);
      expect(counting.stats.dataPoints).toBe(1);
      expect(counting.metrics).toHaveLength(0);
    } finally {
      await counting.close();
    }
  });

  it("counts spans without retaining them when retain is false", async () => {
    const counting = await startOtlpSink({ retain: false, grpcPort: false });
    try {
      const res = await fetch(`${counting.httpEndpoint}/v1/traces`, {
        method: "POST",
        body: JSON_TRACES,
        headers: JSON_CT,
      });
      expect(res.status).toBe(200);
      expect(counting.stats).toMatchObject({ spans: 1, tracesRequests: 1 });
      expect(counting.spans).toHaveLength(0);
      expect(counting.requests).toHaveLength(0);
    } finally {
      await counting.close();
    }
  });

  it("listens on 127.0.0.1 only and reports a taken port clearly", async () => {
    expect(sink.grpcEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sink.httpEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/otlp$/);
    await expect(startOtlpSink({ grpcPort: false, httpPort: sink.httpPort ?? 0 })).rejects.toThrow(
      /cannot listen for OTLP\/HTTP on 127\.0\.0\.1:\d+/,
    );
  });
});
