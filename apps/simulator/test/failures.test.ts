import { startOtlpSink } from "@cc-otel/otlp-sink";
import { describe, expect, it } from "vitest";
import { runSimulation, SimulationError } from "../src/index.js";

/** What a user sees when the receiver refuses telemetry: one clear error, no hang, no stack. */

const FIXED_NOW = Date.UTC(2026, 10, 18, 12);
const clock = { now: () => FIXED_NOW, sleep: async () => {} };

describe("receiver problems", () => {
  it.each(["http/protobuf", "grpc"] as const)(
    "names missing credentials before generating anything (%s)",
    async (protocol) => {
      const sink = await startOtlpSink({ bearerToken: "s3cret" });
      try {
        const run = runSimulation({
          seed: 1,
          users: 2,
          export: {
            protocol,
            endpoint: protocol === "grpc" ? sink.grpcEndpoint : sink.httpEndpoint,
            headers: {},
            temporality: "delta",
          },
          mode: { kind: "backfill", windowMs: 3_600_000 },
          clock,
        });
        await expect(run).rejects.toThrow(SimulationError);
        await expect(run).rejects.toThrow(/rejected with HTTP 401 — check OTEL_EXPORTER_OTLP_HEADERS/);
        expect(sink.stats.logRecords + sink.stats.dataPoints).toBe(0);
        // With the token, the same run goes through.
        const ledger = await runSimulation({
          seed: 1,
          users: 2,
          export: {
            protocol,
            endpoint: protocol === "grpc" ? sink.grpcEndpoint : sink.httpEndpoint,
            headers: { authorization: "Bearer s3cret" },
            temporality: "delta",
          },
          mode: { kind: "backfill", windowMs: 3_600_000 },
          clock,
        });
        expect(sink.stats.logRecords).toBe(ledger.totals.logRecords);
      } finally {
        await sink.close();
      }
    },
  );

  it("stops a run whose receiver starts refusing exports, instead of generating into the void", async () => {
    const sink = await startOtlpSink();
    try {
      const started = Date.now();
      const run = runSimulation({
        seed: 1,
        users: 20,
        export: {
          protocol: "grpc",
          endpoint: sink.grpcEndpoint,
          headers: {},
          temporality: "delta",
          timeoutMs: 300,
        },
        mode: { kind: "backfill", windowMs: 7 * 86_400_000 },
        clock,
        progressEveryMs: 0,
        // The receiver breaks once generation is under way (after the start-up probe passed).
        onProgress: () => {
          sink.failWith = () => 503;
        },
      });
      await expect(run).rejects.toThrow(
        new RegExp(`cannot deliver telemetry to ${sink.grpcEndpoint} \\(grpc\\)`),
      );
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(sink.stats.rejectedRequests).toBeGreaterThan(0);
    } finally {
      await sink.close();
    }
  }, 30_000);
});
