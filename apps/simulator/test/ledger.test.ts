import { type Attributes, ValueType } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { AggregationTemporality, DataPointType, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { LedgerRecorder } from "../src/index.js";

const resource = resourceFromAttributes({ "service.name": "claude-code" });
const scope = { name: "com.anthropic.claude_code", version: "2.1.331" };

function cost(temporality: AggregationTemporality, points: [number, Attributes][]): ResourceMetrics {
  return {
    resource,
    scopeMetrics: [
      {
        scope,
        metrics: [
          {
            descriptor: {
              name: "claude_code.cost.usage",
              description: "",
              unit: "USD",
              valueType: ValueType.DOUBLE,
            },
            aggregationTemporality: temporality,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: points.map(([value, attributes], i) => ({
              startTime: [1_700_000_000, 0],
              endTime: [1_700_000_060 + i, 0],
              attributes,
              value,
            })),
          },
        ],
      },
    ],
  };
}

const head = {
  seed: "1",
  scenario: "steady",
  protocol: "grpc",
  endpoint: "x",
  temporality: "delta",
  users: 1,
} as const;
const sonnet = { model: "claude-sonnet-4-5", query_source: "main", "session.id": "a" };
const opus = { model: "claude-opus-4-5", query_source: "subagent", "session.id": "a" };

describe("ledger", () => {
  it("sums delta points and splits them by the metric's own attributes", () => {
    const l = new LedgerRecorder(head);
    l.metricsDelivered(
      cost(AggregationTemporality.DELTA, [
        [0.5, sonnet],
        [0.25, opus],
      ]),
    );
    l.metricsDelivered(cost(AggregationTemporality.DELTA, [[1, sonnet]]));
    const s = l.snapshot();
    expect(s.metrics["claude_code.cost.usage"]).toEqual({
      dataPoints: 3,
      total: 1.75,
      by: {
        model: { "claude-sonnet-4-5": 1.5, "claude-opus-4-5": 0.25 },
        query_source: { main: 1.5, subagent: 0.25 },
        effort: {},
      },
    });
    expect(s.totals.costUsd).toBe(1.75);
    expect(s.window.start).toBe(new Date(1_700_000_060_000).toISOString());
  });

  it("counts a cumulative stream by its latest value, not the sum of its points", () => {
    const l = new LedgerRecorder({ ...head, temporality: "cumulative" });
    l.metricsDelivered(cost(AggregationTemporality.CUMULATIVE, [[0.5, sonnet]]));
    l.metricsDelivered(
      cost(AggregationTemporality.CUMULATIVE, [
        [0.5, sonnet],
        [0.2, opus],
      ]),
    );
    l.metricsDelivered(
      cost(AggregationTemporality.CUMULATIVE, [
        [1.25, sonnet],
        [0.2, opus],
      ]),
    );
    const m = l.snapshot().metrics["claude_code.cost.usage"];
    expect(m.total).toBeCloseTo(1.45, 10);
    expect(m.dataPoints).toBe(5);
    expect(m.by.model?.["claude-sonnet-4-5"]).toBeCloseTo(1.25, 10);
  });

  it("counts events by name, api_request cost, and failures separately", () => {
    const l = new LedgerRecorder(head);
    const rec = (body: string, attributes: Attributes = {}): ReadableLogRecord => ({
      hrTime: [1_700_000_000, 0],
      hrTimeObserved: [1_700_000_000, 0],
      body,
      attributes,
      resource,
      instrumentationScope: scope,
      droppedAttributesCount: 0,
    });
    l.logsDelivered([
      rec("claude_code.api_request", { cost_usd: 0.1 }),
      rec("claude_code.api_request", { cost_usd: 0.2 }),
      rec("claude_code.api_error"),
      rec("claude_code.some_future_event"),
    ]);
    l.logsFailed([rec("claude_code.user_prompt")]);
    const s = l.snapshot();
    expect(s.events.api_request).toBe(2);
    expect(s.events.api_error).toBe(1);
    expect(s.events.user_prompt).toBe(0);
    expect(s.totals.logRecords).toBe(4);
    expect(s.totals.eventCostUsd).toBeCloseTo(0.3, 10);
    expect(s.failed).toEqual({ metricExports: 0, logExports: 1, dataPoints: 0, logRecords: 1 });
  });
});
