import { METRICS, SCOPES } from "@cc-otel/contract";
import { startOtlpSink } from "@cc-otel/otlp-sink";
import { describe, expect, it } from "vitest";
import { logsRequest, postOtlpJson, sumRequest } from "../src/otlp-json.js";

// The hand-made requests, read back by an OTLP receiver: no collector needed.

const point = (value: number) => ({
  attributes: { "user.id": "u", n: 3, r: 0.5, b: true },
  startMs: 1000,
  timeMs: 61_000,
  value,
});
const sum = (name: string, value: number, unit?: string) =>
  sumRequest({
    resource: { "service.name": "claude-code" },
    scope: SCOPES.metrics,
    name,
    temporality: 1,
    points: [point(value)],
    ...(unit === undefined ? {} : { unit }),
  });

describe("OTLP/JSON built with the schema", () => {
  it("arrives with exact times, temporality, value kinds, and the contract's unit and value type", async () => {
    const sink = await startOtlpSink({ grpcPort: false });
    try {
      expect(
        (await postOtlpJson(sink.httpEndpoint, "metrics", sum("claude_code.cost.usage", 2))).status,
      ).toBe(200);
      expect(
        (await postOtlpJson(sink.httpEndpoint, "metrics", sum("claude_code.commit.count", 2))).status,
      ).toBe(200);
      expect((await postOtlpJson(sink.httpEndpoint, "metrics", sum("test.other", 2.5, "s"))).status).toBe(
        200,
      );
      const points = sink.dataPoints();
      expect(points.map((p) => [p.metric.name, p.metric.unit, p.point.value])).toEqual([
        // A whole number on a double metric stays a double, as the CLI sends it.
        ["claude_code.cost.usage", METRICS["claude_code.cost.usage"].unit, { type: "double", value: 2 }],
        ["claude_code.commit.count", "", { type: "int", value: 2n }],
        ["test.other", "s", { type: "double", value: 2.5 }],
      ]);
      expect(points[0]?.metric).toMatchObject({ kind: "sum", temporality: "delta", isMonotonic: true });
      expect(points[0]?.point.startTimeUnixNano).toBe(1_000_000_000n);
      expect(points[0]?.point.timeUnixNano).toBe(61_000_000_000n);
      expect(points[0]?.point.attributes).toEqual({
        "user.id": { type: "string", value: "u" },
        n: { type: "int", value: 3n },
        r: { type: "double", value: 0.5 },
        b: { type: "bool", value: true },
      });

      const logs = logsRequest({
        resource: { "service.name": "claude-code" },
        scope: SCOPES.events,
        records: [{ body: "claude_code.user_prompt", timeMs: 5, attributes: { prompt_length: "12" } }],
      });
      expect((await postOtlpJson(sink.httpEndpoint, "logs", logs)).status).toBe(200);
      expect(sink.logs[0]).toMatchObject({
        timeUnixNano: 5_000_000n,
        body: { type: "string", value: "claude_code.user_prompt" },
      });
    } finally {
      await sink.close();
    }
  });

  it("refuses a fractional value for a contract metric with int points", () => {
    expect(() => sum("claude_code.lines_of_code.count", 1.5)).toThrow(/int points/);
  });
});
