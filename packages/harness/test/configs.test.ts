import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COLLECTOR, CONNECTOR, EXPORTER, PIPELINE, PROCESSOR, RECEIVER } from "@cc-otel/collector/names";
import {
  CLI_DEFAULTS,
  EVENT_COUNT,
  EVENT_NAMES,
  eventMetricsConnector,
  knownEventNamePattern,
  privacyProcessor,
  STREAM_START,
} from "@cc-otel/contract";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { collectorBinary, prometheusBinaries } from "../src/binaries.js";
import { STACK_DIR } from "../src/paths.js";
import { renderPrometheusConfig } from "../src/stack.js";

const collectorConfig = join(STACK_DIR, "collector/config.yaml");
const { memoryLimiter, privacy, limits, compact, count, deltaToCumulative, streamStart, batch } = PROCESSOR;
const { eventCount, eventMetrics } = CONNECTOR;
const OTLP_HTTP_PORT = CLI_DEFAULTS.otlpPorts["http/protobuf"];

describe("collector config", () => {
  it("is valid for the real collector binary, with compose's environment and without any", () => {
    const bin = collectorBinary();
    for (const env of [
      {},
      {
        CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: "http://prometheus:9090/api/v1/write",
        CC_OTEL_LOG_CONTENT: "true",
      },
    ]) {
      const res = spawnSync(bin, ["validate", `--config=${collectorConfig}`], {
        env: { ...process.env, ...env },
        encoding: "utf8",
      });
      expect(res.status, res.stderr).toBe(0);
    }
  });

  it("rejects a broken config at start-up with a clear error", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-cfg-"));
    const broken = join(dir, "broken.yaml");
    writeFileSync(
      broken,
      readFileSync(collectorConfig, "utf8").replace(
        `${deltaToCumulative}:`,
        `${deltaToCumulative.slice(0, -1)}:`,
      ),
    );
    const res = spawnSync(collectorBinary(), ["validate", `--config=${broken}`], { encoding: "utf8" });
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain(deltaToCumulative.slice(0, -1));
  });

  it("applies the contract's privacy rules to events and traces, exactly as rendered from it, before anything is cut", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8")) as {
      processors: Record<string, unknown>;
      service: { pipelines: Record<string, { processors: string[] }> };
    };
    // The block is generated from packages/contract/src/content.ts: regenerate it, never edit it.
    expect(cfg.processors[privacy]).toEqual(privacyProcessor());
    for (const pipeline of [PIPELINE.logs, PIPELINE.traces])
      expect(cfg.service.pipelines[pipeline]?.processors.slice(0, 3), pipeline).toEqual([
        memoryLimiter,
        privacy,
        limits,
      ]);
  });

  it("accepts traces and drops them unless the traces overlay names a backend", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8"));
    expect(cfg.service.pipelines[PIPELINE.traces].receivers).toEqual([RECEIVER.otlp]);
    expect(cfg.service.pipelines[PIPELINE.traces].exporters).toEqual([EXPORTER.tracesDropped]);
    const overlay = parse(readFileSync(join(STACK_DIR, "collector/traces.yaml"), "utf8"));
    expect(overlay.service).toEqual({ pipelines: { [PIPELINE.traces]: { exporters: [EXPORTER.traces] } } });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
    expect(overlay.exporters[EXPORTER.traces].endpoint).toBe("${env:CC_OTEL_TRACES_OTLP_URL}");
    expect(parse(readFileSync(join(STACK_DIR, "collector/traces-off.yaml"), "utf8"))).toEqual({});
    const bin = collectorBinary();
    const withTraces = (env: Record<string, string>) =>
      spawnSync(
        bin,
        ["validate", `--config=${collectorConfig}`, `--config=${join(STACK_DIR, "collector/traces.yaml")}`],
        { env: { ...process.env, ...env }, encoding: "utf8" },
      );
    const ok = withTraces({ CC_OTEL_TRACES_OTLP_URL: `http://jaeger:${OTLP_HTTP_PORT}` });
    expect(ok.status, ok.stderr).toBe(0);
    const missing = withTraces({ CC_OTEL_TRACES_OTLP_URL: "" });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(`${EXPORTER.traces}: at least one endpoint must be specified`);
  });

  it("counts events into the metric the contract (and the API error alert) names, by event.name only", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8")) as {
      connectors: Record<string, { logs: unknown }>;
      service: {
        pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }>;
      };
    };
    const counts = cfg.connectors[eventCount]?.logs as Record<string, { attributes: { key: string }[] }>;
    expect(Object.entries(counts).map(([name, def]) => [name, def.attributes.map((a) => a.key)])).toEqual([
      [EVENT_COUNT.name, [EVENT_COUNT.attribute]],
    ]);
    // The event aggregates are the contract's, rendered (pnpm generate).
    expect(cfg.connectors[eventMetrics]).toEqual(eventMetricsConnector());
    expect(Object.keys(cfg.connectors).sort()).toEqual([eventCount, eventMetrics].sort());
    // Exact counts need one delta per series per batch, stamped in batch order (see config.yaml):
    // the counts of one batch are merged per resource, summed per series, then stamped. The
    // aggregates take the same path.
    const counting = Object.values(cfg.service.pipelines).find((p) => p.receivers.includes(eventCount));
    expect(counting?.receivers).toEqual([eventCount, eventMetrics]);
    expect(counting?.processors).toEqual([compact, count, deltaToCumulative, streamStart, batch]);
    // Events pass ONE memory_limiter and ONE batch, and each batch goes to Loki and to counting:
    // two limiters could disagree on a request, and the client's retry would deliver or count it
    // twice.
    const events = Object.entries(cfg.service.pipelines).filter(
      ([name]) => name.split("/")[0] === PIPELINE.logs,
    );
    expect(events).toEqual([
      [
        PIPELINE.logs,
        {
          receivers: [RECEIVER.otlp],
          processors: [memoryLimiter, privacy, limits, batch],
          exporters: [EXPORTER.loki, eventCount, eventMetrics],
        },
      ],
    ]);
    // Names outside the contract are counted as "other": the list in the config is the contract's.
    const text = readFileSync(collectorConfig, "utf8");
    const listed = /IsMatch\(datapoint\.attributes\["event\.name"\], "(\^\([a-z_|]+\)\$)"\)/.exec(text)?.[1];
    expect(listed).toBe(knownEventNamePattern());
    expect(listed?.slice(2, -2).split("|").sort()).toEqual([...EVENT_NAMES].sort());
  });

  it("labels every running total with its start (the contract's STREAM_START), right after it is made", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8")) as {
      processors: Record<string, { metric_statements?: { statements: string[] }[] }>;
      service: { pipelines: Record<string, { processors: string[] }> };
    };
    expect(cfg.processors[streamStart]?.metric_statements?.flatMap((s) => s.statements)).toEqual([
      `set(datapoint.attributes["${STREAM_START.attribute}"], datapoint.start_time_unix_nano)`,
    ]);
    const converting = Object.entries(cfg.service.pipelines).filter(([, p]) =>
      p.processors.includes(deltaToCumulative),
    );
    expect(converting.map(([name]) => name).sort()).toEqual([PIPELINE.metrics, PIPELINE.eventMetrics].sort());
    for (const [name, p] of converting)
      expect(p.processors[p.processors.indexOf(deltaToCumulative) + 1], name).toBe(streamStart);
  });

  it("reads every backend endpoint from the environment", () => {
    const cfg = parse(readFileSync(collectorConfig, "utf8"));
    expect(cfg.exporters[EXPORTER.prometheus].endpoint).toMatch(
      /^\$\{env:CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL/,
    );
    expect(cfg.exporters[EXPORTER.loki].endpoint).toMatch(/^\$\{env:CC_OTEL_LOKI_OTLP_URL/);
    // delta->cumulative must come after session.id removal, so sessions of a user share a stream.
    const procs: string[] = cfg.service.pipelines[PIPELINE.metrics].processors;
    expect(procs[0]).toBe(memoryLimiter);
    expect(procs.indexOf(PROCESSOR.cardinality)).toBeLessThan(procs.indexOf(deltaToCumulative));
    // ...and cumulative input must become per-session deltas before session.id goes.
    expect(procs.indexOf(PROCESSOR.cumulativeToDelta)).toBeLessThan(procs.indexOf(PROCESSOR.cardinality));
  });
});

