import { randomInt } from "node:crypto";
import { connect } from "node:net";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { ExportResultCode } from "@opentelemetry/core";
import { emptyResource } from "@opentelemetry/resources";
import type { LogRecordExporter } from "@opentelemetry/sdk-logs";
import type { PushMetricExporter } from "@opentelemetry/sdk-metrics";
import { DeveloperAgent } from "./agent.js";
import { type ContentSettings, NO_CONTENT } from "./content.js";
import { DirectEmitter } from "./direct-emitter.js";
import type { Emitter } from "./emitter.js";
import { runEngine } from "./engine.js";
import {
  createLogExporter,
  createMetricExporter,
  type ExportConfig,
  ExportHealth,
  exportAsync,
  type Protocol,
  RecordingLogExporter,
  RecordingMetricExporter,
  type Signal,
  signalProtocol,
  signalUrl,
} from "./exporters.js";
import { type Ledger, LedgerRecorder } from "./ledger.js";
import { buildOrganisation } from "./org.js";
import { Rng } from "./random.js";
import { effectWindows, SCENARIOS, type ScenarioName } from "./scenarios.js";
import { SdkEmitter } from "./sdk-emitter.js";
import type { RunStats } from "./session-telemetry.js";
import { TimeZone, UTC } from "./zone.js";

/**
 * runSimulation: the library entry point the CLI, the benchmarks and the end-to-end harness share.
 * Builds the organisation, the exporters (wrapped so the ledger sees every acknowledged export),
 * the emitter for the mode, and runs the engine until the window ends or the signal aborts.
 */

export const DEFAULT_CLI_VERSION = "2.1.331";

export type RunMode =
  /** Real time, or `speed` times faster; timestamps are the wall-clock time of sending. */
  | { readonly kind: "live"; readonly speed: number; readonly durationMs?: number | undefined }
  /** The `windowMs` before now, as fast as possible, with past timestamps. */
  | { readonly kind: "backfill"; readonly windowMs: number };

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface Progress {
  readonly wallElapsedMs: number;
  /** Simulated time reached, unix ms. */
  readonly simTime: number;
  readonly sessions: number;
  readonly events: number;
  readonly costUsd: number;
  /** Acknowledged by the receiver so far. */
  readonly dataPoints: number;
  readonly logRecords: number;
  /** Live runs: the most an action ran behind schedule, ms. */
  readonly maxLagMs: number;
}

export interface SimulationOptions {
  readonly scenario?: ScenarioName;
  readonly users?: number;
  readonly seed?: string | number;
  /** team.id / department / cost_center resource attributes; the scenario decides by default. */
  readonly teams?: boolean;
  readonly cliVersion?: string;
  /** Added to every developer's resource, like OTEL_RESOURCE_ATTRIBUTES on the real CLI. */
  readonly resourceAttributes?: Readonly<Record<string, string>>;
  readonly export: ExportConfig;
  readonly mode: RunMode;
  /** "sdk" (OpenTelemetry SDK readers, wall clock) or "direct"; default sdk for live, direct for backfill. */
  readonly emitter?: "sdk" | "direct";
  readonly metricExportIntervalMs?: number;
  readonly logExportIntervalMs?: number;
  /** Simulated start, unix ms; default: live runs start at 10:00 (timeZone) of the latest weekday, backfill at now - window. */
  readonly simStart?: number;
  /**
   * IANA zone the team works in (default UTC): working hours, lunch, weekends and scenario windows
   * are its local time, so a dashboard in that zone shows a day shift. Timestamps stay UTC instants.
   */
  readonly timeZone?: string;
  /**
   * Saturdays and Sundays are working days like the others. For runs whose backfill window ends at
   * the real now and must hold a busy working day whatever day it is (the tests': a 24 h backfill
   * on a Sunday would otherwise be almost empty). Default false: weekends are mostly off.
   */
  readonly workWeekends?: boolean;
  /**
   * Everyone at work starts a session within this much simulated time of the start. Default: 4
   * minutes for live runs (a demo shows activity at once), none for backfill (days start as planned).
   */
  readonly firstSessionWithinMs?: number;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
  readonly progressEveryMs?: number;
  /**
   * The CLI's content toggles (OTEL_LOG_USER_PROMPTS...): what every simulated CLI puts into its
   * events. All off by default, as on the CLI.
   */
  readonly content?: Partial<ContentSettings>;
  /**
   * Keep every acknowledged point and event in the ledger's journal (for tests that compute
   * dashboard numbers from what was sent). Off by default: memory grows with the run.
   */
  readonly journal?: boolean;
  /** Replace the OTLP exporters (tests); the caller owns them and shuts them down. */
  readonly exporters?: { readonly metric: PushMetricExporter; readonly log: LogRecordExporter };
  /** Check the endpoint accepts TCP connections before generating. Default true unless exporters are given. */
  readonly preflight?: boolean;
}

