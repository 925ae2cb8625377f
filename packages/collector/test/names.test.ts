import { REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  COLLECTOR,
  CONFIG_PATH,
  CONNECTOR,
  EXPORTER,
  EXTENSION,
  PIPELINE,
  PROCESSOR,
  RECEIVER,
  SELF_METRIC_PREFIX,
  SELF_METRICS,
  SELF_METRICS_TARGET,
} from "../src/index.js";

// The names the alerts, the doctor, the harness and the docs read must be the ones the stack's
// files define: a component renamed in config.yaml, or a scrape job renamed in prometheus.yml, fails
// here instead of leaving an alert that silently never fires.

const read = (path: string): string => {
  const text = readRepoFile(path, REPO_ROOT);
  if (text === undefined) throw new Error(`${path} is missing`);
  return text;
};

interface CollectorConfig {
  receivers?: Record<string, unknown>;
  processors?: Record<string, unknown>;
  connectors?: Record<string, unknown>;
  exporters?: Record<string, unknown>;
  extensions?: Record<string, unknown>;
  service?: {
    extensions?: string[];
    pipelines?: Record<string, { receivers?: string[]; processors?: string[]; exporters?: string[] }>;
  };
}

const SECTIONS = {
  receivers: RECEIVER,
  processors: PROCESSOR,
  connectors: CONNECTOR,
  exporters: EXPORTER,
  extensions: EXTENSION,
} as const;
type Section = keyof typeof SECTIONS;

/** Defined in the config only through an overlay (stack/collector/traces.yaml). */
const OVERLAY_ONLY = new Set<string>([EXPORTER.traces]);

/**
 * What the constants and a collector config disagree on: ids the constants name that the config
 * does not define (`missing`), and ids the config defines that the constants do not name (`unnamed`).
 */
function differences(configText: string): { missing: string[]; unnamed: string[] } {
  const cfg = parse(configText) as CollectorConfig;
  const missing: string[] = [];
  const unnamed: string[] = [];
  for (const section of Object.keys(SECTIONS) as Section[]) {
    const defined = Object.keys(cfg[section] ?? {});
    const named: string[] = Object.values(SECTIONS[section]);
    for (const id of named)
      if (!defined.includes(id) && !OVERLAY_ONLY.has(id)) missing.push(`${section}.${id}`);
    for (const id of defined) if (!named.includes(id)) unnamed.push(`${section}.${id}`);
  }
  const pipelines = Object.keys(cfg.service?.pipelines ?? {});
  for (const id of Object.values(PIPELINE)) if (!pipelines.includes(id)) missing.push(`pipelines.${id}`);
  for (const id of pipelines)
    if (!(Object.values(PIPELINE) as string[]).includes(id)) unnamed.push(`pipelines.${id}`);
  return { missing, unnamed };
}

const config = read(CONFIG_PATH);

describe("the collector's component ids", () => {
  it(`are exactly the components ${CONFIG_PATH} defines`, () => {
    expect(differences(config)).toEqual({ missing: [], unnamed: [] });
  });

  it("a renamed component is caught, whichever way", () => {
    const renamed = config.replace(/^ {2}otlp_http\/loki:/m, "  otlphttp/loki:");
    expect(renamed).not.toBe(config);
    expect(differences(renamed)).toEqual({
      missing: [`exporters.${EXPORTER.loki}`],
      unnamed: ["exporters.otlphttp/loki"],
    });
  });

  it("are each used: in a pipeline, or as an extension the service runs", () => {
    const cfg = parse(config) as CollectorConfig;
    const pipelines = Object.values(cfg.service?.pipelines ?? {});
    const used = new Set([
      ...pipelines.flatMap((p) => [...(p.receivers ?? []), ...(p.processors ?? []), ...(p.exporters ?? [])]),
      ...(cfg.service?.extensions ?? []),
    ]);
    const ids = [RECEIVER, PROCESSOR, CONNECTOR, EXPORTER, EXTENSION].flatMap((s) => Object.values(s));
    expect(ids.filter((id) => !used.has(id) && !OVERLAY_ONLY.has(id))).toEqual([]);
  });

  it("the traces exporter is the one stack/collector/traces.yaml defines and sends traces to", () => {
    const overlay = parse(read("stack/collector/traces.yaml")) as CollectorConfig;
    expect(Object.keys(overlay.exporters ?? {})).toEqual([EXPORTER.traces]);
    expect(overlay.service?.pipelines?.[PIPELINE.traces]?.exporters).toEqual([EXPORTER.traces]);
  });

  it("the ports are the config's defaults", () => {
    const cfg = parse(config) as {
      extensions: Record<string, { endpoint: string }>;
      service: {
        telemetry: { metrics: { readers: { pull: { exporter: { prometheus: { port: string } } } }[] } };
      };
    };
    expect(cfg.extensions[EXTENSION.health]?.endpoint).toMatch(
      new RegExp(`:-[0-9.]+:${COLLECTOR.healthPort}\\}$`),
    );
    const pull = cfg.service.telemetry.metrics.readers[0]?.pull.exporter.prometheus;
    expect(pull?.port).toBe(`\${env:CC_OTEL_SELF_METRICS_PORT:-${COLLECTOR.selfMetricsPort}}`);
  });
});

describe("where the collector runs", () => {
  it("Prometheus scrapes its self-metrics under the job name, at the service's self-metrics port", () => {
    const prom = parse(read("stack/prometheus/prometheus.yml")) as {
      scrape_configs: { job_name: string; static_configs: { targets: string[] }[] }[];
    };
    const job = prom.scrape_configs.find((s) => s.job_name === COLLECTOR.job);
    expect(job, `no scrape job ${COLLECTOR.job}`).toBeDefined();
    expect(job?.static_configs.flatMap((c) => c.targets)).toEqual([SELF_METRICS_TARGET]);
  });

  it("compose runs it as the service, publishing the health and self-metrics ports", () => {
    const compose = parse(read("stack/compose.yaml")) as { services: Record<string, { ports?: string[] }> };
    const ports = compose.services[COLLECTOR.service]?.ports ?? [];
    for (const port of [COLLECTOR.healthPort, COLLECTOR.selfMetricsPort])
      expect(
        ports.some((p) => p.endsWith(`:${port}:${port}`)),
        `${COLLECTOR.service} publishes ${port}`,
      ).toBe(true);
  });
});

describe("self-metric names", () => {
  it("are the collector's (otelcol_), without the _total suffix the pinned collector does not add, each once", () => {
    const names = Object.values(SELF_METRICS);
    for (const n of names) {
      expect(n.startsWith(SELF_METRIC_PREFIX), n).toBe(true);
      expect(n).toMatch(/^[a-z_]+$/);
      expect(n).not.toMatch(/_total$/);
    }
    expect(new Set(names).size).toBe(names.length);
  });
});
