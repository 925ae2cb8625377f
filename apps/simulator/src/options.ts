import { parseArgs } from "node:util";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import {
  counterTemporality,
  defaultBaseEndpoint,
  inspectOtlpEnv,
  type OtlpEnv,
  otlpVariables,
  parseOtlpHeaders,
  SIGNALS,
  type SignalExport,
  TEMPORALITY_VARIABLE,
} from "@cc-otel/otlp-client";
import { type ContentSettings, contentFromEnv } from "./content.js";
import { type ExportConfig, PROTOCOLS, type Protocol } from "./exporters.js";
import { DEFAULT_CLI_VERSION, type RunMode } from "./run.js";
import { SCENARIO_NAMES, type ScenarioName } from "./scenarios.js";
import { TimeZone } from "./zone.js";

/**
 * Command line and standard OTEL_* environment → run options. Flags win over the environment, which
 * @cc-otel/otlp-client reads as the OpenTelemetry specification says (and so as the CLI's SDK does).
 * Every bad value throws a UsageError whose message is one line naming the problem and the valid
 * choices; the CLI prints it and exits 2.
 */

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export interface CliOptions {
  readonly scenario: ScenarioName;
  readonly users: number | undefined;
  readonly seed: string | undefined;
  readonly teams: boolean | undefined;
  readonly cliVersion: string;
  /** Canonical IANA name of the zone the team works in. */
  readonly timeZone: string;
  /** OTEL_RESOURCE_ATTRIBUTES. */
  readonly resourceAttributes: Record<string, string>;
  readonly mode: RunMode;
  readonly export: ExportConfig;
  readonly metricExportIntervalMs: number;
  readonly logExportIntervalMs: number;
  readonly ledgerFile: string | undefined;
  /** OTEL_LOG_USER_PROMPTS, OTEL_LOG_TOOL_DETAILS...: read from the environment, as the CLI does. */
  readonly content: ContentSettings;
  readonly quiet: boolean;
  readonly help: boolean;
}

export const USAGE = `usage: pnpm simulate [options]

  --scenario NAME        steady (default), spike, errors, team
  --users N              developers in the organisation (default: the scenario's)
  --seed S               reproduce a run event for event
  --speed N              live, N times faster than real time (default 1)
  --duration D           live, stop after D of wall-clock time (e.g. 90s, 10m, 2h; default: until Ctrl-C)
  --backfill D           generate the D before now with past timestamps as fast as possible, then exit (e.g. 7d)
  --tz ZONE              the team's time zone, e.g. Europe/Berlin,      [TZ]
                         America/Los_Angeles, UTC: working hours, lunch and weekends are its local
                         time, so a dashboard shown there sees a day shift (default: TZ if it names
                         a zone, else UTC)
  --protocol P           grpc (default), http/protobuf, http/json       [OTEL_EXPORTER_OTLP_PROTOCOL]
                         per signal: OTEL_EXPORTER_OTLP_METRICS_PROTOCOL, OTEL_EXPORTER_OTLP_LOGS_PROTOCOL
                         override the general variable, and pick that signal's default port; --protocol
                         sets both signals
  --endpoint URL         default http://localhost:${CLI_DEFAULTS.otlpPorts.grpc} (grpc) or :${CLI_DEFAULTS.otlpPorts["http/protobuf"]}  [OTEL_EXPORTER_OTLP_ENDPOINT]
  --header K=V           extra request header, repeatable               [OTEL_EXPORTER_OTLP_HEADERS]
  --temporality T        delta (default, like the CLI) or cumulative    [OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE]
  --metric-interval D    metric export interval (default 60s)           [OTEL_METRIC_EXPORT_INTERVAL, ms]
  --logs-interval D      log export interval (default 5s)               [OTEL_LOGS_EXPORT_INTERVAL, ms]
  --retry D              resend exports the receiver refuses with a retryable status (gRPC UNAVAILABLE,
                         HTTP 429/503...) for up to D each, with backoff (e.g. 5m; default: only the
                         OpenTelemetry exporters' own retries, none over gRPC, <= 5 in 10 s over HTTP)
  --teams / --no-teams   send team.id, department, cost_center resource attributes
  --cli-version V        simulated Claude Code version (default ${DEFAULT_CLI_VERSION})
                         OTEL_RESOURCE_ATTRIBUTES is added to every developer's resource, as the CLI does;
                         OTEL_LOG_USER_PROMPTS, OTEL_LOG_ASSISTANT_RESPONSES, OTEL_LOG_TOOL_DETAILS,
                         OTEL_LOG_TOOL_CONTENT and OTEL_LOG_RAW_API_BODIES=1 make every simulated CLI
                         send made-up content where the real one would send yours
  --ledger FILE          write the ledger of what was delivered as JSON ('-' for stdout)
  --quiet                no progress output
  --help`;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** "90s", "10m", "1h30m", "7d" → ms. */
