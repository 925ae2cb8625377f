import { EXPORTER, SELF_METRICS } from "@cc-otel/collector/names";
import { describe, expect, it } from "vitest";
import {
  formatReport,
  lokiProbeQuery,
  main,
  PROBE_SERIES,
  probeEnvironment,
  type Report,
  SelfMetrics,
  sendThroughNodeSdk,
} from "../src/index.js";

describe("collector self-metrics parsing", () => {
  const { sentLogRecords: SENT, queueSize: QUEUE } = SELF_METRICS;
  const text = `# HELP ${SENT} Number of log records successfully sent.
# TYPE ${SENT} counter
${SENT}{exporter="${EXPORTER.loki}",url_path="/otlp/v1/logs"} 7
${QUEUE}{data_type="logs",exporter="${EXPORTER.loki}"} 2
${QUEUE}{data_type="metrics",exporter="${EXPORTER.prometheus}"} 1
`;
  it("sums families, filters by label, computes deltas", () => {
    const m = SelfMetrics.parse(text);
    expect(m.sum(SENT)).toBe(7);
    expect(m.sum(QUEUE)).toBe(3);
    expect(m.sum(QUEUE, { data_type: "logs" })).toBe(2);
    expect(m.sum("absent")).toBe(0);
    const later = SelfMetrics.parse(text.replace("} 7", "} 9"));
    expect(SelfMetrics.delta(m, later, SENT)).toBe(2);
  });
});

describe("probe names", () => {
  it("a probe series no dashboard reads, and the LogQL of the brief", () => {
    expect(PROBE_SERIES).toBe("cc_otel_doctor_probe_total");
    expect(lokiProbeQuery("doctor-abc")).toBe('{service_name="claude-code"} | probe_id="doctor-abc"');
  });
});

describe("the probe's SDK environment", () => {
  const user = {
    OTEL_METRICS_EXPORTER: "otlp,console,prometheus",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317",
    OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20x",
    OTEL_LOG_LEVEL: "debug",
  };
  it("is the user's, one signal exported over OTLP, with Claude Code's delta default", () => {
    expect(probeEnvironment(user, "metrics")).toEqual({
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_LOGS_EXPORTER: "none",
      OTEL_TRACES_EXPORTER: "none",
      OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317",
      OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer%20x",
      OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "delta",
    });
    expect(probeEnvironment(user, "logs")).toMatchObject({
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "otlp",
    });
  });
  it("keeps the user's temporality; the control probe asks for cumulative", () => {
    const cumulative = { ...user, OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: "cumulative" };
    expect(probeEnvironment(cumulative, "metrics").OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE).toBe(
      "cumulative",
    );
    expect(
      probeEnvironment(user, "metrics", "cumulative").OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE,
    ).toBe("cumulative");
  });
});

describe("the probe's SDK send, without a collector", () => {
  it("reports the exporter's error, and leaves the doctor's own environment as it was", async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = "http://doctor-own:4317";
    try {
      const env = probeEnvironment(
        { OTEL_EXPORTER_OTLP_PROTOCOL: "grpc", OTEL_EXPORTER_OTLP_ENDPOINT: "http://127.0.0.1:9" },
        "metrics",
      );
      expect(await sendThroughNodeSdk(env, "metrics", "doctor-unit", "delta")).toMatch(
        /UNAVAILABLE|ECONNREFUSED|refused/,
      );
      expect(process.env.OTEL_EXPORTER_OTLP_ENDPOINT).toBe("http://doctor-own:4317");
      expect(process.env.OTEL_EXPORTER_OTLP_PROTOCOL).toBeUndefined();
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    }
  });

  it("a disabled SDK sends nothing, and says so rather than passing", async () => {
    const env = probeEnvironment({ OTEL_SDK_DISABLED: "true" }, "logs");
    expect(await sendThroughNodeSdk(env, "logs", "doctor-unit", "delta")).toMatch(/set up no logs exporter/);
  });
});

describe("report", () => {
  const report: Report = {
    ok: false,
    notes: ["NOTE: something loud"],
    probeId: "doctor-1",
    checks: [
      { id: "a", section: "config", status: "ok", title: "fine", detail: "not shown for ok" },
      { id: "b", section: "stack", status: "fail", title: "broken", fix: "repair it" },
      { id: "c", section: "probe", status: "warn", title: "odd", fix: "look" },
    ],
  };
  it("prints each failed check with its fix on one line, the notes, and the verdict", () => {
    const text = formatReport(report);
    expect(text).toContain("  [FAIL] broken\n         fix: repair it\n");
    expect(text).toContain("  [warn] odd\n         fix: look\n");
    expect(text).not.toContain("not shown for ok");
    expect(text).toContain("(probe_id=doctor-1)");
    expect(text).toContain("NOTE: something loud");
    expect(text).toContain("Result: data would NOT flow — 1 problem to fix");
    expect(
      formatReport({ ...report, ok: true, checks: [report.checks[0] as Report["checks"][number]] }),
    ).toContain("Result: data would flow (0 warnings).");
  });
});

describe("command line", () => {
  it("--help exits 0; unknown flags and bad values exit 2 with the usage", async () => {
    expect((await main(["--help"], {})).code).toBe(0);
    const bad = await main(["--frobnicate"], {});
    expect(bad.code).toBe(2);
    expect(bad.output).toContain("Usage: cc-otel-doctor");
    expect((await main(["--loki-readback=maybe"], {})).code).toBe(2);
    expect((await main(["--timeout=soon"], {})).code).toBe(2);
  });

  it("with nothing running and nothing configured: exit 1, every problem listed", async () => {
    const dead = "http://127.0.0.1:9";
    const { code, output } = await main(
      [
        `--otlp-grpc=${dead}`,
        `--otlp-http=${dead}`,
        `--collector-health=${dead}/`,
        `--collector-metrics=${dead}/metrics`,
        `--prometheus=${dead}`,
        `--loki=${dead}`,
        "--home=/nonexistent",
        "--managed-settings=/nonexistent",
        "--no-probe",
      ],
      {},
    );
    expect(code).toBe(1);
    expect(output).toContain("CLAUDE_CODE_ENABLE_TELEMETRY is not set");
    expect(output).toContain("[FAIL] collector not healthy");
    expect(output).toContain("[FAIL] Prometheus not ready");
    expect(output).toContain("[FAIL] Loki not reachable");
    expect(output).toContain("NOTE: probe skipped");
  });

  it("takes endpoints from CC_OTEL_DOCTOR_* variables", async () => {
    const { output } = await main(["--no-probe", "--home=/nonexistent"], {
      CC_OTEL_DOCTOR_COLLECTOR_HEALTH: "http://127.0.0.1:9/health-from-env",
    });
    expect(output).toContain("http://127.0.0.1:9/health-from-env");
  });
});
