import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { SELF_METRICS_TARGET } from "@cc-otel/collector/names";
import bcrypt from "bcryptjs";
import { parse, stringify } from "yaml";
import { collectorBinary, prometheusBinaries } from "./binaries.js";
import { type Jaeger, startJaeger } from "./jaeger.js";
import { type LokiStandIn, startLokiStandIn } from "./loki.js";
import { freePorts, waitForHttp, withPortRetry } from "./net.js";
import { STACK_DIR } from "./paths.js";
import { type ServerProcess, startServer } from "./processes.js";

/**
 * The stack of stack/compose.yaml, natively: the real Collector and Prometheus started with the
 * project's own config files on 127.0.0.1 and free ports. Only endpoints and storage paths differ
 * from compose (they come from environment variables or are rewritten in a copy), so a test that
 * passes here exercises the configuration users run.
 */

export interface NativeStackOptions {
  /** Extra environment for the collector (e.g. CC_OTEL_LOG_CONTENT=true). */
  collectorEnv?: Record<string, string>;
  /** Extra collector config files merged after stack/collector/config.yaml (e.g. auth.yaml). */
  collectorOverlays?: string[];
  /**
   * "jaeger": also start the real Jaeger and merge stack/collector/traces.yaml, so the collector
   * sends Claude Code's traces there (as compose's `traces` profile does). Default: no traces
   * backend; the collector accepts traces and drops them.
   */
  traces?: "jaeger";
  /**
   * Prometheus requires HTTP basic auth on every endpoint (remote write, queries, readiness), as a
   * hosted Prometheus does: its web config (`--web.config.file`, `basic_auth_users`) gets this user
   * with a bcrypt hash of the password made here, never stored. The harness itself and
   * `prometheus.headers` then present the credentials.
   */
  prometheusBasicAuth?: { username: string; password: string };
  /** The Loki stand-in refuses (401) any request without `Authorization: Bearer <token>`. */
  lokiBearerToken?: string;
  /** Keep the work dir (logs, data) after stop, for debugging. */
  keepWorkDir?: boolean;
  /** false: the Loki stand-in counts events without keeping them (benchmarks). Default true. */
  lokiRetain?: boolean;
  /** Upper bound on each server's life, in seconds. */
  maxSeconds?: number;
  quiet?: boolean;
}

export interface NativeStack {
  readonly workDir: string;
  readonly collector: {
    readonly grpcEndpoint: string;
    readonly httpEndpoint: string;
    readonly healthUrl: string;
    readonly selfMetricsUrl: string;
    readonly process: () => ServerProcess;
    restart(): Promise<void>;
    stop(): Promise<void>;
    start(): Promise<void>;
  };
  readonly prometheus: {
    readonly url: string;
    /** What a client of this Prometheus must send: the Authorization of `prometheusBasicAuth`, or nothing. */
    readonly headers: Readonly<Record<string, string>>;
    readonly process: () => ServerProcess;
    /** Stop and start again on the same port and data directory (for outage tests). */
    stop(): Promise<void>;
    start(): Promise<void>;
  };
  readonly loki: LokiStandIn;
  /** With `traces: "jaeger"`. */
  readonly jaeger: Jaeger | undefined;
  stop(): Promise<void>;
}

function say(quiet: boolean | undefined, msg: string): void {
  if (!quiet) process.stderr.write(`[harness] ${msg}\n`);
}

/**
 * The web config file of a Prometheus that requires basic auth from `username`. bcrypt at its lowest
 * cost (4): Prometheus checks the hash on every request, and a test makes many; the strength of a
 * throwaway password is not what is tested.
 */
export function prometheusWebConfig(username: string, password: string): string {
  return stringify({ basic_auth_users: { [username]: bcrypt.hashSync(password, 4) } });
}

/** The Prometheus flags of the compose service, with paths and listen address rewritten. */
export function prometheusArgs(configFile: string, dataDir: string, listen: string): string[] {
  const compose = parse(readFileSync(join(STACK_DIR, "compose.yaml"), "utf8")) as {
    services: { prometheus: { command: string[] } };
  };
  return [
    ...compose.services.prometheus.command.map((arg) =>
      arg.startsWith("--config.file=")
        ? `--config.file=${configFile}`
        : arg.startsWith("--storage.tsdb.path=")
          ? `--storage.tsdb.path=${dataDir}`
          : arg,
    ),
    `--web.listen-address=${listen}`,
  ];
}

/** stack/prometheus/prometheus.yml with the collector target and rule path made local. */
export function renderPrometheusConfig(collectorSelfMetrics: string): string {
  const source = readFileSync(join(STACK_DIR, "prometheus/prometheus.yml"), "utf8");
  const rendered = source
    .replace(`"${SELF_METRICS_TARGET}"`, `"${collectorSelfMetrics}"`)
    .replace("/etc/prometheus/rules/", `${join(STACK_DIR, "prometheus/rules")}/`);
  if (rendered === source)
    throw new Error("prometheus.yml no longer has the collector target the harness rewrites");
  return rendered;
}

