import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  collectorBinary,
  freePorts,
  prometheusBinaries,
  type ServerProcess,
  STACK_DIR,
  startServer,
  waitForHttp,
} from "@cc-otel/harness";

/** Runs the real promtool (built by scripts/servers/build-prometheus.sh, cached). */
export function promtool(args: string[], cwd?: string): { status: number | null; output: string } {
  const { promtool: bin } = prometheusBinaries();
  const res = spawnSync(bin, args, { encoding: "utf8", cwd, timeout: 300_000 });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}

/**
 * A lone real collector with the stack's config and extra environment, its exporters pointed at
 * `backend` (nothing needs to listen there). For self-metrics the native stack cannot produce
 * without breaking itself, e.g. memory-limiter refusals.
 */
export async function startLoneCollector(env: Record<string, string>, backend = "http://127.0.0.1:9") {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-lone-collector-"));
  const [http, health, metrics, grpc] = (await freePorts(4)) as [number, number, number, number];
  const proc: ServerProcess = startServer({
    name: "otelcol-lone",
    command: collectorBinary(),
    args: [`--config=${join(STACK_DIR, "collector/config.yaml")}`],
    env: {
      CC_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
      CC_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
      CC_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
      CC_OTEL_SELF_METRICS_HOST: "127.0.0.1",
      CC_OTEL_SELF_METRICS_PORT: String(metrics),
      CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: `${backend}/api/v1/write`,
      CC_OTEL_LOKI_OTLP_URL: `${backend}/otlp`,
      CC_OTEL_QUEUE_DIR: join(dir, "queue"),
      ...env,
    },
    logFile: join(dir, "collector.log"),
    maxSeconds: 600,
  });
  await waitForHttp(`http://127.0.0.1:${health}/`, {
    name: "lone collector",
    isAlive: () => proc.child.exitCode === null,
    timeoutMs: 60_000,
  });
  return {
    httpEndpoint: `http://127.0.0.1:${http}`,
    selfMetricsUrl: `http://127.0.0.1:${metrics}/metrics`,
    async stop() {
      await proc.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Metric names (families) in a Prometheus text exposition. */
export function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split("\n")) {
    const m = line.match(/^# TYPE (\S+) /);
    if (m?.[1]) names.add(m[1]);
  }
  return names;
}

export { eventually } from "@cc-otel/harness";
