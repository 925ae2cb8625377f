import { describe, expect, it } from "vitest";
import {
  EVENT_METRIC_NAMES,
  EVENT_METRICS,
  EVENTS,
  eventMetricSeries,
  eventMetricsConnector,
  METRIC_NAMES,
  PROMETHEUS_SERIES,
} from "../src/index.js";

describe("event metrics (made by the collector from the events)", () => {
  it("have Prometheus names that cannot collide with Claude Code's own metrics", () => {
    expect(EVENT_METRIC_NAMES.map(eventMetricSeries)).toEqual([
      "claude_code_tool_duration_milliseconds",
      "claude_code_api_request_duration_milliseconds",
      "claude_code_api_request_ttft_milliseconds",
      "claude_code_prompt_length",
      "claude_code_api_error_count_total",
      "claude_code_tool_decision_count_total",
    ]);
    for (const m of METRIC_NAMES)
      expect(EVENT_METRIC_NAMES.map(eventMetricSeries)).not.toContain(PROMETHEUS_SERIES[m]);
  });

  it("measure numeric fields of their event, and keep only attributes the event has", () => {
    for (const name of EVENT_METRIC_NAMES) {
      const m = EVENT_METRICS[name] as {
        event: keyof typeof EVENTS;
        value?: string;
        attributes: readonly { key: string }[];
      };
      const attrs = EVENTS[m.event].attributes as Record<string, { type: string }>;
      for (const a of m.attributes) expect(attrs, `${name}.${a.key}`).toHaveProperty(a.key);
      if (m.value) expect(["int", "double", "string"]).toContain(attrs[m.value]?.type);
    }
  });

  it("render as one signal_to_metrics entry per metric, counting only their own event", () => {
    const logs = eventMetricsConnector().logs as {
      name: string;
      conditions: string[];
      attributes: { key: string }[];
    }[];
    expect(logs.map((l) => l.name)).toEqual(EVENT_METRIC_NAMES);
    for (const l of logs) {
      expect(l.conditions).toHaveLength(1);
      // The dashboard's user and terminal filters apply to every one.
      expect(l.attributes.map((a) => a.key)).toEqual(expect.arrayContaining(["user.id", "terminal.type"]));
    }
    const prompt = logs.find((l) => l.name === "claude_code.prompt.length") as unknown as {
      histogram: { buckets: number[] };
    };
    expect(prompt.histogram.buckets).toEqual([49, 199, 999, 4999]);
  });
});
