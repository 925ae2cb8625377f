import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROCESSOR } from "@cc-otel/collector/names";
import { type NativeStack, PrometheusClient, REPO_ROOT, startNativeStack } from "@cc-otel/harness";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Check,
  lokiProbeQuery,
  main,
  PROBE_SERIES,
  type Report,
  runDoctor,
  type StackEndpoints,
} from "../src/index.js";
import { endpointsOf, startFakeLokiApi, startSecondCollector } from "./helpers.js";

// The doctor against the REAL collector and Prometheus of the native harness (Loki is the
// harness's stand-in: an OTLP receiver without Loki's query API).

const NO_D2C = join(import.meta.dirname, "fixtures/no-delta-to-cumulative.yaml");
const AUTH = join(REPO_ROOT, "stack/collector/auth.yaml");

function claudeEnv(protocol: "grpc" | "http/protobuf", endpoint: string, extra: Record<string, string> = {}) {
  return {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    ...extra,
  };
}

const failed = (r: Report) => r.checks.filter((c) => c.status === "fail");
const check = (r: Report, id: string): Check | undefined => r.checks.find((c) => c.id === id);

/** The CLI's arguments for a set of endpoints. */
function flags(ep: StackEndpoints): string[] {
  return [
    `--otlp-grpc=${ep.otlpGrpc}`,
    `--otlp-http=${ep.otlpHttp}`,
    `--collector-health=${ep.collectorHealth}`,
    `--collector-metrics=${ep.collectorMetrics}`,
    `--prometheus=${ep.prometheus}`,
    `--loki=${ep.loki}`,
  ];
}

