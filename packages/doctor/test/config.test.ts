import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Check, checkConfig, loadConfig, managedSettingsPath, signalSettings } from "../src/index.js";

// Configuration checks against fake HOME directories and managed-settings files: no servers.

const STACK = { grpc: "http://127.0.0.1:4317", http: "http://127.0.0.1:4318" };
const GOOD = {
  CLAUDE_CODE_ENABLE_TELEMETRY: "1",
  OTEL_METRICS_EXPORTER: "otlp",
  OTEL_LOGS_EXPORTER: "otlp",
  OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
  OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4317",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

interface Setup {
  env?: Record<string, string>;
  settings?: unknown;
  managed?: unknown;
  raw?: string;
  stack?: { grpc: string; http: string };
}

function run(setup: Setup) {
  const home = mkdtempSync(join(tmpdir(), "cc-otel-doctor-home-"));
  dirs.push(home);
  if (setup.settings !== undefined || setup.raw !== undefined) {
    mkdirSync(join(home, ".claude"));
    writeFileSync(join(home, ".claude/settings.json"), setup.raw ?? JSON.stringify(setup.settings));
  }
  const managedPath = join(home, "managed-settings.json");
  if (setup.managed !== undefined) writeFileSync(managedPath, JSON.stringify(setup.managed));
  const inputs = { env: setup.env ?? {}, home, managedSettingsPath: managedPath };
  const config = loadConfig(inputs);
  const report = checkConfig(inputs, config, setup.stack ?? STACK);
  return { home, config, report, byId: (id: string) => report.checks.find((c) => c.id === id) };
}

const statuses = (checks: readonly Check[], status: Check["status"]) =>
  checks.filter((c) => c.status === status).map((c) => c.id);

describe("where the settings come from", () => {
  it("nothing set anywhere: telemetry off, no exporters — each failure with a fix naming settings.json", () => {
    const { report, home } = run({});
    expect(statuses(report.checks, "fail")).toEqual([
      "config.enable",
      "config.metrics.exporter",
      "config.logs.exporter",
    ]);
    for (const c of report.checks.filter((x) => x.status === "fail")) {
      expect(c.fix).toContain(join(home, ".claude/settings.json"));
    }
    expect(report.usable).toEqual({ metrics: false, logs: false });
  });

  it("a complete environment passes with no warning", () => {
    const { report } = run({ env: GOOD });
    expect(statuses(report.checks, "fail")).toEqual([]);
    expect(statuses(report.checks, "warn")).toEqual([]);
    expect(report.usable).toEqual({ metrics: true, logs: true });
    expect(report.metrics.url).toBe("http://127.0.0.1:4317");
  });

  it("reads the env block of ~/.claude/settings.json and says so", () => {
    const { report, home } = run({ settings: { env: GOOD } });
    expect(statuses(report.checks, "fail")).toEqual([]);
    expect(report.checks.find((c) => c.id === "config.enable")?.title).toContain(
      join(home, ".claude/settings.json"),
    );
  });

  it("honours CLAUDE_CONFIG_DIR", () => {
    const home = mkdtempSync(join(tmpdir(), "cc-otel-doctor-cfgdir-"));
    dirs.push(home);
    writeFileSync(join(home, "settings.json"), JSON.stringify({ env: GOOD }));
    const inputs = {
      env: { CLAUDE_CONFIG_DIR: home },
      home: "/nonexistent",
      managedSettingsPath: "/nonexistent",
    };
    const report = checkConfig(inputs, loadConfig(inputs), STACK);
    expect(statuses(report.checks, "fail")).toEqual([]);
  });

  it("managed settings win over user settings and the environment, and the report names what it ignored", () => {
    const { report, config } = run({
      env: { ...GOOD, CLAUDE_CODE_ENABLE_TELEMETRY: "0" },
      settings: { env: { CLAUDE_CODE_ENABLE_TELEMETRY: "0" } },
      managed: { env: { CLAUDE_CODE_ENABLE_TELEMETRY: "1" } },
    });
    expect(config.get("CLAUDE_CODE_ENABLE_TELEMETRY")?.from.layer).toBe("managed settings");
    expect(report.checks.find((c) => c.id === "config.enable")?.status).toBe("ok");
    const note = report.checks.find((c) => c.id === "config.shadowed.CLAUDE_CODE_ENABLE_TELEMETRY");
    expect(note?.status).toBe("note");
    expect(note?.detail).toMatch(/0 \(user settings .*\); 0 \(environment\)/);
  });

  it("user settings win over the environment (assumed precedence)", () => {
    const { config, report } = run({
      env: GOOD,
      settings: { env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4319" } },
    });
    expect(config.get("OTEL_EXPORTER_OTLP_ENDPOINT")?.value).toBe("http://127.0.0.1:4319");
    expect(
      report.checks.find((c) => c.id === "config.shadowed.OTEL_EXPORTER_OTLP_ENDPOINT")?.detail,
    ).toContain("http://127.0.0.1:4317 (environment)");
  });

  it("a managed setting that turns telemetry off is reported as the administrator's", () => {
    const { report } = run({ env: GOOD, managed: { env: { CLAUDE_CODE_ENABLE_TELEMETRY: "0" } } });
    const c = report.checks.find((x) => x.id === "config.enable");
    expect(c?.status).toBe("fail");
    expect(c?.fix).toContain("ask your administrator");
  });

  it("broken settings.json: a failure naming the file", () => {
    const { report, home } = run({ env: GOOD, raw: '{ "env": { "CLAUDE_CODE_ENABLE_TELEMETRY": "1", } ' });
    const c = report.checks.find((x) => x.id === "config.user-settings");
    expect(c?.status).toBe("fail");
    expect(c?.title).toContain(join(home, ".claude/settings.json"));
  });

  it("non-string values in the env block: used, with a warning", () => {
    const { report } = run({ settings: { env: { ...GOOD, CLAUDE_CODE_ENABLE_TELEMETRY: 1 } } });
    expect(report.checks.find((c) => c.id === "config.enable")?.status).toBe("ok");
    expect(report.checks.find((c) => c.id === "config.type.CLAUDE_CODE_ENABLE_TELEMETRY")?.status).toBe(
      "warn",
    );
  });

  it("knows the managed settings path of each platform", () => {
    expect(managedSettingsPath("linux")).toBe("/etc/claude-code/managed-settings.json");
    expect(managedSettingsPath("darwin")).toBe(
      "/Library/Application Support/ClaudeCode/managed-settings.json",
    );
  });
});

describe("exporters, protocol, endpoints", () => {
  it("console exporter: metrics are printed, not sent", () => {
    const { byId } = run({ env: { ...GOOD, OTEL_METRICS_EXPORTER: "console" } });
    expect(byId("config.metrics.exporter")?.status).toBe("fail");
    expect(
      run({ env: { ...GOOD, OTEL_METRICS_EXPORTER: "otlp,console" } }).byId("config.metrics.exporter")
        ?.status,
    ).toBe("ok");
  });

  it("OTEL_SDK_DISABLED=true fails", () => {
    expect(run({ env: { ...GOOD, OTEL_SDK_DISABLED: "true" } }).byId("config.sdk-disabled")?.status).toBe(
      "fail",
    );
  });

  it("grpc to port 4318 and http/protobuf to port 4317: protocol/port mismatch warnings", () => {
    const a = run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318" } });
    expect(a.byId("config.metrics.port")?.status).toBe("warn");
    expect(a.byId("config.metrics.port")?.fix).toContain("http/protobuf");
    const b = run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf" } });
    expect(b.byId("config.logs.port")?.status).toBe("warn");
    expect(b.byId("config.logs.port")?.fix).toContain("http://127.0.0.1:4318");
  });

  it("knows the stack's own ports even when they are not 4317/4318", () => {
    const stack = { grpc: "http://127.0.0.1:41001", http: "http://127.0.0.1:41002" };
    const wrong = run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: stack.http }, stack });
    expect(wrong.byId("config.metrics.port")?.title).toContain("the collector's OTLP/HTTP port");
    const right = run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: stack.grpc }, stack });
    expect(statuses(right.report.checks, "warn")).toEqual([]);
  });

  it("an endpoint that is not the stack's: a warning that says how to check the other one", () => {
    const { byId } = run({
      env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.internal:4317" },
    });
    expect(byId("config.metrics.endpoint")?.status).toBe("warn");
    expect(byId("config.metrics.endpoint")?.fix).toContain("--otlp-grpc");
  });

  it("HTTP signal endpoints must carry /v1/metrics and /v1/logs", () => {
    const env = {
      ...GOOD,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "http://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: "http://127.0.0.1:4318/v1/logs",
    };
    const { byId, report } = run({ env });
    expect(byId("config.metrics.endpoint")?.status).toBe("fail");
    expect(byId("config.metrics.endpoint")?.fix).toContain(
      "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://127.0.0.1:4318/v1/metrics",
    );
    expect(byId("config.logs.endpoint")?.status).toBe("ok");
    expect(report.usable).toEqual({ metrics: false, logs: true });
  });

  it("a base endpoint that already ends in /v1/metrics gets it twice", () => {
    const env = {
      ...GOOD,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318/v1/metrics",
    };
    const { byId, config } = run({ env });
    expect(signalSettings(config, "metrics").url).toBe("http://127.0.0.1:4318/v1/metrics/v1/metrics");
    expect(byId("config.metrics.endpoint")?.status).toBe("fail");
  });

  it("gRPC ignores the path; HTTP appends /v1/<signal> to the base", () => {
    const { config } = run({
      env: {
        ...GOOD,
        OTEL_EXPORTER_OTLP_LOGS_PROTOCOL: "http/json",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:4318/",
      },
    });
    expect(signalSettings(config, "metrics")).toMatchObject({
      protocol: "grpc",
      url: "http://127.0.0.1:4318/",
    });
    expect(signalSettings(config, "logs")).toMatchObject({
      protocol: "http/json",
      url: "http://127.0.0.1:4318/v1/logs",
    });
  });

  it("an endpoint without a scheme, an unknown protocol: failures", () => {
    expect(
      run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "127.0.0.1:4317" } }).byId("config.metrics.endpoint")
        ?.status,
    ).toBe("fail");
    expect(
      run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_PROTOCOL: "http" } }).byId("config.metrics.protocol")?.status,
    ).toBe("fail");
  });

  it("no protocol and no endpoint: defaults, with warnings", () => {
    const env = {
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_LOGS_EXPORTER: "otlp",
    };
    const { byId, report } = run({ env });
    expect(byId("config.metrics.protocol")?.status).toBe("warn");
    expect(byId("config.metrics.endpoint")?.status).toBe("warn");
    expect(report.metrics.url).toBe("http://localhost:4318/v1/metrics");
    expect(statuses(report.checks, "fail")).toEqual([]);
  });

  it("headers: malformed entries warn; per-signal headers add to the general ones", () => {
    const { byId, report } = run({
      env: {
        ...GOOD,
        OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20abc,oops",
        OTEL_EXPORTER_OTLP_LOGS_HEADERS: "x-tenant=t1",
      },
    });
    expect(byId("config.headers.OTEL_EXPORTER_OTLP_HEADERS")?.status).toBe("warn");
    expect(report.logs.headers).toEqual({ Authorization: "Bearer abc", "x-tenant": "t1" });
    expect(report.metrics.headers).toEqual({ Authorization: "Bearer abc" });
  });
});