describe("prometheus config", () => {
  it("passes promtool check config, as shipped and as the harness renders it", () => {
    const { promtool } = prometheusBinaries();
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-prom-"));
    const file = join(dir, "prometheus.yml");
    writeFileSync(file, renderPrometheusConfig(`127.0.0.1:${COLLECTOR.selfMetricsPort}`));
    const res = spawnSync(promtool, ["check", "config", file], { encoding: "utf8" });
    expect(res.status, res.stdout + res.stderr).toBe(0);
  });
});

describe("compose's collector command", () => {
  const compose = () =>
    parse(readFileSync(join(STACK_DIR, "compose.yaml"), "utf8")) as {
      services: Record<string, { command: string[]; volumes: string[]; environment: Record<string, string> }>;
    };
  const validate = (overlays: string[], env: Record<string, string> = {}) =>
    spawnSync(
      collectorBinary(),
      [
        "validate",
        `--config=${collectorConfig}`,
        ...overlays.map((o) => `--config=${join(STACK_DIR, `collector/${o}.yaml`)}`),
      ],
      { env: { ...process.env, ...env }, encoding: "utf8" },
    );
  const TLS_ENV = { CC_OTEL_TLS_CERT_FILE: "/certs/tls.crt", CC_OTEL_TLS_KEY_FILE: "/certs/tls.key" };

  it("merges an auth overlay chosen by CC_OTEL_RECEIVER_AUTH (open by default), a TLS overlay chosen by CC_OTEL_RECEIVER_TLS (plain by default), a traces overlay chosen by CC_OTEL_TRACES (off by default) and the backend credentials and tenant chosen by CC_OTEL_BACKEND_AUTH and CC_OTEL_BACKEND_TENANT (off by default)", () => {
    const svc = compose().services[COLLECTOR.service];
    if (!svc) throw new Error(`compose has no ${COLLECTOR.service} service`);
    expect(svc.command).toEqual([
      "--config=/etc/otelcol/config.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_RECEIVER_AUTH:-open}.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_RECEIVER_TLS:-plain}.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_TRACES:-traces-off}.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_BACKEND_AUTH:-backend-auth-off}.yaml",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: compose interpolates this, not JS
      "--config=/etc/otelcol/${CC_OTEL_BACKEND_TENANT:-backend-tenant-off}.yaml",
    ]);
    for (const overlay of [
      "open",
      "auth",
      "plain",
      "tls",
      "traces-off",
      "traces",
      "backend-auth-off",
      "backend-auth",
      "backend-tenant-off",
      "backend-tenant",
    ])
      expect(svc.volumes).toContain(`./collector/${overlay}.yaml:/etc/otelcol/${overlay}.yaml:ro`);
    // The bundled backends unless stack/.env names others (for which the backend overlays exist).
    expect(svc.environment.CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL).toBe(
      `\${CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL:-http://prometheus:9090/api/v1/write}`,
    );
    expect(svc.environment.CC_OTEL_LOKI_OTLP_URL).toBe(`\${CC_OTEL_LOKI_OTLP_URL:-http://loki:3100/otlp}`);
    // traces.yaml sends to the `traces` profile's Jaeger unless stack/.env names another backend.
    expect(svc.environment.CC_OTEL_TRACES_OTLP_URL).toBe(
      `\${CC_OTEL_TRACES_OTLP_URL:-http://jaeger:${OTLP_HTTP_PORT}}`,
    );
  });

  it("hands tls.yaml the copies of stack/tls/tls.crt and tls.key that healthtools makes for the collector's user", () => {
    const { healthtools, [COLLECTOR.service]: collector } = compose().services;
    if (!healthtools || !collector) throw new Error("compose lacks the healthtools or collector service");
    expect(collector.environment).toMatchObject({
      CC_OTEL_TLS_CERT_FILE: "/etc/otelcol-tls/tls.crt",
      CC_OTEL_TLS_KEY_FILE: "/etc/otelcol-tls/tls.key",
    });
    expect(collector.volumes).toContain("collector-tls:/etc/otelcol-tls:ro");
    expect(healthtools.volumes).toEqual(
      expect.arrayContaining(["./tls:/tls-source:ro", "collector-tls:/tls"]),
    );
    const script = healthtools.command.at(-1) ?? "";
    // Only these three files leave stack/tls (not a CA key kept beside them), owned by 10001, private.
    expect(script).toContain("for f in tls.crt tls.key client-ca.crt; do");
    expect(script).toContain("chown -R 10001:10001 /tls && chmod -R u=rX,go= /tls");
    // The bind-mounted directory exists in a fresh clone, and its certificates and keys are git-ignored.
    const ignore = readFileSync(join(STACK_DIR, "tls/.gitignore"), "utf8").split("\n");
    expect(ignore).toEqual(expect.arrayContaining(["*", "!.gitignore", "!README.md"]));
  });

  it("plain.yaml, open.yaml and traces-off.yaml are empty overlays", () => {
    for (const overlay of ["open", "plain", "traces-off"])
      expect(parse(readFileSync(join(STACK_DIR, `collector/${overlay}.yaml`), "utf8"))).toEqual({});
  });

  it("is valid for the real collector with either auth overlay; auth refuses to start without a token", () => {
    expect(validate(["open", "plain"]).status, validate(["open", "plain"]).stderr).toBe(0);
    expect(validate(["auth", "plain"], { CC_OTEL_RECEIVER_TOKEN: "s3cret" }).status).toBe(0);
    const noToken = validate(["auth", "plain"], { CC_OTEL_RECEIVER_TOKEN: "" });
    expect(noToken.status).not.toBe(0);
  });

  it("is valid with tls.yaml alone and with auth.yaml + tls.yaml, in either order; mTLS is optional", () => {
    for (const overlays of [
      ["open", "tls"],
      ["auth", "tls"],
      ["tls", "auth"],
    ]) {
      const res = validate(overlays, { ...TLS_ENV, CC_OTEL_RECEIVER_TOKEN: "s3cret" });
      expect(res.status, `${overlays}: ${res.stderr}`).toBe(0);
    }
    const mtls = validate(["auth", "tls"], {
      ...TLS_ENV,
      CC_OTEL_RECEIVER_TOKEN: "s3cret",
      CC_OTEL_TLS_CLIENT_CA_FILE: "/certs/client-ca.crt",
    });
    expect(mtls.status, mtls.stderr).toBe(0);
  });

  it("tls.yaml refuses to start without a certificate and key, naming what is missing", () => {
    const env = { ...process.env };
    delete env.CC_OTEL_TLS_CERT_FILE;
    delete env.CC_OTEL_TLS_KEY_FILE;
    const unset = spawnSync(
      collectorBinary(),
      ["validate", `--config=${collectorConfig}`, `--config=${join(STACK_DIR, "collector/tls.yaml")}`],
      { env, encoding: "utf8" },
    );
    expect(unset.status).not.toBe(0);
    expect(unset.stderr).toMatch(/must include both certificate and key/);
    const keyMissing = validate(["tls"], { ...TLS_ENV, CC_OTEL_TLS_KEY_FILE: "" });
    expect(keyMissing.status).not.toBe(0);
    expect(keyMissing.stderr).toMatch(/must include both certificate and key/);
  });

  it("tls.yaml holds no list, so merging it cannot replace one of config.yaml or auth.yaml", () => {
    const lists: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) lists.push(path);
      else if (v && typeof v === "object")
        for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    };
    const tls = parse(readFileSync(join(STACK_DIR, "collector/tls.yaml"), "utf8"));
    walk(tls, "");
    expect(lists).toEqual([]);
    expect(Object.keys(tls)).toEqual(["receivers"]);
    for (const protocol of ["grpc", "http"]) {
      expect(tls.receivers.otlp.protocols[protocol].tls).toEqual({
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
        cert_file: "${env:CC_OTEL_TLS_CERT_FILE}",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
        key_file: "${env:CC_OTEL_TLS_KEY_FILE}",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
        client_ca_file: "${env:CC_OTEL_TLS_CLIENT_CA_FILE:-}",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
        reload_interval: "${env:CC_OTEL_TLS_RELOAD_INTERVAL:-1h}",
      });
    }
  });
});
