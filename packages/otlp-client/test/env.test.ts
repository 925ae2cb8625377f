import { CLI_DEFAULTS } from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import {
  inspectOtlpEnv,
  OtlpEnvError,
  parseOtlpHeaders,
  resolveOtlpEnv,
  SIGNALS,
  type SignalExport,
} from "../src/index.js";

// OTEL_EXPORTER_OTLP_* as the OpenTelemetry specification reads them: no servers.

const where = (s: SignalExport) => [s.protocol, s.url];

function errorOf(env: Record<string, string>): Error {
  try {
    resolveOtlpEnv(env);
  } catch (e) {
    return e as Error;
  }
  throw new Error("no error");
}

describe("endpoints and protocols", () => {
  it("nothing set: http/protobuf to localhost on the contract's port, /v1/<signal> per signal", () => {
    const c = resolveOtlpEnv({});
    const port = CLI_DEFAULTS.otlpPorts["http/protobuf"];
    expect(where(c.metrics)).toEqual(["http/protobuf", `http://localhost:${port}/v1/metrics`]);
    expect(where(c.logs)).toEqual(["http/protobuf", `http://localhost:${port}/v1/logs`]);
    expect(where(c.traces)).toEqual(["http/protobuf", `http://localhost:${port}/v1/traces`]);
    expect(c.metrics).toMatchObject({
      urlFrom: "default",
      urlVariable: undefined,
      protocolVariable: undefined,
    });
  });

  it("a default protocol of the caller's: grpc goes to the gRPC port, without a path", () => {
    const c = resolveOtlpEnv({}, { defaultProtocol: "grpc" });
    expect(where(c.logs)).toEqual(["grpc", `http://localhost:${CLI_DEFAULTS.otlpPorts.grpc}`]);
  });

  it("a signal's protocol beats the general one, and picks that signal's default port", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
      OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/json",
    });
    expect(where(c.metrics)).toEqual(["http/json", "http://localhost:4318/v1/metrics"]);
    expect(where(c.logs)).toEqual(["grpc", "http://localhost:4317"]);
    expect(c.metrics.protocolVariable).toBe("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL");
    expect(c.logs.protocolVariable).toBe("OTEL_EXPORTER_OTLP_PROTOCOL");
  });

  it("the general endpoint is a base: HTTP appends v1/<signal> to its path, gRPC takes it as it is", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://gateway.example:443/otlp/",
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "grpc",
    });
    expect(c.metrics.url).toBe("https://gateway.example:443/otlp/v1/metrics");
    expect(c.logs.url).toBe("https://gateway.example:443/otlp/");
    expect(c.metrics).toMatchObject({ urlFrom: "base endpoint", urlVariable: "OTEL_EXPORTER_OTLP_ENDPOINT" });
  });

  it("a signal's endpoint is used exactly as given, even without /v1/<signal>", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://loki:3100/otlp/v1/logs",
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "http://jaeger:4318",
    });
    expect(c.logs).toMatchObject({
      url: "http://loki:3100/otlp/v1/logs",
      urlFrom: "signal endpoint",
      urlVariable: "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    });
    expect(c.traces.url).toBe("http://jaeger:4318");
    expect(c.metrics.url).toBe("http://collector:4318/v1/metrics");
  });

  it("empty or blank values are unset", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
      OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: " ",
      OTEL_EXPORTER_OTLP_ENDPOINT: "",
    });
    expect(where(c.logs)).toEqual(["http/json", "http://localhost:4318/v1/logs"]);
    expect(c.endpoint).toBeUndefined();
  });
});

describe("headers", () => {
  it("comma-separated key=value, percent-decoded, the signal's own over the general ones", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20abc, x-scope-orgid=acme",
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-scope-orgid=logs-tenant,x-extra=a%2Cb",
    });
    expect(c.metrics.headers).toEqual({ Authorization: "Bearer abc", "x-scope-orgid": "acme" });
    expect(c.logs.headers).toEqual({
      Authorization: "Bearer abc",
      "x-scope-orgid": "logs-tenant",
      "x-extra": "a,b",
    });
  });

  it("entries that are not key=value are reported, the others kept", () => {
    expect(parseOtlpHeaders("a=1,oops,=2,b=%E0%A4%A,c=x=y")).toEqual({
      headers: { a: "1", c: "x=y" },
      bad: ["oops", "=2", "b=%E0%A4%A"],
    });
    const { config, problems } = inspectOtlpEnv({ OTEL_EXPORTER_OTLP_HEADERS: "a=1,oops" });
    expect(config.metrics.headers).toEqual({ a: "1" });
    expect(problems.map((p) => [p.variable, p.value])).toEqual(
      // Read once per signal: each signal's exporter would drop it.
      SIGNALS.map(() => ["OTEL_EXPORTER_OTLP_HEADERS", "oops"]),
    );
  });
});

