import { ValueType } from "@opentelemetry/api";
import { type ExportResult, ExportResultCode } from "@opentelemetry/core";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  DataPointType,
  type PushMetricExporter,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { ExportHealth, RecordingMetricExporter } from "../src/exporters.js";
import { LedgerRecorder } from "../src/index.js";

/**
 * With retries, one resource's metric exports must reach the receiver in the order they were made:
 * the collector's delta_to_cumulative drops a delta older than one it already counted for the
 * series, so a resent delta landing behind the session's next one is lost downstream.
 */

const scope = { name: "com.anthropic.claude_code", version: "2.1.331" };
const fast = { maxElapsedMs: 10_000, initialIntervalMs: 10, maxIntervalMs: 20 };
const UNAVAILABLE = () => Object.assign(new Error("14 UNAVAILABLE: connection refused"), { code: 14 });
const INVALID_ARGUMENT = () => Object.assign(new Error("3 INVALID_ARGUMENT"), { code: 3 });

/** One delta of claude_code.cost.usage from `user`; `label` names it in the receiver's log. */
function delta(user: string, label: string, value: number, second: number): ResourceMetrics {
  return {
    // A new Resource object each time, as a new process would have: the attributes identify it.
    resource: resourceFromAttributes({ "service.name": "claude-code", "user.id": user }),
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
            aggregationTemporality: AggregationTemporality.DELTA,
            dataPointType: DataPointType.SUM,
            isMonotonic: true,
            dataPoints: [
              {
                startTime: [1_700_000_000 + second, 0],
                endTime: [1_700_000_001 + second, 0],
                attributes: { label },
                value,
              },
            ],
          },
        ],
      },
    ],
  };
}

const labelOf = (rm: ResourceMetrics) =>
  String(rm.scopeMetrics[0]?.metrics[0]?.dataPoints[0]?.attributes.label);

/**
 * A receiver answering after `delayMs`: `answer` decides per attempt (undefined = taken). Logs
 * every attempt and every export it took, in order.
 */
function receiver(answer: (label: string, attempt: number) => Error | undefined, delayMs = 5) {
  const attempts: string[] = [];
  const taken: string[] = [];
  const tries = new Map<string, number>();
  const exporter: PushMetricExporter = {
    export(rm, done) {
      const label = labelOf(rm);
      const attempt = (tries.get(label) ?? 0) + 1;
      tries.set(label, attempt);
      attempts.push(label);
      const error = answer(label, attempt);
      setTimeout(() => {
        if (error) done({ code: ExportResultCode.FAILED, error });
        else {
          taken.push(label);
          done({ code: ExportResultCode.SUCCESS });
        }
      }, delayMs);
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
  return { exporter, attempts, taken };
}

function recording(inner: PushMetricExporter, retry?: typeof fast) {
  const ledger = new LedgerRecorder({
    seed: "1",
    scenario: "steady",
    protocol: "grpc",
    endpoint: "x",
    temporality: "delta",
    users: 2,
  });
  const exporter = new RecordingMetricExporter(inner, ledger, new ExportHealth(() => {}), retry);
  const results: Record<string, ExportResult> = {};
  const send = (rm: ResourceMetrics) => exporter.export(rm, (r) => (results[labelOf(rm)] = r));
  return { exporter, ledger, results, send };
}

describe("metric export order with retries", () => {
  it("holds a resource's next export until its refused one is taken; other resources go ahead", async () => {
    // The receiver refuses a1 four times (a collector restarting), everything else at once.
    const rx = receiver((label, attempt) => (label === "a1" && attempt <= 4 ? UNAVAILABLE() : undefined));
    const { exporter, ledger, results, send } = recording(rx.exporter, fast);
    // What the SDK reader does: a1, then a2 of the same session while a1 is still being resent
    // (its export timeout ran out); b1 from another developer meanwhile.
    send(delta("a", "a1", 1, 0));
    send(delta("a", "a2", 2, 1));
    send(delta("b", "b1", 4, 0));
    send(delta("a", "a3", 8, 2));
    await exporter.forceFlush(); // waits for the held exports too
    expect(Object.keys(results).sort()).toEqual(["a1", "a2", "a3", "b1"]);
    for (const r of Object.values(results)) expect(r.code).toBe(ExportResultCode.SUCCESS);
    expect(rx.taken.filter((l) => l.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    // a2 is not even tried before a1 is taken: a receiver cannot reorder what it never saw.
    expect(rx.attempts.indexOf("a2")).toBeGreaterThan(rx.attempts.lastIndexOf("a1"));
    // b1 did not wait for a's retries.
    expect(rx.taken.indexOf("b1")).toBeLessThan(rx.taken.indexOf("a1"));
    const l = ledger.snapshot();
    expect(l.retried.metricExports).toBe(4);
    expect(l.failed).toEqual({ metricExports: 0, logExports: 0, dataPoints: 0, logRecords: 0 });
    expect(l.metrics["claude_code.cost.usage"].total).toBe(15);
  });

  it("sends the next export once the previous one has failed for good, and counts the failure", async () => {
    const rx = receiver((label) => (label === "a1" ? INVALID_ARGUMENT() : undefined));
    const { exporter, ledger, results, send } = recording(rx.exporter, fast);
    send(delta("a", "a1", 1, 0));
    send(delta("a", "a2", 2, 1));
    await exporter.forceFlush();
    expect(results.a1?.code).toBe(ExportResultCode.FAILED);
    expect(results.a2?.code).toBe(ExportResultCode.SUCCESS);
    expect(rx.attempts).toEqual(["a1", "a2"]);
    const l = ledger.snapshot();
    expect(l.retried.metricExports).toBe(0);
    expect(l.failed).toEqual({ metricExports: 1, logExports: 0, dataPoints: 1, logRecords: 0 });
    expect(l.metrics["claude_code.cost.usage"].total).toBe(2);
  });

  it("without a retry policy, exports go out as the SDK makes them (nothing held back)", async () => {
    let answered = 0;
    const inner: PushMetricExporter = {
      export(rm, done) {
        // The first export is slow to answer; the second one must not wait for it.
        setTimeout(
          () => {
            answered++;
            done({ code: ExportResultCode.SUCCESS });
          },
          labelOf(rm) === "a1" ? 100 : 5,
        );
      },
      forceFlush: async () => {},
      shutdown: async () => {},
    };
    const { exporter, results, send } = recording(inner);
    send(delta("a", "a1", 1, 0));
    send(delta("a", "a2", 2, 1));
    await exporter.forceFlush();
    expect(answered).toBe(2);
    expect(Object.keys(results)).toEqual(["a2", "a1"]);
  });
});