export function parseDuration(text: string, what: string): number {
  const trimmed = text.trim();
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== trimmed) {
    throw new UsageError(
      `${what} '${text}' is not a duration: use a number with a unit, e.g. 90s, 10m, 1h30m, 7d`,
    );
  }
  const ms = parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] as string] as number), 0);
  if (ms <= 0) throw new UsageError(`${what} must be longer than zero, got '${text}'`);
  return ms;
}

function parseChoice<T extends string>(value: string, choices: readonly T[], what: string): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${what} '${value}': choose one of ${choices.join(", ")}`);
}

function parsePositive(value: string, what: string, integer: boolean, max: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n)) || n > max) {
    throw new UsageError(
      `${what} must be a ${integer ? "whole " : ""}number greater than 0${max < Infinity ? ` and at most ${max}` : ""}, got '${value}'`,
    );
  }
  return n;
}

/** KEY=VALUE lists (OTEL_RESOURCE_ATTRIBUTES, --header), values percent-decoded. */
function parseHeaders(pairs: readonly string[], what: string, lowerCaseKeys = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const i = pair.indexOf("=");
    const key = pair.slice(0, i).trim();
    if (i <= 0 || key === "")
      throw new UsageError(`${what} '${pair}' is not KEY=VALUE (e.g. authorization=Bearer abc)`);
    out[lowerCaseKeys ? key.toLowerCase() : key] = decodeURIComponent(pair.slice(i + 1).trim());
  }
  return out;
}

/** Header names are case-insensitive: lower-cased, a --header replaces the variable's header of any case. */
const lowerCaseKeys = (h: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));

function envMs(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  return parsePositive(raw, `${name} (milliseconds)`, true, Number.MAX_SAFE_INTEGER);
}

/**
 * The OTLP exporter variables with the flags laid over them: a flag replaces the general variable
 * and every per-signal one it covers, which are then not even read (a bad value there does not
 * matter). Bad values left are one-line UsageErrors; traces-only ones are ignored, as the
 * simulator sends no traces.
 */
function readOtlpEnv(
  env: NodeJS.ProcessEnv,
  flags: { protocol?: string | undefined; endpoint?: string | undefined; temporality: boolean },
): { otlp: OtlpEnv; view: Readonly<Record<string, string | undefined>> } {
  const view: Record<string, string | undefined> = { ...env };
  const override = (setting: string, value: string) => {
    view[`OTEL_EXPORTER_OTLP_${setting}`] = value;
    for (const signal of SIGNALS) delete view[otlpVariables(setting, signal).signal];
  };
  if (flags.protocol !== undefined) override("PROTOCOL", flags.protocol);
  if (flags.endpoint !== undefined) override("ENDPOINT", flags.endpoint);
  if (flags.temporality) delete view[TEMPORALITY_VARIABLE];
  const { config, problems } = inspectOtlpEnv(view, {
    defaultProtocol: "grpc",
    defaultTemporality: CLI_DEFAULTS.metricTemporality,
  });
  const problem = problems.find((p) => !p.variable.startsWith("OTEL_EXPORTER_OTLP_TRACES_"));
  if (problem) throw new UsageError(problem.message);
  return { otlp: config, view };
}

const FLAGS = {
  scenario: { type: "string" },
  users: { type: "string" },
  seed: { type: "string" },
  speed: { type: "string" },
  duration: { type: "string" },
  backfill: { type: "string" },
  protocol: { type: "string" },
  endpoint: { type: "string" },
  header: { type: "string", multiple: true },
  temporality: { type: "string" },
  "metric-interval": { type: "string" },
  "logs-interval": { type: "string" },
  retry: { type: "string" },
  teams: { type: "boolean" },
  "no-teams": { type: "boolean" },
  "cli-version": { type: "string" },
  tz: { type: "string" },
  ledger: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** Canonical name of an IANA zone, undefined when Intl does not know it. */
function zoneName(value: string): string | undefined {
  try {
    return new TimeZone(value).name;
  } catch {
    return undefined;
  }
}

/** parseArgs messages are long ("... To specify a positional argument ..."); keep the first clause. */
function describeParseError(e: Error): string {
  const first = (e.message.split(". ")[0] ?? e.message).replace(/\.$/, "");
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: FLAGS,
    }));
  } catch (e) {
    throw new UsageError(
      `${describeParseError(e as Error)}; valid options: ${Object.keys(FLAGS)
        .map((f) => `--${f}`)
        .join(" ")}`,
    );
  }
  const str = (k: string) => values[k] as string | undefined;

  const scenario = parseChoice(str("scenario") ?? "steady", SCENARIO_NAMES, "scenario");
  const users =
    str("users") === undefined ? undefined : parsePositive(str("users") as string, "--users", true, 100_000);
  const flagProtocol = str("protocol");
  if (flagProtocol !== undefined) parseChoice(flagProtocol, PROTOCOLS, "protocol");
  const flagEndpoint = str("endpoint")?.trim();
  if (flagEndpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(flagEndpoint)) {
    throw new UsageError(
      `--endpoint '${str("endpoint")}' is not an http(s) URL: use e.g. http://localhost:${CLI_DEFAULTS.otlpPorts.grpc}`,
    );
  }
  const flagTemporality =
    str("temporality") !== undefined
      ? parseChoice(str("temporality") as string, ["delta", "cumulative"] as const, "temporality")
      : undefined;
  const { otlp, view } = readOtlpEnv(env, {
    protocol: flagProtocol,
    endpoint: flagEndpoint,
    temporality: flagTemporality !== undefined,
  });
  const protocol: Protocol = otlp.protocol;
  const endpoint = otlp.endpoint ?? defaultBaseEndpoint(protocol);
  // With no endpoint configured each signal goes where its own protocol listens by default, as each
  // OpenTelemetry exporter does, not to the general protocol's port.
  const signalEndpoint = (s: SignalExport) =>
    s.urlFrom === "signal endpoint" ||
    (s.urlFrom === "default" && defaultBaseEndpoint(s.protocol) !== endpoint)
      ? s.url
      : undefined;

  const flagHeaders = parseHeaders((values.header as string[] | undefined) ?? [], "--header");
  const headers = {
    ...lowerCaseKeys(parseOtlpHeaders(view.OTEL_EXPORTER_OTLP_HEADERS).headers),
    ...flagHeaders,
  };
  const signalHeaders = (s: SignalExport) =>
    view[otlpVariables("HEADERS", s.signal).signal]?.trim()
      ? { ...lowerCaseKeys(s.headers), ...flagHeaders }
      : undefined;

  const temporality = flagTemporality ?? counterTemporality(otlp.temporalityPreference);

  const metricExportIntervalMs =
    str("metric-interval") !== undefined
      ? parseDuration(str("metric-interval") as string, "--metric-interval")
      : (envMs(env, "OTEL_METRIC_EXPORT_INTERVAL") ?? 60_000);
  const logExportIntervalMs =
    str("logs-interval") !== undefined
      ? parseDuration(str("logs-interval") as string, "--logs-interval")
      : (envMs(env, "OTEL_LOGS_EXPORT_INTERVAL") ?? 5_000);

  let mode: RunMode;
  if (str("backfill") !== undefined) {
    for (const flag of ["speed", "duration"]) {
      if (str(flag) !== undefined) {
        throw new UsageError(`--backfill runs as fast as possible over a past window: drop --${flag}`);
      }
    }
    if (temporality === "cumulative") {
      // The stack's collector drops the first point of a cumulative counter that started before it
      // did (no double count after a restart), and every backfilled counter did: nothing would land.
      throw new UsageError(
        "--backfill needs delta temporality (the CLI's default): the collector drops cumulative counters that started before it; drop --temporality cumulative",
      );
    }
    mode = { kind: "backfill", windowMs: parseDuration(str("backfill") as string, "--backfill") };
  } else {
    mode = {
      kind: "live",
      speed:
        str("speed") === undefined ? 1 : parsePositive(str("speed") as string, "--speed", false, 1_000_000),
      durationMs:
        str("duration") === undefined ? undefined : parseDuration(str("duration") as string, "--duration"),
    };
  }
  const cliVersion = str("cli-version") ?? DEFAULT_CLI_VERSION;
  if (!/^\d+\.\d+\.\d+$/.test(cliVersion)) {
    throw new UsageError(`--cli-version '${cliVersion}' is not a version like ${DEFAULT_CLI_VERSION}`);
  }
  // TZ is set for other programs too, often in POSIX forms Intl rejects ("CET-1CEST"): it counts
  // only when it names a zone (":Europe/Berlin" is glibc's spelling of one) and never stops a run.
  const tz = str("tz");
  const timeZone =
    tz !== undefined ? zoneName(tz.trim()) : (zoneName(env.TZ?.trim().replace(/^:/, "") ?? "") ?? "UTC");
  if (timeZone === undefined) {
    throw new UsageError(
      `--tz '${tz}' is not a time zone: use an IANA name such as Europe/Berlin, America/Los_Angeles or UTC`,
    );
  }
  if (values.teams && values["no-teams"])
    throw new UsageError("--teams and --no-teams contradict each other: pick one");

  return {
    scenario,
    users,
    seed: str("seed"),
    teams: values.teams ? true : values["no-teams"] ? false : undefined,
    cliVersion,
    timeZone,
    resourceAttributes: parseHeaders(
      (env.OTEL_RESOURCE_ATTRIBUTES ?? "").split(",").filter((h) => h.trim() !== ""),
      "OTEL_RESOURCE_ATTRIBUTES entry",
      false,
    ),
    mode,
    export: {
      protocol,
      metricsProtocol: otlp.metrics.protocol,
      logsProtocol: otlp.logs.protocol,
      endpoint,
      metricsEndpoint: signalEndpoint(otlp.metrics),
      logsEndpoint: signalEndpoint(otlp.logs),
      headers,
      ...(signalHeaders(otlp.metrics) ? { metricsHeaders: signalHeaders(otlp.metrics) } : {}),
      ...(signalHeaders(otlp.logs) ? { logsHeaders: signalHeaders(otlp.logs) } : {}),
      temporality,
      ...(str("retry") !== undefined ? { retryForMs: parseDuration(str("retry") as string, "--retry") } : {}),
    },
    metricExportIntervalMs,
    logExportIntervalMs,
    ledgerFile: str("ledger"),
    content: contentFromEnv(env),
    quiet: values.quiet === true,
    help: values.help === true,
  };
}
