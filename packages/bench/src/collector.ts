import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  collectorBinary,
  freePorts,
  type ServerProcess,
  STACK_DIR,
  startServer,
  waitForHttp,
} from "@cc-otel/harness";

/**
 * The real collector binary (the harness's cached build) started with stack/collector/config.yaml
 * plus the benchmark's overlays in packages/bench/collector, without Prometheus or Loki: every
 * variant exports to `nop`.
 */

export const BASE_CONFIG = join(STACK_DIR, "collector/config.yaml");
let baseConfig = BASE_CONFIG;

/** Benchmark another collector config instead of stack/collector/config.yaml (e.g. a proposal). */
export function useBaseConfig(file: string): void {
  baseConfig = file;
}

type Pipelines = Record<string, { receivers: string[]; processors?: string[]; exporters: string[] }>;

export interface Variant {
  readonly name: string;
  /** Config files merged after config.yaml, in order (generated: see `variants`). */
  readonly overlays: readonly string[];
  /**
   * A whole config run INSTEAD of config.yaml (an anchor's, see anchors.ts), the overlays merged
   * after it. It has no health_check: the collector is ready once its OTLP/HTTP receiver answers.
   */
  readonly base?: string;
}

/** Environment config.yaml reads, with local endpoints. */
function collectorEnv(ports: number[], queueDir: string): Record<string, string> {
  const [grpc, http, health, self] = ports;
  return {
    CC_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    CC_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    CC_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    CC_OTEL_SELF_METRICS_HOST: "127.0.0.1",
    CC_OTEL_SELF_METRICS_PORT: String(self),
    CC_OTEL_QUEUE_DIR: queueDir,
    // Not used (every pipeline exports to nop), but config.yaml's exporters are still configured.
    CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: "http://127.0.0.1:9/api/v1/write",
    CC_OTEL_LOKI_OTLP_URL: "http://127.0.0.1:9/otlp",
  };
}

const UNUSED_ENV = () => collectorEnv([1, 2, 3, 4], join(tmpdir(), "cc-otel-bench-unused"));
const configArgs = (overlays: readonly string[], base = baseConfig) =>
  [base, ...overlays].map((f) => `--config=${f}`);

/**
 * The configuration the collector would run with these overlays, as the collector itself merges
 * it (`print-config`, JSON).
 */
export function mergedConfig(
  overlays: readonly string[] = [],
  base?: string,
): {
  service: { pipelines: Pipelines };
  connectors?: Record<string, unknown>;
} {
  const out = execFileSync(
    collectorBinary(),
    ["print-config", "--format=json", ...configArgs(overlays, base)],
    {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...UNUSED_ENV() },
    },
  );
  return JSON.parse(out);
}

/** `otelcol validate` on config.yaml plus overlays: null if valid, else the collector's error. */
export function validate(overlays: readonly string[], base?: string): string | null {
  try {
    execFileSync(collectorBinary(), ["validate", ...configArgs(overlays, base)], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...UNUSED_ENV() },
    });
    return null;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    return e.stderr || e.message;
  }
}

/** One line per pipeline: `logs: otlp -> [memory_limiter, batch] -> nop`. */
export function describePipelines(pipelines: Pipelines): string[] {
  return Object.entries(pipelines)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([name, p]) =>
        `${name}: ${p.receivers.join(",")} -> [${(p.processors ?? []).join(", ")}] -> ${p.exporters.join(",")}`,
    );
}

export interface Variants {
  /** config.yaml's pipelines as they are (read from the collector, so never out of date). */
  readonly base: Pipelines;
  readonly connectors: ReadonlySet<string>;
  /** config.yaml's pipelines and processors unchanged; every exporter that is not a connector is nop. */
  readonly full: Variant;
  /**
   * Per signal, ONE pipeline from the OTLP receiver straight to nop with only `batch`; every other
   * pipeline (connector branches, a second entry pipeline of the same signal) is idled: nop
   * receiver, no processors, nop exporter, since a merged overlay cannot delete a pipeline.
   */
  readonly passThrough: Variant;
  /** Every processor name used in config.yaml's pipelines, in pipeline order. */
  readonly processors: readonly string[];
  /** The full variant without one processor, in every pipeline that has it. */
  without(processor: string): Variant;
  /** Pipelines fed by a connector (branches such as event counting). */
  readonly branches: readonly string[];
  /**
   * The full variant with one branch idled, with the pipelines only it fed; null if the rest is not
   * a valid graph (a pipeline left without exporters).
   */
  withoutBranch(pipeline: string): Variant | null;
  /** The full pipelines with one connector taken out of every pipeline that exports to or reads from it. */
  withoutConnector(connector: string): Variant;
}