describe("timeouts, compression, TLS, temporality", () => {
  it("defaults: 10 s, no compression, no certificates, cumulative (the specification's)", () => {
    const c = resolveOtlpEnv({});
    expect(c.metrics).toMatchObject({
      timeoutMs: 10_000,
      compression: "none",
      certificate: undefined,
      insecure: false,
    });
    expect(c.temporalityPreference).toBe("cumulative");
    expect(c.temporalityFromEnv).toBe(false);
    expect(resolveOtlpEnv({}, { defaultTemporality: "delta" }).temporalityPreference).toBe("delta");
  });

  it("per-signal values win over general ones", () => {
    const c = resolveOtlpEnv({
      OTEL_EXPORTER_OTLP_TIMEOUT: "5000",
      OTEL_EXPORTER_OTLP_LOGS_TIMEOUT: "2500",
      OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
      OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: "none",
      OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/ca.pem",
      OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE: "/etc/metrics-ca.pem",
      OTEL_EXPORTER_OTLP_CLIENT_KEY: "client.key",
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: "client.pem",
      OTEL_EXPORTER_OTLP_INSECURE: "TRUE",
      OTEL_EXPORTER_OTLP_METRICS_INSECURE: "false",
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "LowMemory",
    });
    expect(c.metrics).toMatchObject({
      timeoutMs: 5000,
      compression: "gzip",
      certificate: "/etc/metrics-ca.pem",
      clientKey: "client.key",
      clientCertificate: "client.pem",
      insecure: false,
    });
    expect(c.logs).toMatchObject({ timeoutMs: 2500, certificate: "/etc/ca.pem", insecure: true });
    expect(c.traces.compression).toBe("none");
    expect(c.temporalityPreference).toBe("lowmemory");
    expect(c.temporalityFromEnv).toBe(true);
  });
});

describe("bad values", () => {
  it.each([
    [
      { OTEL_EXPORTER_OTLP_PROTOCOL: "http" },
      "unknown OTEL_EXPORTER_OTLP_PROTOCOL 'http': choose one of grpc, http/protobuf, http/json",
    ],
    [
      { OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "GRPC" },
      "unknown OTEL_EXPORTER_OTLP_LOGS_PROTOCOL 'GRPC': choose one of grpc, http/protobuf, http/json",
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: "localhost:4317" },
      "OTEL_EXPORTER_OTLP_ENDPOINT 'localhost:4317' is not an http(s) URL: use e.g. http://localhost:4317 (gRPC) or http://localhost:4318 (HTTP)",
    ],
    [
      { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "ftp://x/v1/metrics" },
      "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT 'ftp://x/v1/metrics' is not an http(s) URL",
    ],
    [{ OTEL_EXPORTER_OTLP_HEADERS: "oops" }, "OTEL_EXPORTER_OTLP_HEADERS entry 'oops' is not key=value"],
    [
      { OTEL_EXPORTER_OTLP_TIMEOUT: "10s" },
      "OTEL_EXPORTER_OTLP_TIMEOUT '10s' is not a whole number of milliseconds greater than 0",
    ],
    [
      { OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: "zstd" },
      "unknown OTEL_EXPORTER_OTLP_LOGS_COMPRESSION 'zstd': choose one of gzip, none",
    ],
    [{ OTEL_EXPORTER_OTLP_INSECURE: "yes" }, "OTEL_EXPORTER_OTLP_INSECURE 'yes' is not true or false"],
    [
      { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "both" },
      "unknown OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE 'both': choose one of cumulative, delta, lowmemory",
    ],
  ])("%j: one line naming the variable, the value and the valid choices", (env, message) => {
    const e = errorOf(env);
    expect(e).toBeInstanceOf(OtlpEnvError);
    expect(e.message.startsWith(message)).toBe(true);
    expect(e.message).not.toContain("\n");
  });

  it("inspecting reports every problem and goes on with the defaults, as an SDK would", () => {
    const { config, problems } = inspectOtlpEnv(
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "thrift",
        OTEL_EXPORTER_OTLP_TIMEOUT: "-1",
      },
      { defaultProtocol: "http/protobuf" },
    );
    expect(config.metrics.protocol).toBe("http/protobuf");
    expect(config.logs.protocol).toBe("grpc");
    expect(config.metrics.timeoutMs).toBe(10_000);
    expect(new Set(problems.map((p) => p.variable))).toEqual(
      new Set(["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_TIMEOUT"]),
    );
  });
});
