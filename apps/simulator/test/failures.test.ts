import { startOtlpSink } from "@cc-otel/otlp-sink";
import { Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { OTLPExporterError } from "@opentelemetry/otlp-exporter-base";
import { describe, expect, it } from "vitest";
import { isRetryableExportError, runSimulation, SimulationError } from "../src/index.js";

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

  it("names the failing signal's own URL and protocol when metrics and logs travel differently", async () => {
    const sink = await startOtlpSink();
    try {
      const metricsUrl = `${sink.httpEndpoint}/v1/metrics`;
      const run = runSimulation({
        seed: 1,
        users: 20,
        export: {
          protocol: "grpc",
          metricsProtocol: "http/protobuf",
          logsProtocol: "grpc",
          endpoint: sink.grpcEndpoint,
          metricsEndpoint: metricsUrl,
          headers: {},
          temporality: "delta",
          timeoutMs: 300,
        },
        mode: { kind: "backfill", windowMs: 7 * 86_400_000 },
        clock,
        progressEveryMs: 0,
        onProgress: () => {
          sink.failWith = () => 503;
        },
      });
      const error = await run.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SimulationError);
      // Whichever signal failed first, never one signal's URL with the other's protocol.
      const message = (error as Error).message;
      expect([
        `cannot deliver telemetry to ${metricsUrl} (http/protobuf): `,
        `cannot deliver telemetry to ${sink.grpcEndpoint} (grpc): `,
      ]).toContain(message.slice(0, message.indexOf("): ") + 3));
    } finally {
      await sink.close();
    }
  }, 30_000);

  it.each(["grpc", "http/protobuf"] as const)(
    "with retryForMs, resends what a receiver refused with 503 / UNAVAILABLE until it is taken: nothing failed, nothing twice (%s)",
    async (protocol) => {
      const sink = await startOtlpSink();
      try {
        let refusals = 0;
        const ledger = await runSimulation({
          seed: 3,
          users: 6,
          export: {
            protocol,
            endpoint: protocol === "grpc" ? sink.grpcEndpoint : sink.httpEndpoint,
            headers: {},
            temporality: "delta",
            retryForMs: 60_000,
          },
          mode: { kind: "backfill", windowMs: 86_400_000 },
          clock,
          progressEveryMs: 0,
          // Once generation is under way, the receiver refuses its next 4 requests, then recovers.
          onProgress: () => {
            sink.failWith ??= () => (refusals++ < 4 ? 503 : undefined);
          },
        });
        expect(sink.stats.rejectedRequests).toBeGreaterThan(0);
        expect(ledger.failed).toEqual({ metricExports: 0, logExports: 0, dataPoints: 0, logRecords: 0 });
        // The HTTP exporter retries by itself first, within its timeout; gRPC never does.
        if (protocol === "grpc")
          expect(ledger.retried.metricExports + ledger.retried.logExports).toBeGreaterThan(0);
        expect(sink.stats.logRecords).toBe(ledger.totals.logRecords);
        expect(sink.stats.dataPoints).toBe(ledger.totals.dataPoints);
      } finally {
        await sink.close();
      }
    },
    60_000,
  );

  it("retries only what the OTLP specification calls retryable, never a timeout (it may have landed)", () => {
    const grpc = (code: status) =>
      Object.assign(new Error(`${code}`), { code, details: "", metadata: new Metadata() }) as ServiceError;
    expect(isRetryableExportError(grpc(status.UNAVAILABLE))).toBe(true);
    expect(isRetryableExportError(grpc(status.ABORTED))).toBe(true);
    expect(isRetryableExportError(grpc(status.DEADLINE_EXCEEDED))).toBe(false);
    expect(isRetryableExportError(grpc(status.RESOURCE_EXHAUSTED))).toBe(false);
    expect(isRetryableExportError(grpc(status.INVALID_ARGUMENT))).toBe(false);
    expect(isRetryableExportError(grpc(status.UNAUTHENTICATED))).toBe(false);
    expect(isRetryableExportError(new OTLPExporterError("Export failed with retryable status"))).toBe(true);
    expect(isRetryableExportError(new OTLPExporterError("Bad Request", 400))).toBe(false);
    expect(isRetryableExportError(Object.assign(new Error("connect"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isRetryableExportError(new Error("Request timed out"))).toBe(false);
    expect(isRetryableExportError(undefined)).toBe(false);
  });
});