const IDLE = { receivers: ["nop"], processors: [], exporters: ["nop"] };

/**
 * The benchmark's variants, generated as overlay files in `dir` from config.yaml's pipelines as
 * the collector reads them: lists replace on merge, so each overlay sets the full lists it needs.
 * Generated rather than kept as files so they follow config.yaml whatever its pipelines become.
 */
export function variants(dir: string): Variants {
  const cfg = mergedConfig();
  const base = cfg.service.pipelines;
  const connectors = new Set(Object.keys(cfg.connectors ?? {}));
  const entries = Object.entries(base);
  const toNop = (exporters: string[]) => [...new Set(exporters.map((e) => (connectors.has(e) ? e : "nop")))];
  const write = (name: string, overlay: unknown) => {
    const file = join(dir, `${name.replace(/[^a-z0-9-]+/gi, "_")}.yaml`);
    // JSON is YAML: the collector reads it as a config file.
    writeFileSync(file, `${JSON.stringify(overlay, null, 2)}\n`);
    return file;
  };
  const overlay = (pipelines: Record<string, unknown>) => ({
    receivers: { nop: {} },
    exporters: { nop: {} },
    service: { pipelines },
  });
  const fullPipelines = (processorsOf: (p: string[]) => string[]) =>
    Object.fromEntries(
      entries.map(([name, p]) => [
        name,
        { ...p, exporters: toNop(p.exporters), processors: processorsOf(p.processors ?? []) },
      ]),
    );
  const full: Variant = { name: "full", overlays: [write("full", overlay(fullPipelines((p) => p)))] };

  // Pass-through: the first pipeline of each loaded signal that reads from a real receiver. The load
  // is metrics and logs: a traces pipeline (config.yaml has one since the traces beta) stays idle
  // like the other branches.
  const entry = new Map<string, string>();
  for (const [name, p] of [...entries].sort(([a], [b]) => a.length - b.length || a.localeCompare(b))) {
    const signal = name.split("/")[0] as string;
    if (signal !== "metrics" && signal !== "logs") continue;
    if (!entry.has(signal) && p.receivers.some((r) => !connectors.has(r))) entry.set(signal, name);
  }
  const entryNames = new Set(entry.values());
  const passThrough: Variant = {
    name: "pass-through",
    overlays: [
      write(
        "pass-through",
        overlay(
          Object.fromEntries(
            entries.map(([name, p]) => [
              name,
              entryNames.has(name)
                ? {
                    receivers: p.receivers.filter((r) => !connectors.has(r)),
                    processors: ["batch"],
                    exporters: ["nop"],
                  }
                : IDLE,
            ]),
          ),
        ),
      ),
    ],
  };

  const branches = entries.filter(([, p]) => p.receivers.some((r) => connectors.has(r))).map(([n]) => n);
  const withoutBranch = (start: string): Variant | null => {
    const idle = new Set([start]);
    const live = (n: string) => !idle.has(n);
    // Pipelines fed only through connectors that no live pipeline exports to are idled too.
    for (let changed = true; changed; ) {
      changed = false;
      for (const [name, p] of entries) {
        if (idle.has(name) || p.receivers.some((r) => !connectors.has(r))) continue;
        const fed = p.receivers.some((c) => entries.some(([n, q]) => live(n) && q.exporters.includes(c)));
        if (!fed) {
          idle.add(name);
          changed = true;
        }
      }
    }
    const pipelines: Record<string, unknown> = {};
    for (const [name, p] of entries) {
      if (idle.has(name)) {
        pipelines[name] = IDLE;
        continue;
      }
      const exporters = toNop(
        p.exporters.filter(
          (e) => !connectors.has(e) || entries.some(([n, q]) => live(n) && q.receivers.includes(e)),
        ),
      );
      if (!exporters.length) return null;
      pipelines[name] = { ...p, exporters };
    }
    const name = `full without ${[...idle].join(" + ")}`;
    return { name, overlays: [write(`without-branch-${start}`, overlay(pipelines))] };
  };

  return {
    base,
    connectors,
    full,
    passThrough,
    processors: [...new Set(entries.flatMap(([, p]) => p.processors ?? []))],
    without: (processor) => ({
      name: `full without ${processor}`,
      overlays: [
        write(`without-${processor}`, overlay(fullPipelines((p) => p.filter((x) => x !== processor)))),
      ],
    }),
    branches,
    withoutBranch,
    withoutConnector: (connector) => {
      if (!connectors.has(connector)) throw new Error(`config.yaml has no connector ${connector}`);
      const pipelines = Object.fromEntries(
        entries.map(([name, p]) => [
          name,
          {
            ...p,
            receivers: p.receivers.filter((r) => r !== connector),
            exporters: toNop(p.exporters.filter((e) => e !== connector)),
          },
        ]),
      );
      return {
        name: `full without ${connector}`,
        overlays: [write(`without-connector-${connector}`, overlay(pipelines))],
      };
    },
  };
}