describe("pnpm run doctor against the real stack", () => {
  let stack: NativeStack;
  let ep: StackEndpoints;
  let home: string;
  const doctor = (env: Record<string, string>, opts: Partial<Parameters<typeof runDoctor>[0]> = {}) =>
    runDoctor({
      env,
      home,
      managedSettings: join(home, "no-managed-settings.json"),
      endpoints: ep,
      lokiReadback: "skip",
      timeoutMs: 20_000,
      ...opts,
    });

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true, maxSeconds: 900 });
    ep = endpointsOf(stack);
    home = mkdtempSync(join(tmpdir(), "cc-otel-doctor-e2e-home-"));
  });
  afterAll(async () => {
    await stack?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it("healthy stack, gRPC settings: exit 0 through the CLI, with a loud note that Loki was not read back", async () => {
    const { code, output } = await main(
      [...flags(ep), "--loki-readback=skip", `--home=${home}`, "--managed-settings=/nonexistent"],
      claudeEnv("grpc", ep.otlpGrpc),
    );
    expect(output).toContain("Result: data would flow");
    expect(output).toMatch(
      /\[ ok \] collector → Prometheus: probe delta \+ cumulative metric found by probe_id/,
    );
    expect(output).toContain("NOTE: Loki was NOT queried");
    expect(output).toContain("is NOT real Loki");
    expect(code, output).toBe(0);
  });

  it("nothing configured fails; http/protobuf settings in ~/.claude/settings.json: data would flow", async () => {
    const none = await doctor({});
    expect(none.ok).toBe(false);
    expect(failed(none).map((c) => c.id)).toContain("config.enable");
    mkdirSync(join(home, ".claude"), { recursive: true });
    writeFileSync(
      join(home, ".claude/settings.json"),
      JSON.stringify({ env: claudeEnv("http/protobuf", ep.otlpHttp) }),
    );
    try {
      const r = await doctor({});
      expect(failed(r), JSON.stringify(failed(r), null, 1)).toEqual([]);
      expect(check(r, "probe.metrics.send")?.title).toContain(
        `http/protobuf to ${ep.otlpHttp}/v1/metrics accepted`,
      );
      expect(check(r, "config.enable")?.title).toContain(".claude/settings.json");
    } finally {
      rmSync(join(home, ".claude"), { recursive: true, force: true });
    }
  });

  it("without --loki-readback=skip, the stand-in is called out, not passed off as Loki", async () => {
    const r = await doctor(claudeEnv("grpc", ep.otlpGrpc), { lokiReadback: "auto" });
    expect(r.ok).toBe(false);
    expect(failed(r).map((c) => c.id)).toEqual(["stack.loki.ready"]);
    expect(check(r, "stack.loki.ready")?.fix).toContain("--loki-readback=skip");
  });

  it("wrong port in the user's environment: gRPC sent to the HTTP port is diagnosed, the stack itself still checked", async () => {
    const r = await doctor(claudeEnv("grpc", ep.otlpHttp));
    expect(r.ok).toBe(false);
    expect(check(r, "config.metrics.port")?.status).toBe("warn");
    const send = check(r, "probe.metrics.send");
    expect(send?.status).toBe("fail");
    expect(send?.fix).toContain(
      `gRPC sent to the collector's OTLP/HTTP port: set the endpoint to ${ep.otlpGrpc}`,
    );
    // The probe then went to the stack directly: the rest of the path is fine.
    expect(check(r, "probe.prometheus")?.status).toBe("ok");
    expect(
      failed(r)
        .map((c) => c.id)
        .sort(),
    ).toEqual(["probe.logs.send", "probe.metrics.send"]);
  });

  it("a port where nothing listens: diagnosed with the stack's real ports", async () => {
    const unused = ep.otlpHttp.replace(/:\d+$/, ":9");
    const { code, output } = await main(
      [...flags(ep), "--loki-readback=skip", `--home=${home}`, "--managed-settings=/nonexistent"],
      claudeEnv("http/protobuf", unused),
    );
    expect(code).toBe(1);
    expect(output).toContain(
      `Claude Code → collector (metrics): http/protobuf to ${unused}/v1/metrics failed`,
    );
    expect(output).toContain(`fix: nothing accepts OTLP at ${unused}/v1/metrics`);
    expect(output).toContain("Result: data would NOT flow");
  });

  it("delta metrics into a collector without delta_to_cumulative: diagnosed as a temporality problem", async () => {
    const second = await startSecondCollector(stack, [NO_D2C]);
    try {
      const endpoints = second.endpoints;
      const r = await doctor(claudeEnv("grpc", endpoints.otlpGrpc), { endpoints });
      const prom = check(r, "probe.prometheus");
      expect(prom?.status).toBe("fail");
      expect(prom?.title).toContain("temporality");
      expect(prom?.title).toContain("DELTA metrics (Claude Code's default) are dropped");
      expect(prom?.fix).toContain(PROCESSOR.deltaToCumulative);
      expect(prom?.fix).toContain("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative");
      expect(prom?.detail).toMatch(/\+[1-9]\d* failed translations/);
      expect(failed(r).map((c) => c.id)).toEqual(["probe.prometheus"]);
      // ...and the suggested client-side fix works on that collector.
      const fixed = await doctor(
        claudeEnv("grpc", endpoints.otlpGrpc, {
          OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "cumulative",
        }),
        { endpoints },
      );
      expect(failed(fixed), JSON.stringify(failed(fixed), null, 1)).toEqual([]);
    } finally {
      await second.stop();
    }
  });

  it("sends the probe through the OpenTelemetry SDK configured only from the user's OTEL_* variables", async () => {
    // A collector that wants a bearer token; metrics over HTTP to their own endpoint, events over
    // gRPC to the base one, gzip, and a resource attribute: all read by the SDK from the variables.
    const token = "doctor-token";
    const second = await startSecondCollector(stack, [AUTH], { CC_OTEL_RECEIVER_TOKEN: token });
    const own = { ...process.env };
    try {
      const endpoints = second.endpoints;
      const env = {
        ...claudeEnv("grpc", endpoints.otlpGrpc),
        OTEL_EXPORTER_OTLP_METRICS_PROTOCOL: "http/protobuf",
        OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: `${endpoints.otlpHttp}/v1/metrics`,
        OTEL_EXPORTER_OTLP_HEADERS: `Authorization=Bearer%20${token}`,
        OTEL_EXPORTER_OTLP_COMPRESSION: "gzip",
        OTEL_RESOURCE_ATTRIBUTES: "deployment.environment=doctor-e2e",
      };
      // The doctor's own process environment is not the user's: none of it may reach the probe.
      process.env.OTEL_EXPORTER_OTLP_HEADERS = "Authorization=Bearer%20wrong";
      process.env.OTEL_RESOURCE_ATTRIBUTES = "leaked=yes";
      const r = await doctor(env, { endpoints });
      expect(failed(r), JSON.stringify(failed(r), null, 1)).toEqual([]);
      expect(check(r, "probe.metrics.send")?.title).toContain(
        `http/protobuf to ${endpoints.otlpHttp}/v1/metrics accepted`,
      );
      expect(check(r, "probe.logs.send")?.title).toContain(`grpc to ${endpoints.otlpGrpc} accepted`);
      const series = await new PrometheusClient(ep.prometheus).query(
        `${PROBE_SERIES}{probe_id="${r.probeId}"}`,
      );
      expect(series.map((s) => s.metric.probe_temporality).sort()).toEqual(["cumulative", "delta"]);
      for (const s of series) {
        expect(s.metric.deployment_environment).toBe("doctor-e2e");
        expect(s.metric).not.toHaveProperty("leaked");
      }
      expect(process.env.OTEL_EXPORTER_OTLP_HEADERS).toBe("Authorization=Bearer%20wrong");

      // Without the token the collector refuses, and the fix names the variable to set.
      const refused = await doctor(
        { ...env, OTEL_EXPORTER_OTLP_HEADERS: "" },
        { endpoints, timeoutMs: 5_000 },
      );
      const send = check(refused, "probe.metrics.send");
      expect(send?.status).toBe("fail");
      expect(send?.fix).toContain("OTEL_EXPORTER_OTLP_HEADERS");
      expect(check(refused, "probe.logs.send")?.status).toBe("fail");
    } finally {
      for (const k of ["OTEL_EXPORTER_OTLP_HEADERS", "OTEL_RESOURCE_ATTRIBUTES"]) {
        if (own[k] === undefined) delete process.env[k];
        else process.env[k] = own[k];
      }
      await second.stop();
    }
  });

  it("reads a probe back from Loki with the documented LogQL and query_range API (fake Loki API, real collector)", async () => {
    const fake = await startFakeLokiApi((q) =>
      /^\{service_name="claude-code"\} \| probe_id="doctor-[0-9a-f]{12}"$/.test(q),
    );
    try {
      const r = await doctor(claudeEnv("grpc", ep.otlpGrpc), {
        endpoints: { ...ep, loki: fake.url },
        lokiReadback: "auto",
      });
      expect(check(r, "probe.loki")?.status).toBe("ok");
      expect(check(r, "probe.loki")?.title).toContain(lokiProbeQuery(r.probeId ?? ""));
      const q = fake.queries[0];
      expect(q?.get("query")).toBe(lokiProbeQuery(r.probeId ?? ""));
      expect(Number(q?.get("end"))).toBeGreaterThan(Number(q?.get("start")));
      expect(q?.get("start")).toMatch(/^\d{19}$/);
      expect(r.notes).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  it("collector down: diagnosed, exit 1", async () => {
    await stack.collector.stop();
    try {
      const { code, output } = await main(
        [
          ...flags(ep),
          "--loki-readback=skip",
          `--home=${home}`,
          "--managed-settings=/nonexistent",
          "--timeout=5",
        ],
        claudeEnv("grpc", ep.otlpGrpc),
      );
      expect(code).toBe(1);
      expect(output).toContain(`[FAIL] collector not healthy at ${ep.collectorHealth}`);
      expect(output).toContain("fix: start the stack (pnpm stack:up)");
      expect(output).toMatch(/\[FAIL\] collector OTLP\/gRPC port .*connection refused/);
      expect(output).toMatch(/\[FAIL\] Claude Code → collector \(metrics\): grpc to .* failed/);
      expect(output).toContain("[skip] collector → Prometheus: not checked");
    } finally {
      await stack.collector.start();
    }
  });

  it("Loki (stand-in) down: diagnosed, exit 1", async () => {
    await stack.loki.close();
    const r = await doctor(claudeEnv("grpc", ep.otlpGrpc), { timeoutMs: 8_000 });
    expect(r.ok).toBe(false);
    expect(check(r, "stack.loki.ready")).toMatchObject({ status: "fail" });
    expect(check(r, "stack.loki.ready")?.title).toContain("connection refused");
    const loki = check(r, "probe.loki");
    expect(loki?.status).toBe("fail");
    expect(loki?.title).toContain("events do not leave the collector");
    expect(check(r, "probe.prometheus")?.status).toBe("ok");
  });
});