/** The collector's error lines so far (its log is JSON-ish text with a tab-separated level). */
export function collectorErrors(c: NativeStack | ExtraCollector): string[] {
  const proc = "collector" in c ? c.collector.process() : c.process;
  return proc
    .log()
    .split("\n")
    .filter((l) => /\terror\t/.test(l));
}

/** Waits for a server's ready URL; on failure the error carries the end of the server's log. */
async function untilReady(
  proc: ServerProcess,
  url: string,
  headers: Record<string, string> = {},
): Promise<void> {
  await waitForHttp(url, {
    name: proc.name,
    headers,
    isAlive: () => proc.child.exitCode === null,
    timeoutMs: 60_000,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n--- ${basename(proc.logFile)} ---\n${proc.log().slice(-3000)}`);
  });
}

interface CollectorPorts {
  grpc: number;
  http: number;
  health: number;
  selfMetrics: number;
}

function collectorUrls(p: CollectorPorts) {
  return {
    grpcEndpoint: `http://127.0.0.1:${p.grpc}`,
    httpEndpoint: `http://127.0.0.1:${p.http}`,
    healthUrl: `http://127.0.0.1:${p.health}/`,
    selfMetricsUrl: `http://127.0.0.1:${p.selfMetrics}/metrics`,
  };
}

/** The environment stack/collector/config.yaml reads: where to listen, the backends, the queue. */
function collectorEnv(
  p: CollectorPorts,
  prometheusUrl: string,
  lokiOtlpUrl: string,
  queueDir: string,
): Record<string, string> {
  return {
    CC_OTEL_OTLP_GRPC_ENDPOINT: `127.0.0.1:${p.grpc}`,
    CC_OTEL_OTLP_HTTP_ENDPOINT: `127.0.0.1:${p.http}`,
    CC_OTEL_HEALTH_ENDPOINT: `127.0.0.1:${p.health}`,
    CC_OTEL_SELF_METRICS_HOST: "127.0.0.1",
    CC_OTEL_SELF_METRICS_PORT: String(p.selfMetrics),
    CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL: `${prometheusUrl}/api/v1/write`,
    CC_OTEL_LOKI_OTLP_URL: lokiOtlpUrl,
    CC_OTEL_QUEUE_DIR: queueDir,
  };
}

/** stack/collector/config.yaml, then the overlays merged over it. */
function collectorConfigArgs(overlays: readonly string[] = []): string[] {
  return [join(STACK_DIR, "collector/config.yaml"), ...overlays].map((f) => `--config=${f}`);
}

export async function startNativeStack(opts: NativeStackOptions = {}): Promise<NativeStack> {
  return withPortRetry(
    () => freePorts(5),
    (ports) => startNativeStackOnPorts(ports as StackPorts, opts),
  );
}

/** OTLP gRPC, OTLP HTTP, collector health, collector self-metrics, Prometheus. */
export type StackPorts = [number, number, number, number, number];

/** The stack on the given ports, without the retry of startNativeStack (for tests of that retry). */
export async function startNativeStackOnPorts(
  [grpc, http, health, selfMetrics, promPort]: StackPorts,
  opts: NativeStackOptions = {},
): Promise<NativeStack> {
  const workDir = mkdtempSync(join(tmpdir(), "cc-otel-stack-"));
  const maxSeconds = opts.maxSeconds ?? 3600;
  const otelcol = collectorBinary();
  const { prometheus: promBin } = prometheusBinaries();

  const loki = await startLokiStandIn({
    retain: opts.lokiRetain ?? true,
    ...(opts.lokiBearerToken === undefined ? {} : { bearerToken: opts.lokiBearerToken }),
  });
  const jaeger = opts.traces === "jaeger" ? await startJaeger({ maxSeconds }) : undefined;
  const tracesOverlay = jaeger ? [join(STACK_DIR, "collector/traces.yaml")] : [];
  const tracesEnv: Record<string, string> = jaeger ? { CC_OTEL_TRACES_OTLP_URL: jaeger.otlpHttpUrl } : {};
  say(
    opts.quiet,
    "WARNING: Loki is a STAND-IN here (OTLP receiver at /otlp/v1/logs), not real Loki — the Loki Go module is AGPL and not available on this machine; events are checked at Loki's ingestion boundary",
  );

  const promDir = join(workDir, "prometheus");
  mkdirSync(promDir, { recursive: true });
  const promConfig = join(workDir, "prometheus.yml");
  writeFileSync(promConfig, renderPrometheusConfig(`127.0.0.1:${selfMetrics}`));
  const promUrl = `http://127.0.0.1:${promPort}`;
  const promArgs = prometheusArgs(promConfig, promDir, `127.0.0.1:${promPort}`);
  const promHeaders: Record<string, string> = {};
  if (opts.prometheusBasicAuth) {
    const { username, password } = opts.prometheusBasicAuth;
    const webConfig = join(workDir, "prometheus-web.yml");
    writeFileSync(webConfig, prometheusWebConfig(username, password));
    promArgs.push(`--web.config.file=${webConfig}`);
    promHeaders.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  }
  let prometheus: ServerProcess | undefined;
  let collector: ServerProcess | undefined;
  const startPrometheus = async () => {
    const proc = startServer({
      name: "prometheus",
      command: promBin,
      args: promArgs,
      logFile: join(workDir, "prometheus.log"),
      maxSeconds,
    });
    prometheus = proc;
    await untilReady(proc, `${promUrl}/-/ready`, promHeaders);
  };
  // A failed start must not leave the servers that did start running until the test process ends.
  const abandon = async (err: unknown): Promise<never> => {
    await collector?.stop();
    await prometheus?.stop();
    await loki.close();
    await jaeger?.stop();
    if (!opts.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    throw err;
  };
  await startPrometheus().catch(abandon);
  say(opts.quiet, `prometheus ready at ${promUrl}`);

  const ports = { grpc, http, health, selfMetrics };
  const urls = collectorUrls(ports);
  const startCollector = async () => {
    collector = startServer({
      name: "otelcol",
      command: otelcol,
      args: collectorConfigArgs([...tracesOverlay, ...(opts.collectorOverlays ?? [])]),
      env: {
        ...collectorEnv(ports, promUrl, loki.otlpUrl, join(workDir, "collector-queue")),
        ...tracesEnv,
        ...opts.collectorEnv,
      },
      logFile: join(workDir, "collector.log"),
      maxSeconds,
    });
    await untilReady(collector, urls.healthUrl);
  };
  await startCollector().catch(abandon);
  say(opts.quiet, `collector ready: OTLP gRPC 127.0.0.1:${grpc}, HTTP 127.0.0.1:${http}`);

  const stack: NativeStack = {
    workDir,
    collector: {
      ...urls,
      process: () => {
        if (!collector) throw new Error("collector not started");
        return collector;
      },
      async stop() {
        await collector?.stop();
      },
      start: startCollector,
      async restart() {
        await collector?.stop();
        await startCollector();
      },
    },
    prometheus: {
      url: promUrl,
      headers: promHeaders,
      process: () => {
        if (!prometheus) throw new Error("prometheus not started");
        return prometheus;
      },
      async stop() {
        await prometheus?.stop();
      },
      start: startPrometheus,
    },
    loki,
    jaeger,
    async stop() {
      await collector?.stop();
      await prometheus?.stop();
      await loki.close();
      await jaeger?.stop();
      if (!opts.keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
  return stack;
}

export interface ExtraCollector {
  readonly grpcEndpoint: string;
  readonly httpEndpoint: string;
  readonly healthUrl: string;
  readonly selfMetricsUrl: string;
  readonly process: ServerProcess;
  stop(): Promise<void>;
}

/**
 * Another real collector beside a native stack — a second replica, or one configured differently
 * (overlays merged after stack/collector/config.yaml, extra environment) — writing to the same
 * Prometheus, Loki stand-in and Jaeger (when the stack has one), with its own ports and send queue.
 */
export async function startExtraCollector(
  stack: NativeStack,
  opts: {
    overlays?: string[];
    env?: Record<string, string>;
    name?: string;
    maxSeconds?: number;
    /**
     * A config of its own instead of stack/collector/config.yaml and the stack's traces overlay
     * (stack/collector/router.yaml: a collector with other pipelines, not a variant of this one).
     */
    config?: string;
  } = {},
): Promise<ExtraCollector> {
  const name = opts.name ?? "otelcol-extra";
  return withPortRetry(
    () => freePorts(4),
    async ([grpc, http, health, selfMetrics]) => {
      const ports = { grpc, http, health, selfMetrics } as CollectorPorts;
      const dir = mkdtempSync(join(tmpdir(), `cc-otel-${name}-`));
      const proc = startServer({
        name,
        command: collectorBinary(),
        args: opts.config
          ? [opts.config, ...(opts.overlays ?? [])].map((f) => `--config=${f}`)
          : collectorConfigArgs([
              ...(stack.jaeger ? [join(STACK_DIR, "collector/traces.yaml")] : []),
              ...(opts.overlays ?? []),
            ]),
        env: {
          ...collectorEnv(ports, stack.prometheus.url, stack.loki.otlpUrl, join(dir, "queue")),
          ...(stack.jaeger ? { CC_OTEL_TRACES_OTLP_URL: stack.jaeger.otlpHttpUrl } : {}),
          ...opts.env,
        },
        logFile: join(dir, "collector.log"),
        maxSeconds: opts.maxSeconds ?? 900,
      });
      const urls = collectorUrls(ports);
      try {
        await untilReady(proc, urls.healthUrl);
      } catch (err) {
        await proc.stop();
        rmSync(dir, { recursive: true, force: true });
        throw err;
      }
      return {
        ...urls,
        process: proc,
        async stop() {
          await proc.stop();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  );
}
