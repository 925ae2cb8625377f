import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLI_TESTS_ENABLED, CLI_TESTS_SKIPPED_BECAUSE, cliBinary } from "@cc-otel/claude-cli";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Check,
  checkConfig,
  loadConfig,
  managedSettingsDir,
  managedSettingsPath,
  signalSettings,
  WSL_WINDOWS_MANAGED_SETTINGS,
} from "../src/index.js";

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
    expect(managedSettingsPath("win32")).toBe("C:\\Program Files\\ClaudeCode\\managed-settings.json");
  });
});

/** A platform's managed settings directory, re-rooted in a temporary directory (`C:` becomes `C`). */
function fakeSystem(platform: NodeJS.Platform) {
  const root = mkdtempSync(join(tmpdir(), `cc-otel-doctor-${platform}-`));
  dirs.push(root);
  const file = join(
    root,
    ...managedSettingsPath(platform)
      .replace(/^([A-Z]):/, "$1")
      .split(/[\\/]/),
  );
  mkdirSync(join(dirname(file), "managed-settings.d"), { recursive: true });
  const write = (rel: string, doc: unknown) =>
    writeFileSync(join(dirname(file), rel), typeof doc === "string" ? doc : JSON.stringify(doc));
  return { root, file, write };
}

describe("managed settings on every platform: the file, then managed-settings.d/ in name order", () => {
  for (const platform of ["linux", "darwin", "win32"] as const) {
    it(platform, () => {
      const sys = fakeSystem(platform);
      sys.write("managed-settings.json", {
        env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "http://base.example:4317" },
      });
      sys.write("managed-settings.d/20-headers.json", {
        env: { OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer from-20" },
      });
      sys.write("managed-settings.d/10-telemetry.json", {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector.example:4317" },
      });
      // Neither is a drop-in: Claude Code reads only *.json files not starting with a dot.
      sys.write("managed-settings.d/.30-hidden.json", {
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://hidden:1" },
      });
      sys.write("managed-settings.d/40-notes.txt", "OTEL_EXPORTER_OTLP_ENDPOINT=http://txt:1");

      const home = mkdtempSync(join(tmpdir(), "cc-otel-doctor-home-"));
      dirs.push(home);
      const inputs = { env: {}, home, managedSettingsPath: sys.file, platform };
      const config = loadConfig(inputs);
      const endpoint = config.get("OTEL_EXPORTER_OTLP_ENDPOINT");
      expect(endpoint?.value).toBe("http://collector.example:4317");
      expect(endpoint?.from.path).toBe(join(dirname(sys.file), "managed-settings.d/10-telemetry.json"));
      expect(endpoint?.shadowed.map((s) => s.value)).toEqual(["http://base.example:4317"]);
      expect(config.get("OTEL_EXPORTER_OTLP_HEADERS")?.value).toBe("Authorization=Bearer from-20");
      expect(config.get("CLAUDE_CODE_ENABLE_TELEMETRY")?.from.path).toBe(sys.file);

      const report = checkConfig(inputs, config, STACK);
      const note = report.checks.find((c) => c.id === "config.managed-settings.files");
      expect(note?.status).toBe("note");
      expect(note?.title).toBe(
        `managed settings read from ${sys.file}, ${join(dirname(sys.file), "managed-settings.d/10-telemetry.json")}, ${join(dirname(sys.file), "managed-settings.d/20-headers.json")}`,
      );
      // What the doctor cannot read there is said, not guessed.
      if (platform === "win32")
        expect(note?.detail).toContain("HKLM and HKCU \\SOFTWARE\\Policies\\ClaudeCode");
      else if (platform === "darwin") expect(note?.detail).toContain("com.anthropic.claudecode");
      else expect(note?.detail).toBeUndefined();
      expect(statuses(report.checks, "fail")).toEqual([]);
    });
  }

  it("none there: the note names where it looked", () => {
    const sys = fakeSystem("linux");
    const inputs = { env: GOOD, home: sys.root, managedSettingsPath: sys.file, platform: "linux" as const };
    const report = checkConfig(inputs, loadConfig(inputs), STACK);
    expect(report.checks.find((c) => c.id === "config.managed-settings.files")?.title).toBe(
      `no managed settings file (${sys.file} and its managed-settings.d/)`,
    );
  });

  it("a broken drop-in fails naming it; the others still apply", () => {
    const sys = fakeSystem("linux");
    sys.write("managed-settings.json", { env: GOOD });
    sys.write("managed-settings.d/10-broken.json", '{ "env": { ');
    const inputs = { env: {}, home: sys.root, managedSettingsPath: sys.file };
    const config = loadConfig(inputs);
    const problem = config.problems.find((c) => c.id === "config.managed-settings");
    expect(problem?.status).toBe("fail");
    expect(problem?.title).toContain(join(dirname(sys.file), "managed-settings.d/10-broken.json"));
    expect(config.get("CLAUDE_CODE_ENABLE_TELEMETRY")?.value).toBe("1");
  });

  it("WSL: Windows' managed settings win over Linux's only when they opt in (wslInheritsWindowsSettings)", () => {
    const linux = fakeSystem("linux");
    linux.write("managed-settings.json", {
      env: { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "http://linux:4317" },
    });
    const windows = fakeSystem("win32");
    const windowsFile = join(windows.root, ...WSL_WINDOWS_MANAGED_SETTINGS.split("/"));
    mkdirSync(dirname(windowsFile), { recursive: true });
    const inputs = {
      env: {},
      home: linux.root,
      managedSettingsPath: linux.file,
      wslWindowsManagedSettingsPath: windowsFile,
    };
    writeFileSync(
      windowsFile,
      JSON.stringify({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://windows:4317" } }),
    );
    expect(loadConfig(inputs).get("OTEL_EXPORTER_OTLP_ENDPOINT")?.value).toBe("http://linux:4317");
    writeFileSync(
      windowsFile,
      JSON.stringify({
        wslInheritsWindowsSettings: true,
        env: { OTEL_EXPORTER_OTLP_ENDPOINT: "http://windows:4317" },
      }),
    );
    const endpoint = loadConfig(inputs).get("OTEL_EXPORTER_OTLP_ENDPOINT");
    expect(endpoint?.value).toBe("http://windows:4317");
    expect(endpoint?.shadowed.map((s) => s.value)).toEqual(["http://linux:4317"]);
  });

  const cliTitle = `are where the pinned Claude Code CLI looks (its bundle names them)${CLI_TESTS_ENABLED ? "" : ` — skipped: ${CLI_TESTS_SKIPPED_BECAUSE}`}`;
  it.skipIf(!CLI_TESTS_ENABLED)(cliTitle, () => {
    const cli = cliBinary();
    const inBundle = (text: string) =>
      spawnSync("grep", ["-a", "-F", "-c", "-e", text, cli], { encoding: "utf8" }).stdout.trim() !== "0";
    // The bundle spells them as JavaScript strings: the Windows path with escaped backslashes.
    for (const platform of ["linux", "darwin", "win32"] as const)
      expect(inBundle(JSON.stringify(managedSettingsDir(platform))), platform).toBe(true);
    expect(inBundle('"managed-settings.d"')).toBe(true);
    expect(
      inBundle(JSON.stringify(WSL_WINDOWS_MANAGED_SETTINGS.replace(/\/managed-settings\.json$/, ""))),
    ).toBe(true);
    expect(inBundle("wslInheritsWindowsSettings")).toBe(true);
    // The path older documentation gave is not one of them.
    expect(inBundle(JSON.stringify("C:\\ProgramData\\ClaudeCode"))).toBe(false);
  });
});

describe("TLS as Claude Code does it (measured with the real CLI, packages/e2e exporter-errors test)", () => {
  const TLS = { ...GOOD, OTEL_EXPORTER_OTLP_ENDPOINT: "https://127.0.0.1:4317" };
  const tlsStack = { grpc: "https://127.0.0.1:4317", http: "https://127.0.0.1:4318" };

  it("gRPC over TLS to an IP address fails, naming the host name to use; to a name it does not", () => {
    const ip = run({ env: TLS, stack: tlsStack });
    expect(ip.byId("config.metrics.tls-host")?.status).toBe("fail");
    expect(ip.byId("config.logs.tls-host")?.fix).toContain("https://localhost:4317");
    const named = run({
      env: { ...TLS, OTEL_EXPORTER_OTLP_ENDPOINT: "https://localhost:4317" },
      stack: tlsStack,
    });
    expect(named.byId("config.metrics.tls-host")).toBeUndefined();
    expect(run({ env: GOOD }).byId("config.metrics.tls-host")).toBeUndefined();
  });

  it("HTTP with the CA only in OTEL_EXPORTER_OTLP_CERTIFICATE warns: NODE_EXTRA_CA_CERTS is what Claude Code reads", () => {
    const http = {
      ...GOOD,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://127.0.0.1:4318",
      OTEL_EXPORTER_OTLP_CERTIFICATE: "/etc/cc-otel/ca.crt",
    };
    const warned = run({ env: http, stack: tlsStack });
    expect(warned.byId("config.metrics.ca")?.status).toBe("warn");
    expect(warned.byId("config.logs.ca")?.fix).toContain('"NODE_EXTRA_CA_CERTS": "/etc/cc-otel/ca.crt"');
    expect(warned.byId("config.metrics.tls-host")).toBeUndefined(); // an IP address is fine over HTTP
    const fixed = run({ env: { ...http, NODE_EXTRA_CA_CERTS: "/etc/cc-otel/ca.crt" }, stack: tlsStack });
    expect(fixed.byId("config.metrics.ca")).toBeUndefined();
    // From the settings file too, where the docs put it.
    const inSettings = run({ env: http, settings: { env: { NODE_EXTRA_CA_CERTS: "/etc/cc-otel/ca.crt" } } });
    expect(inSettings.byId("config.metrics.ca")).toBeUndefined();
    // gRPC reads OTEL_EXPORTER_OTLP_CERTIFICATE: no warning.
    expect(
      run({
        env: {
          ...TLS,
          OTEL_EXPORTER_OTLP_ENDPOINT: "https://localhost:4317",
          OTEL_EXPORTER_OTLP_CERTIFICATE: "/ca",
        },
      }).byId("config.metrics.ca"),
    ).toBeUndefined();
  });

  it("a client certificate over HTTP warns: Claude Code sends it over gRPC only", () => {
    const env = {
      ...GOOD,
      OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
      OTEL_EXPORTER_OTLP_ENDPOINT: "https://localhost:4318",
      NODE_EXTRA_CA_CERTS: "/ca",
      OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: "/client.crt",
    };
    expect(run({ env }).byId("config.metrics.client-certificate")?.status).toBe("warn");
    expect(
      run({
        env: {
          ...env,
          OTEL_EXPORTER_OTLP_PROTOCOL: "grpc",
          OTEL_EXPORTER_OTLP_ENDPOINT: "https://localhost:4317",
        },
      }).byId("config.metrics.client-certificate"),
    ).toBeUndefined();
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