/** A problem the user can fix (unreachable collector...): the CLI prints the message alone. */
export class SimulationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulationError";
  }
}

function hint(protocol: Protocol): string {
  const defaultPort = CLI_DEFAULTS.otlpPorts[protocol];
  return (
    `start the collector (pnpm stack:up) or point --endpoint / OTEL_EXPORTER_OTLP_ENDPOINT at one ` +
    `(${protocol} usually listens on :${defaultPort})`
  );
}

/** Where a signal goes and how, for messages: "http://host:4317 (grpc)". */
function target(config: ExportConfig, signal: Signal): string {
  return `${signalUrl(config, signal)} (${signalProtocol(config, signal)})`;
}

/** gRPC status codes the exporter reports, as the HTTP statuses they stand for. */
const GRPC_AS_HTTP: Readonly<Record<number, number>> = { 16: 401, 7: 403, 12: 404, 8: 429, 13: 500, 14: 503 };

function describeExportError(error: Error, protocol: Protocol): string {
  const text = error.message || String(error);
  if (/Protocol error|Parse Error|HPE_|Received HTTP status code/i.test(text)) {
    return `the endpoint does not answer ${protocol} (wrong port, or another --protocol?)`;
  }
  // The exporters put the HTTP status (or the gRPC code) on the error's `code`.
  const code = (error as { code?: unknown }).code;
  const status =
    typeof code === "number"
      ? protocol === "grpc"
        ? GRPC_AS_HTTP[code]
        : code
      : Number(/\b([45]\d\d)\b/.exec(text)?.[1] ?? Number.NaN);
  if (status === 401 || status === 403)
    return `rejected with HTTP ${status} — check OTEL_EXPORTER_OTLP_HEADERS / --header`;
  if (status === 404 || status === 405)
    return `HTTP ${status} — wrong path or protocol (is this a gRPC port spoken to over HTTP, or the reverse?)`;
  if (/ECONNREFUSED|No connection established/i.test(text)) return "connection refused";
  if (/retryable/i.test(text))
    return "the receiver kept refusing exports with retryable errors (overloaded or restarting?)";
  if (/DEADLINE|timeout|timed out/i.test(text)) return "timed out";
  if (status !== undefined && !Number.isNaN(status))
    return `the receiver answered ${status} (${text.split("\n")[0]})`;
  return text.split("\n")[0] ?? text;
}

/** TCP reachability of the endpoints, in parallel, within timeoutMs. */
async function preflight(config: ExportConfig, timeoutMs: number): Promise<void> {
  // One check per URL; the metrics' protocol names it when both signals share it.
  const protocols = new Map<string, Protocol>();
  for (const signal of ["logs", "metrics"] as const)
    protocols.set(signalUrl(config, signal), signalProtocol(config, signal));
  await Promise.all(
    [...protocols].map(async ([url, protocol]) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw new SimulationError(
          `endpoint '${url}' is not a URL: use e.g. http://127.0.0.1:${CLI_DEFAULTS.otlpPorts.grpc}`,
        );
      }
      const port = Number(parsed.port || (parsed.protocol === "https:" ? 443 : 80));
      const host = parsed.hostname.replace(/^\[|\]$/g, "");
      await new Promise<void>((resolve, reject) => {
        const socket = connect({ host, port });
        const fail = (why: string) => {
          socket.destroy();
          reject(
            new SimulationError(
              `cannot reach the OTLP endpoint ${url} (${protocol}): ${why}; ${hint(protocol)}`,
            ),
          );
        };
        socket.setTimeout(timeoutMs, () => fail(`no answer within ${timeoutMs / 1000} s`));
        socket.once("error", (e: NodeJS.ErrnoException) =>
          fail(e.code === "ECONNREFUSED" ? "connection refused" : (e.code ?? e.message)),
        );
        socket.once("connect", () => {
          socket.end();
          resolve();
        });
      });
    }),
  );
}