describe("temporality and intervals", () => {
  it("delta by default, cumulative when asked, unknown values warn", () => {
    expect(run({ env: GOOD }).byId("config.temporality")?.title).toContain("delta (Claude Code's default)");
    const cum = run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "cumulative" } });
    expect(cum.byId("config.temporality")).toMatchObject({ status: "ok" });
    expect(cum.byId("config.temporality")?.title).toContain("cumulative");
    expect(
      run({ env: { ...GOOD, OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "both" } }).byId(
        "config.temporality",
      )?.status,
    ).toBe("warn");
  });

  it("export intervals: not a number fails, longer than 60 s warns, shorter is fine", () => {
    const id = "config.interval.OTEL_METRIC_EXPORT_INTERVAL";
    expect(run({ env: { ...GOOD, OTEL_METRIC_EXPORT_INTERVAL: "60s" } }).byId(id)?.status).toBe("fail");
    expect(run({ env: { ...GOOD, OTEL_METRIC_EXPORT_INTERVAL: "300000" } }).byId(id)?.status).toBe("warn");
    expect(run({ env: { ...GOOD, OTEL_METRIC_EXPORT_INTERVAL: "10000" } }).byId(id)?.status).toBe("ok");
    expect(
      run({ env: { ...GOOD, OTEL_LOGS_EXPORT_INTERVAL: "-1" } }).byId(
        "config.interval.OTEL_LOGS_EXPORT_INTERVAL",
      )?.status,
    ).toBe("fail");
  });
});
