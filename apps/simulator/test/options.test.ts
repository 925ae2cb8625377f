import { describe, expect, it } from "vitest";
import { describeExport, exportTarget, signalProtocol, signalUrl } from "../src/exporters.js";
import { parseCli, parseDuration, UsageError } from "../src/options.js";

describe("command line and environment", () => {
  it("defaults to the CLI's own defaults: grpc on :4317, delta, 60 s / 5 s intervals, real time", () => {
    const o = parseCli([], {});
    expect(o.export).toMatchObject({
      protocol: "grpc",
      endpoint: "http://localhost:4317",
      temporality: "delta",
    });
    expect(o.metricExportIntervalMs).toBe(60_000);
    expect(o.logExportIntervalMs).toBe(5_000);
    expect(o.mode).toEqual({ kind: "live", speed: 1, durationMs: undefined });
    expect(o.scenario).toBe("steady");
    expect(parseCli(["--protocol", "http/protobuf"], {}).export.endpoint).toBe("http://localhost:4318");
    expect(o.export.retryForMs).toBeUndefined();
  });

  it("--retry D resends refused exports for up to D", () => {
    expect(parseCli(["--retry", "5m"], {}).export.retryForMs).toBe(300_000);
    expect(() => parseCli(["--retry", "soon"], {})).toThrow(/--retry 'soon' is not a duration/);
  });

  it("honours the standard OTEL_* variables", () => {
    const o = parseCli([], {
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://loki:3100/otlp/v1/logs",
      OTEL_EXPORTER_OTLP_HEADERS: "authorization=Bearer%20abc,x-scope-orgid=acme",
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "Cumulative",
      OTEL_METRIC_EXPORT_INTERVAL: "10000",
      OTEL_LOGS_EXPORT_INTERVAL: "1000",
      OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=demo,Team.Id=a%2Cb",
    });
    expect(o.resourceAttributes).toEqual({ "deployment.environment": "demo", "Team.Id": "a,b" });
    expect(o.export).toMatchObject({
      protocol: "http/protobuf",
      endpoint: "http://collector:4318",
      logsEndpoint: "http://loki:3100/otlp/v1/logs",
      headers: { authorization: "Bearer abc", "x-scope-orgid": "acme" },
      temporality: "cumulative",
    });
    expect(o.metricExportIntervalMs).toBe(10_000);
    expect(o.logExportIntervalMs).toBe(1_000);
    expect(
      parseCli([], { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "lowmemory" }).export.temporality,
    ).toBe("delta");
  });

  it("lets flags override the environment", () => {
    const o = parseCli(
      [
        "--protocol",
        "grpc",
        "--endpoint",
        "http://127.0.0.1:14317",
        "--temporality",
        "delta",
        "--header",
        "x-a=1",
      ],
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://elsewhere:4318",
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://elsewhere:4318/v1/metrics",
        OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "cumulative",
        OTEL_EXPORTER_OTLP_HEADERS: "x-a=0,x-b=2",
      },
    );
    expect(o.export).toMatchObject({
      protocol: "grpc",
      endpoint: "http://127.0.0.1:14317",
      metricsEndpoint: undefined,
      temporality: "delta",
      headers: { "x-a": "1", "x-b": "2" },
    });
  });

  it("reads modes, durations and presets", () => {
    expect(parseCli(["--backfill", "7d"], {}).mode).toEqual({ kind: "backfill", windowMs: 7 * 86_400_000 });
    expect(parseCli(["--speed", "60", "--duration", "1h30m"], {}).mode).toEqual({
      kind: "live",
      speed: 60,
      durationMs: 5_400_000,
    });
    expect(parseDuration("90s", "x")).toBe(90_000);
    expect(parseDuration("250ms", "x")).toBe(250);
    expect(parseCli(["--scenario", "team", "--users", "40", "--no-teams"], {})).toMatchObject({
      scenario: "team",
      users: 40,
      teams: false,
    });
  });

  it.each([
    [["--scenario", "outage"], /unknown scenario 'outage': choose one of steady, spike, errors, team/],
    [["--protocol", "udp"], /unknown protocol 'udp': choose one of grpc, http\/protobuf, http\/json/],
    [["--temporality", "both"], /unknown temporality 'both': choose one of delta, cumulative/],
    [["--users", "1.5"], /--users must be a whole number/],
    [["--speed", "0"], /--speed must be a number greater than 0/],
    [["--duration", "10"], /--duration '10' is not a duration: use a number with a unit/],
    [["--backfill", "7d", "--duration", "1h"], /--backfill .* drop --duration/],
    [
      ["--backfill", "7d", "--temporality", "cumulative"],
      /--backfill needs delta temporality.*drop --temporality cumulative/,
    ],
    [["--endpoint", "localhost:4317"], /is not an http\(s\) URL/],
    [["--header", "novalue"], /--header 'novalue' is not KEY=VALUE/],
    [["--cli-version", "latest"], /--cli-version 'latest' is not a version/],
    [
      ["--tz", "Mars/Olympus_Mons"],
      /^--tz 'Mars\/Olympus_Mons' is not a time zone: use an IANA name such as Europe\/Berlin, America\/Los_Angeles or UTC$/,
    ],
    [["--tz", ""], /--tz '' is not a time zone/],
    [["--usres", "3"], /unknown option '--usres'; valid options: --scenario --users/],
  ])("rejects %j with one line naming the problem and the choices", (argv, message) => {
    let error: unknown;
    try {
      parseCli(argv, {});
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("--tz > TZ (when it names a zone) > UTC, by canonical name", () => {
    expect(parseCli([], {}).timeZone).toBe("UTC");
    expect(parseCli([], { TZ: "Europe/Berlin" }).timeZone).toBe("Europe/Berlin");
    expect(parseCli([], { TZ: ":America/Los_Angeles" }).timeZone).toBe("America/Los_Angeles");
    expect(parseCli(["--tz", "america/los_angeles"], { TZ: "Europe/Berlin" }).timeZone).toBe(
      "America/Los_Angeles",
    );
    expect(parseCli(["--tz", "Etc/UTC"], { TZ: "Europe/Berlin" }).timeZone).toBe("UTC");
    // TZ serves other programs too: a POSIX rule or an empty value falls back to UTC without failing.
    for (const TZ of ["CET-1CEST,M3.5.0,M10.5.0/3", "", "Nowhere/Special"])
      expect(parseCli([], { TZ }).timeZone).toBe("UTC");
    // A bad --tz still fails when TZ is fine.
    expect(() => parseCli(["--tz", "Berlin"], { TZ: "Europe/Berlin" })).toThrow(/--tz 'Berlin'/);
  });

  it("per-signal headers add to the general ones for their signal; --header goes to both", () => {
    const o = parseCli(["--header", "x-a=1"], {
      OTEL_EXPORTER_OTLP_HEADERS: "X-A=0,x-b=2",
      OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-tenant=logs",
    }).export;
    expect(o.headers).toEqual({ "x-a": "1", "x-b": "2" });
    expect(o.metricsHeaders).toBeUndefined();
    expect(o.logsHeaders).toEqual({ "x-a": "1", "x-b": "2", "x-tenant": "logs" });
    expect(exportTarget(o, "logs").headers).toEqual(o.logsHeaders);
    expect(exportTarget(o, "metrics").headers).toEqual(o.headers);
  });

  it("refuses every bad OTLP exporter value the exporters would otherwise skip with a warning", () => {
    expect(() => parseCli([], { OTEL_EXPORTER_OTLP_TIMEOUT: "10s" })).toThrow(
      /^OTEL_EXPORTER_OTLP_TIMEOUT '10s' is not a whole number of milliseconds/,
    );
    expect(() => parseCli([], { OTEL_EXPORTER_OTLP_LOGS_COMPRESSION: "zstd" })).toThrow(UsageError);
    expect(() => parseCli([], { OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "collector:4317" })).toThrow(
      /OTEL_EXPORTER_OTLP_METRICS_ENDPOINT 'collector:4317' is not an http\(s\) URL/,
    );
    // Traces are not simulated: their variables do not stop a run.
    expect(parseCli([], { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: "thrift" }).export.protocol).toBe("grpc");
  });

  it("names the variable when the environment is wrong", () => {
    expect(() => parseCli([], { OTEL_METRIC_EXPORT_INTERVAL: "soon" })).toThrow(
      /OTEL_METRIC_EXPORT_INTERVAL/,
    );
    expect(() => parseCli([], { OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "x" })).toThrow(
      /OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE 'x'/,
    );
  });
});

describe("per-signal protocols (OTEL_EXPORTER_OTLP_{METRICS,LOGS}_PROTOCOL)", () => {
  /** Each signal's protocol and URL, as the exporters get them. */
  function resolved(argv: string[], env: NodeJS.ProcessEnv) {
    const config = parseCli(argv, env).export;
    return {
      metrics: [signalProtocol(config, "metrics"), signalUrl(config, "metrics")],
      logs: [signalProtocol(config, "logs"), signalUrl(config, "logs")],
    };
  }

  it("--protocol > the signal's variable > OTEL_EXPORTER_OTLP_PROTOCOL > grpc", () => {
    expect(resolved([], {})).toEqual({
      metrics: ["grpc", "http://localhost:4317"],
      logs: ["grpc", "http://localhost:4317"],
    });
    expect(resolved([], { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf" })).toEqual({
      metrics: ["http/protobuf", "http://localhost:4318/v1/metrics"],
      logs: ["grpc", "http://localhost:4317"],
    });
    expect(
      resolved([], { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "grpc" }),
    ).toEqual({
      metrics: ["http/json", "http://localhost:4318/v1/metrics"],
      logs: ["grpc", "http://localhost:4317"],
    });
    expect(
      resolved([], {
        OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http/protobuf",
      }),
    ).toEqual({
      metrics: ["http/json", "http://localhost:4318/v1/metrics"],
      logs: ["http/protobuf", "http://localhost:4318/v1/logs"],
    });
    // The flag sets both signals; the variables it overrides are not even read.
    expect(
      resolved(["--protocol", "http/protobuf"], {
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "carrier-pigeon",
      }),
    ).toEqual({
      metrics: ["http/protobuf", "http://localhost:4318/v1/metrics"],
      logs: ["http/protobuf", "http://localhost:4318/v1/logs"],
    });
    // Empty is unset, as the OpenTelemetry specification asks.
    expect(
      resolved([], { OTEL_EXPORTER_OTLP_PROTOCOL: "http/json", OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: " " }).logs,
    ).toEqual(["http/json", "http://localhost:4318/v1/logs"]);
  });

  it("sends both signals to a configured endpoint, /v1/<signal> appended for HTTP; per-signal URLs as they are", () => {
    expect(
      resolved([], {
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:9000/",
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf",
      }),
    ).toEqual({
      metrics: ["http/protobuf", "http://collector:9000/v1/metrics"],
      logs: ["grpc", "http://collector:9000/"],
    });
    expect(
      resolved(["--endpoint", "http://127.0.0.1:14318"], {
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "grpc",
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://ignored:4317",
      }),
    ).toEqual({
      metrics: ["http/protobuf", "http://127.0.0.1:14318/v1/metrics"],
      logs: ["grpc", "http://127.0.0.1:14318"],
    });
    expect(
      resolved([], {
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://mimir:9009/otlp/v1/metrics",
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://loki:3100/otlp/v1/logs",
      }),
    ).toEqual({
      metrics: ["http/json", "http://mimir:9009/otlp/v1/metrics"],
      logs: ["http/protobuf", "http://loki:3100/otlp/v1/logs"],
    });
  });

  it("names each signal's protocol and URL once they differ", () => {
    expect(describeExport(parseCli([], {}).export)).toBe("grpc → http://localhost:4317");
    expect(
      describeExport(parseCli([], { OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf" }).export),
    ).toBe("metrics http/protobuf → http://localhost:4318/v1/metrics, logs grpc → http://localhost:4317");
  });

  it.each(["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"])(
    "rejects a bad %s with one line naming the variable and the choices",
    (variable) => {
      let error: unknown;
      try {
        parseCli([], { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", [variable]: "http" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toBe(
        `unknown ${variable} 'http': choose one of grpc, http/protobuf, http/json`,
      );
    },
  );
});
