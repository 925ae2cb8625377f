import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OtlpSink, startOtlpSink } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ledger } from "../src/index.js";
import { ensureBuilt, runCli } from "./support/built-cli.js";
import { sinkTotals } from "./support/contract-check.js";

/** The built `simulate` program: exit codes, one-line errors, env handling, Ctrl-C, the ledger file. */

let sink: OtlpSink;
let dir: string;
beforeAll(async () => {
  ensureBuilt();
  sink = await startOtlpSink();
  dir = mkdtempSync(join(tmpdir(), "cc-otel-sim-"));
}, 60_000);
afterAll(async () => {
  await sink.close();
});

function expectOneLineError(stderr: string) {
  const lines = stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^simulate: /);
  expect(stderr).not.toMatch(/\n\s+at /);
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("bad input", () => {
  it.each([
    [["--scenario", "chaos"], /unknown scenario 'chaos': choose one of steady, spike, errors, team/],
    [["--users", "many"], /--users must be a whole number/],
    [["--frobnicate"], /unknown option '--frobnicate'; valid options: --scenario/],
    [["--temporality", "sideways"], /choose one of delta, cumulative/],
    [["--tz", "Europe/Atlantis"], /--tz 'Europe\/Atlantis' is not a time zone: use an IANA name such as/],
    // `pnpm simulate -- ...` passes the separator through.
    [["--", "--scenario", "chaos"], /unknown scenario 'chaos'/],
  ])("%j exits 2 with one line naming the problem and the choices", async (args, message) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expectOneLineError(r.stderr);
  });

  it("names a bad environment variable too", async () => {
    const r = await runCli([], { env: { OTEL_EXPORTER_OTLP_PROTOCOL: "carrier-pigeon" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /OTEL_EXPORTER_OTLP_PROTOCOL 'carrier-pigeon': choose one of grpc, http\/protobuf/,
    );
  });

  it("names a bad per-signal protocol variable", async () => {
    const r = await runCli([], { env: { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /unknown OTEL_EXPORTER_OTLP_LOGS_PROTOCOL 'http': choose one of grpc, http\/protobuf, http\/json/,
    );
    expectOneLineError(r.stderr);
  });

  it("prints usage for --help and exits 0", async () => {
    const r = await runCli(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--scenario NAME/);
  });
});

describe("unreachable collector", () => {
  it("says which endpoint failed and what to do, within a few seconds, exit 1", async () => {
    const port = await closedPort();
    const r = await runCli(["--endpoint", `http://127.0.0.1:${port}`, "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(5000);
    expect(r.stderr).toMatch(
      new RegExp(`cannot reach the OTLP endpoint http://127.0.0.1:${port} \\(grpc\\): connection refused`),
    );
    expect(r.stderr).toMatch(/pnpm stack:up/);
    expectOneLineError(r.stderr);
  });
});

describe("wrong protocol", () => {
  it("tells gRPC spoken to an HTTP port apart from a dead endpoint", async () => {
    const r = await runCli(["--protocol", "grpc", "--endpoint", sink.httpEndpoint, "--quiet"]);
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(5000);
    expect(r.stderr).toMatch(/the endpoint does not answer grpc \(wrong port, or another --protocol\?\)/);
    expectOneLineError(r.stderr);
  });

  it("checks each signal: metrics sent to the wrong port fail at start even while events get through", async () => {
    // Events over gRPC to the gRPC port; metrics over HTTP to that same port, where TCP connects.
    // A short live run sends its only metric export at the end: without the check it exits 0.
    const metricsUrl = `${sink.grpcEndpoint}/v1/metrics`;
    const r = await runCli(["--duration", "3s", "--users", "2", "--quiet"], {
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.grpcEndpoint,
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: metricsUrl,
      },
      timeoutMs: 30_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot deliver telemetry to ${metricsUrl} (http/protobuf): `);
    expectOneLineError(r.stderr);
  });
});

describe("runs", () => {
  it("backfills into a receiver and writes a ledger that matches what arrived", async () => {
    sink.reset();
    const file = join(dir, "backfill.json");
    const r = await runCli(
      ["--backfill", "3d", "--seed", "42", "--users", "3", "--endpoint", sink.grpcEndpoint, "--ledger", file],
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/delivered to http:\/\/127\.0\.0\.1:\d+ \(grpc, delta\)/);
    const ledger = JSON.parse(readFileSync(file, "utf8")) as Ledger;
    expect(ledger.seed).toBe("42");
    expect(ledger.totals.logRecords).toBeGreaterThan(100);
    const got = sinkTotals(sink);
    expect(got.logRecords).toBe(ledger.totals.logRecords);
    expect(got.metrics["claude_code.cost.usage"]?.total).toBeCloseTo(ledger.totals.costUsd, 6);
  });

  it("takes protocol, endpoint and headers from OTEL_* variables", async () => {
    sink.reset();
    // Three days always hold a weekday's working hours, whatever the time the test runs.
    // (Backfill needs delta temporality; options.test covers the cumulative preference.)
    const r = await runCli(["--backfill", "3d", "--seed", "1", "--users", "3", "--quiet"], {
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_ENDPOINT: sink.httpEndpoint,
        OTEL_EXPORTER_OTLP_HEADERS: "x-scope-orgid=acme",
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "delta",
      },
    });
    expect(r.code).toBe(0);
    expect(sink.logs.length).toBeGreaterThan(100);
    for (const req of sink.requests) {
      expect(req.transport).toBe("http/protobuf");
      expect(req.headers["x-scope-orgid"]).toBe("acme");
    }
    expect(sink.dataPoints().every((d) => d.metric.kind === "sum" && d.metric.temporality === "delta")).toBe(
      true,
    );
  });

  it("sends metrics and logs over the protocols OTEL_EXPORTER_OTLP_{METRICS,LOGS}_PROTOCOL choose", async () => {
    sink.reset();
    const metricsUrl = `${sink.httpEndpoint}/v1/metrics`;
    const r = await runCli(["--backfill", "3d", "--seed", "5", "--users", "3", "--ledger", "-"], {
      env: {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: metricsUrl,
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: sink.grpcEndpoint,
      },
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      `metrics http/protobuf → ${metricsUrl}, logs grpc → ${sink.grpcEndpoint}, delta temporality`,
    );
    expect(r.stderr).toContain(
      `delivered to ${metricsUrl}, ${sink.grpcEndpoint} (metrics http/protobuf, logs grpc, delta)`,
    );
    const transports = (signal: string) =>
      new Set(sink.requests.filter((q) => q.signal === signal).map((q) => q.transport));
    expect(transports("metrics")).toEqual(new Set(["http/protobuf"]));
    expect(transports("logs")).toEqual(new Set(["grpc"]));
    const ledger = JSON.parse(r.stdout) as Ledger;
    expect(ledger.totals.logRecords).toBeGreaterThan(100);
    expect(sink.stats.logRecords).toBe(ledger.totals.logRecords);
    expect(sink.stats.dataPoints).toBe(ledger.totals.dataPoints);
  });

  it("stops on Ctrl-C, flushes, prints the summary and exits 0", async () => {
    sink.reset();
    const file = join(dir, "live.json");
    const r = await runCli(
      [
        "--speed",
        "900",
        "--seed",
        "7",
        "--endpoint",
        sink.grpcEndpoint,
        "--metric-interval",
        "60s",
        "--ledger",
        file,
      ],
      { signalAfterMs: 2500 },
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/stopping — flushing/);
    expect(r.stdout).toMatch(/sessions\s+\d+/);
    const ledger = JSON.parse(readFileSync(file, "utf8")) as Ledger;
    // The metric interval is longer than the run: every point arrived through the final flush.
    expect(ledger.totals.dataPoints).toBeGreaterThan(0);
    const got = sinkTotals(sink);
    expect(got.logRecords).toBe(ledger.totals.logRecords);
    expect(sink.stats.dataPoints).toBe(ledger.totals.dataPoints);
  });
});