/**
 * Live runs simulate a working day from 10:00 local time of the latest weekday, whatever the real
 * hour: a demo started on a Saturday night still shows a busy team (timestamps stay wall-clock).
 */
export function liveSimStart(now: number, zone: TimeZone = UTC): number {
  let day = zone.dayOf(now);
  while (zone.isWeekend(day)) day--;
  return zone.at(day, 10);
}

export async function runSimulation(options: SimulationOptions): Promise<Ledger> {
  const scenario = SCENARIOS[options.scenario ?? "steady"];
  const seed = String(options.seed ?? randomInt(1, 2 ** 31));
  const users = options.users ?? scenario.users;
  const clock = options.clock ?? systemClock;
  const metricIntervalMs = options.metricExportIntervalMs ?? 60_000;
  const logIntervalMs = options.logExportIntervalMs ?? 5_000;
  const config = options.export;
  let zone = options.workWeekends ? new TimeZone("UTC", { weekends: false }) : UTC;
  if (options.timeZone !== undefined) {
    try {
      zone = new TimeZone(options.timeZone, options.workWeekends ? { weekends: false } : {});
    } catch {
      throw new SimulationError(
        `unknown time zone '${options.timeZone}': use an IANA name such as Europe/Berlin, America/Los_Angeles or UTC`,
      );
    }
  }

  if (options.preflight ?? !options.exporters) await preflight(config, 3000);

  const wallStart = clock.now();
  const mode = options.mode;
  const simStart =
    options.simStart ??
    (mode.kind === "backfill" ? wallStart - mode.windowMs : liveSimStart(wallStart, zone));
  const simEnd =
    mode.kind === "backfill"
      ? simStart + mode.windowMs
      : mode.durationMs !== undefined
        ? simStart + mode.durationMs * mode.speed
        : undefined;
  const toEmit =
    mode.kind === "backfill"
      ? (sim: number) => sim
      : (sim: number) => wallStart + (sim - simStart) / mode.speed;

  const metricsProtocol = signalProtocol(config, "metrics");
  const logsProtocol = signalProtocol(config, "logs");
  const mixed = metricsProtocol !== logsProtocol;
  const ledger = new LedgerRecorder(
    {
      seed,
      scenario: scenario.name,
      protocol: mixed ? `metrics ${metricsProtocol}, logs ${logsProtocol}` : metricsProtocol,
      endpoint: options.exporters
        ? "(injected exporters)"
        : `${signalUrl(config, "metrics")}${mixed ? `, ${signalUrl(config, "logs")}` : ""}`,
      temporality: config.temporality,
      users,
    },
    { journal: options.journal ?? false },
  );
  const abort = new AbortController();
  let fatal: SimulationError | undefined;
  const health = new ExportHealth((error, signal) => {
    const protocol = signalProtocol(config, signal);
    fatal = new SimulationError(
      `cannot deliver telemetry to ${target(config, signal)}: ` +
        `${describeExportError(error, protocol)}; ${hint(protocol)}`,
    );
    abort.abort();
  });
  const onOuterAbort = () => abort.abort();
  options.signal?.addEventListener("abort", onOuterAbort, { once: true });
  if (options.signal?.aborted) abort.abort();

  const innerMetric = options.exporters?.metric ?? createMetricExporter(config);
  const innerLog = options.exporters?.log ?? createLogExporter(config);
  if (options.preflight ?? !options.exporters) {
    // An empty export per signal proves the protocol, path and credentials before anything is
    // generated: with per-signal settings the metrics may go elsewhere, or over another protocol,
    // than the events, and a wrong port for one must not hide behind the other working.
    const sendEmpty = {
      metrics: () => exportAsync(innerMetric, { resource: emptyResource(), scopeMetrics: [] }),
      logs: () => exportAsync(innerLog, []),
    };
    const problems = await Promise.all(
      (["metrics", "logs"] as const).map(async (signal) => {
        const probe = await Promise.race([
          sendEmpty[signal](),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000).unref()),
        ]);
        const protocol = signalProtocol(config, signal);
        if (probe === undefined) return { signal, protocol, problem: "no OTLP answer within 5 s" };
        if (probe.code === ExportResultCode.SUCCESS) return undefined;
        const problem = describeExportError(probe.error ?? new Error("export failed"), protocol);
        return { signal, protocol, problem };
      }),
    );
    const failed = problems.find((p) => p !== undefined);
    if (failed) {
      await Promise.race([
        Promise.all([innerMetric.shutdown(), innerLog.shutdown()]),
        new Promise((resolve) => setTimeout(resolve, 500).unref()),
      ]);
      throw new SimulationError(
        `cannot deliver telemetry to ${target(config, failed.signal)}: ${failed.problem}; ${hint(failed.protocol)}`,
      );
    }
  }
  const retry = config.retryForMs ? { maxElapsedMs: config.retryForMs } : undefined;
  const metricExporter = new RecordingMetricExporter(innerMetric, ledger, health, retry);
  const logExporter = new RecordingLogExporter(innerLog, ledger, health, retry);
  const kind = options.emitter ?? (mode.kind === "live" ? "sdk" : "direct");
  const emitter: Emitter =
    kind === "sdk"
      ? new SdkEmitter({
          metricExporter,
          logExporter,
          metricExportIntervalMs: metricIntervalMs,
          logExportIntervalMs: logIntervalMs,
        })
      : new DirectEmitter({
          metricExporter,
          logExporter,
          temporality: config.temporality,
          metricExportIntervalMs: metricIntervalMs,
          logExportIntervalMs: logIntervalMs,
          live: mode.kind === "live",
        });

  const stats: RunStats = {
    sessions: 0,
    events: 0,
    measurements: 0,
    costUsd: 0,
    simNow: simStart,
    maxLagMs: 0,
  };
  const rng = new Rng(seed);
  const developers = buildOrganisation(rng, {
    users,
    teams: options.teams ?? scenario.teams,
    cliVersion: options.cliVersion ?? DEFAULT_CLI_VERSION,
    ...(options.resourceAttributes ? { extraResource: options.resourceAttributes } : {}),
  });
  const env = {
    scenario,
    windows: effectWindows(scenario, simStart, simEnd, zone),
    target: { emitter, toEmit, stats },
    zone,
    content: { ...NO_CONTENT, ...options.content },
  };
  const agents = developers.map(
    (d) =>
      new DeveloperAgent(
        d,
        env,
        simStart,
        options.firstSessionWithinMs ?? (mode.kind === "live" ? 4 * 60_000 : undefined),
      ),
  );

  const progress = (): Progress => {
    const l = ledger.snapshot();
    return {
      wallElapsedMs: clock.now() - wallStart,
      simTime: stats.simNow,
      sessions: stats.sessions,
      events: stats.events,
      costUsd: stats.costUsd,
      dataPoints: l.totals.dataPoints,
      logRecords: l.totals.logRecords,
      maxLagMs: stats.maxLagMs,
    };
  };

  try {
    await runEngine({
      agents,
      emitter,
      stats,
      simStart,
      simEnd,
      pacing: {
        wallNow: () => clock.now(),
        wallStart,
        speed: mode.kind === "live" ? mode.speed : undefined,
        sleep: clock.sleep,
      },
      signal: abort.signal,
      ...(options.onProgress ? { onProgress: () => options.onProgress?.(progress()) } : {}),
      progressEveryMs: options.progressEveryMs ?? 1000,
    });
    if (!fatal) await emitter.shutdown();
    if (fatal) {
      // Release the SDK's timers and sessions without waiting on a receiver that is not there.
      await Promise.race([emitter.shutdown(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
      throw fatal;
    }
    options.onProgress?.(progress());
    return ledger.snapshot(true);
  } finally {
    options.signal?.removeEventListener("abort", onOuterAbort);
    // Exporters retry for a while; do not let an unreachable receiver hold the process.
    if (!options.exporters) {
      await Promise.race([
        Promise.all([innerMetric.shutdown(), innerLog.shutdown()]),
        new Promise((resolve) => setTimeout(resolve, fatal ? 500 : 10_000).unref()),
      ]);
    }
  }
}
