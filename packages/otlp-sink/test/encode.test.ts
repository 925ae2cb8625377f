import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  encodeOtlpRequest,
  fieldTag,
  type OtlpSink,
  otlpJsonRequest,
  plainAttributes,
  startOtlpSink,
} from "../src/index.js";

// Requests built from plain objects with the vendored schema, decoded again by the sink's own receivers.

let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink();
});
afterAll(async () => sink.close());

const T0 = 1_764_064_800_123_456_789n;
const metrics = {
  resourceMetrics: [
    {
      resource: { attributes: [{ key: "service.name", value: { stringValue: "claude-code" } }] },
      scopeMetrics: [
        {
          scope: { name: "com.anthropic.claude_code", version: "2.1.331" },
          metrics: [
            {
              name: "claude_code.commit.count",
              unit: "",
              sum: {
                aggregationTemporality: "AGGREGATION_TEMPORALITY_DELTA",
                isMonotonic: true,
                dataPoints: [
                  {
                    attributes: [
                      { key: "n", value: { intValue: 7 } },
                      { key: "d", value: { doubleValue: 1 } },
                      { key: "b", value: { boolValue: false } },
                    ],
                    startTimeUnixNano: T0,
                    timeUnixNano: (T0 + 1n).toString(),
                    asInt: 0,
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  ],
};

async function post(path: string, contentType: string, body: Uint8Array | string) {
  const res = await fetch(`${sink.httpEndpoint}${path}`, {
    method: "POST",
    headers: { "content-type": contentType },
    body,
  });
  return res.status;
}

describe.each(["protobuf", "json"] as const)("a request built with the schema, as %s", (form) => {
  it("arrives with exact times, temporality and value kinds", async () => {
    sink.reset();
    const status =
      form === "protobuf"
        ? await post("/v1/metrics", "application/x-protobuf", encodeOtlpRequest("metrics", metrics))
        : await post("/v1/metrics", "application/json", JSON.stringify(otlpJsonRequest("metrics", metrics)));
    expect(status).toBe(200);
    const [flat] = sink.dataPoints();
    const point = flat?.point;
    expect(flat?.metric).toMatchObject({ kind: "sum", temporality: "delta", isMonotonic: true });
    expect(point?.startTimeUnixNano).toBe(T0);
    expect(point?.timeUnixNano).toBe(T0 + 1n);
    expect(point?.value).toEqual({ type: "int", value: 0n });
    expect(plainAttributes(point?.attributes ?? {})).toEqual({ n: 7n, d: 1, b: false });
  });
});

describe("OTLP/JSON", () => {
  it("is the proto3 mapping OTLP/JSON asks for: int64 as strings, enums as numbers, ids in hex", () => {
    const json = otlpJsonRequest("metrics", metrics) as { resourceMetrics: { scopeMetrics: unknown[] }[] };
    const sum = JSON.stringify(json.resourceMetrics[0]?.scopeMetrics);
    expect(sum).toContain('"aggregationTemporality":1');
    expect(sum).toContain(`"startTimeUnixNano":"${T0}"`);
    expect(sum).toContain('"intValue":"7"');
    const spans = otlpJsonRequest("traces", {
      resourceSpans: [
        {
          scopeSpans: [
            { spans: [{ traceId: Buffer.alloc(16, 0xab), spanId: Buffer.alloc(8, 1), name: "x" }] },
          ],
        },
      ],
    });
    expect(JSON.stringify(spans)).toContain(`"traceId":"${"ab".repeat(16)}","spanId":"${"01".repeat(8)}"`);
  });
});

describe("guards", () => {
  it("names a field the schema does not have instead of dropping it", () => {
    expect(() =>
      encodeOtlpRequest("logs", {
        resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNanos: "1" }] }] }],
      }),
    ).toThrow(
      "not in the OTLP schema: ExportLogsServiceRequest.resourceLogs[0].scopeLogs[0].logRecords[0].timeUnixNanos",
    );
  });

  it("gives a field's tag from the schema", () => {
    // NumberDataPoint.start_time_unix_nano is field 2, fixed64 (wire type 1).
    expect(fieldTag("opentelemetry.proto.metrics.v1.NumberDataPoint", "startTimeUnixNano")).toBe(
      (2 << 3) | 1,
    );
    expect(() => fieldTag("opentelemetry.proto.metrics.v1.NumberDataPoint", "nope")).toThrow(/no field nope/);
  });
});