export interface BenchCollector {
  readonly httpEndpoint: string;
  /** `http://127.0.0.1:<port>`, as an OTLP/gRPC client takes it. */
  readonly grpcEndpoint: string;
  readonly selfMetricsUrl: string;
  readonly server: ServerProcess;
  /** The collector's own pid: the harness's child is the `timeout` wrapper around it. */
  readonly pid: number;
  stop(): Promise<void>;
}

export async function startBenchCollector(
  v: Variant,
  opts: { maxSeconds?: number } = {},
): Promise<BenchCollector> {
  const workDir = mkdtempSync(join(tmpdir(), "cc-otel-bench-collector-"));
  const ports = await freePorts(4);
  const server = startServer({
    name: `otelcol-${v.name}`,
    command: collectorBinary(),
    args: configArgs(v.overlays, v.base),
    env: collectorEnv(ports, join(workDir, "queue")),
    logFile: join(workDir, "collector.log"),
    maxSeconds: opts.maxSeconds ?? 600,
  });
  const stopAndClean = async () => {
    await server.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const isAlive = () => server.child.exitCode === null;
    if (v.base) await waitForAnswer(`http://127.0.0.1:${ports[1]}/`, v.name, isAlive);
    else
      await waitForHttp(`http://127.0.0.1:${ports[2]}/`, {
        name: `collector (${v.name})`,
        isAlive,
        timeoutMs: 60_000,
      });
    const pid = await server.serverPid();
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    if (!comm.startsWith("otelcol")) throw new Error(`child of timeout is '${comm}', not the collector`);
    return {
      httpEndpoint: `http://127.0.0.1:${ports[1]}`,
      grpcEndpoint: `http://127.0.0.1:${ports[0]}`,
      selfMetricsUrl: `http://127.0.0.1:${ports[3]}/metrics`,
      server,
      pid,
      stop: stopAndClean,
    };
  } catch (err) {
    const log = (() => {
      try {
        return server.log().slice(-3000);
      } catch {
        return "";
      }
    })();
    await stopAndClean();
    throw new Error(`${(err as Error).message}\n--- collector.log ---\n${log}`);
  }
}

/**
 * Until the server at `url` answers HTTP at all (any status): the collector starts its receivers
 * after every processor and exporter, so an answering OTLP/HTTP receiver means the pipelines are up.
 */
async function waitForAnswer(url: string, name: string, isAlive: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`collector (${name}) exited before becoming ready`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`collector (${name}) not answering on ${url} after 60 s`);
}

let clockTicks: number | undefined;

/** utime + stime of a process (all its threads), in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number | "self"): number {
  clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** VmHWM (peak resident set) and VmRSS of a process, in MiB. */
export function memoryMiB(pid: number): { hwm: number; rss: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) =>
    Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
  return { hwm: kb("VmHWM") / 1024, rss: kb("VmRSS") / 1024 };
}

/** Prometheus text exposition -> sum of every series of each metric name matching `filter`. */
export async function scrape(url: string): Promise<Map<string, { labels: string; value: number }[]>> {
  const text = await (await fetch(url)).text();
  const out = new Map<string, { labels: string; value: number }[]>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!m?.[1] || !m[3]) continue;
    const list = out.get(m[1]) ?? [];
    list.push({ labels: m[2] ?? "", value: Number(m[3]) });
    out.set(m[1], list);
  }
  return out;
}

export function sumOf(
  metrics: Map<string, { labels: string; value: number }[]>,
  name: string,
  labelFilter = "",
): number {
  return (metrics.get(name) ?? [])
    .filter((s) => s.labels.includes(labelFilter))
    .reduce((a, s) => a + s.value, 0);
}
