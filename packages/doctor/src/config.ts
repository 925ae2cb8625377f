import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, win32 } from "node:path";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import {
  counterTemporality,
  inspectOtlpEnv,
  type OtlpEnv,
  type OtlpEnvProblem,
  PROTOCOLS,
  type Protocol,
  TEMPORALITY_VARIABLE,
} from "@cc-otel/otlp-client";
import type { Check } from "./model.js";

/**
 * Where Claude Code's telemetry settings live and which one wins.
 *
 * ASSUMED precedence (highest first), matching Claude Code's documentation as far as it goes:
 *   1. managed settings `env` block — administrators' settings, "cannot be overridden";
 *   2. the user's settings `env` block (~/.claude/settings.json, or $CLAUDE_CONFIG_DIR/settings.json) —
 *      Claude Code applies it on top of its own process environment, however it was started;
 *   3. the process environment (shell profile, `export ...`).
 * A repository's .claude/settings.json is not consulted: Claude Code ignores OTel exporter variables
 * there. When two places disagree the report names both, so a wrong assumption shows.
 */

export type Layer = "managed settings" | "user settings" | "environment";

export interface SourceLayer {
  readonly layer: Layer;
  /** File path for settings layers. */
  readonly path?: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface Resolved {
  readonly value: string;
  readonly from: SourceLayer;
  /** Lower-precedence places that also set it, with their value. */
  readonly shadowed: readonly { readonly from: SourceLayer; readonly value: string }[];
}

export const VARIABLES = [
  "CLAUDE_CODE_ENABLE_TELEMETRY",
  "OTEL_SDK_DISABLED",
  "OTEL_METRICS_EXPORTER",
  "OTEL_LOGS_EXPORTER",
  "OTEL_EXPORTER_OTLP_PROTOCOL",
  "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL",
  "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
  "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
  "OTEL_EXPORTER_OTLP_HEADERS",
  "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
  "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
  "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE",
  "OTEL_METRIC_EXPORT_INTERVAL",
  "OTEL_LOGS_EXPORT_INTERVAL",
  "OTEL_RESOURCE_ATTRIBUTES",
  "OTEL_EXPORTER_OTLP_CERTIFICATE",
  "OTEL_EXPORTER_OTLP_METRICS_CERTIFICATE",
  "OTEL_EXPORTER_OTLP_LOGS_CERTIFICATE",
  "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE",
  "OTEL_EXPORTER_OTLP_METRICS_CLIENT_CERTIFICATE",
  "OTEL_EXPORTER_OTLP_LOGS_CLIENT_CERTIFICATE",
  /** Read by Claude Code's runtime: extra CAs for every TLS connection, its OTLP exporters' too. */
  "NODE_EXTRA_CA_CERTS",
] as const;
export type Variable = (typeof VARIABLES)[number];

/**
 * The directory of the managed settings file, as Claude Code (2.1.331) names it: macOS
 * `/Library/Application Support/ClaudeCode`, Windows `C:\Program Files\ClaudeCode` (not the
 * `C:\ProgramData\ClaudeCode` of older documentation), Linux and WSL `/etc/claude-code`. Claude Code
 * reads `managed-settings.json` there, then the `*.json` files of `managed-settings.d/` in name order.
 * Not read here: MDM profiles (macOS) and the registry policies (Windows: HKLM and HKCU
 * `SOFTWARE\Policies\ClaudeCode`, value `Settings`).
 */
export function managedSettingsDir(platform: NodeJS.Platform): string {
  switch (platform) {
    case "darwin":
      return "/Library/Application Support/ClaudeCode";
    case "win32":
      return "C:\\Program Files\\ClaudeCode";
    default:
      return "/etc/claude-code";
  }
}

export function managedSettingsPath(platform: NodeJS.Platform): string {
  return (platform === "win32" ? win32 : posix).join(managedSettingsDir(platform), "managed-settings.json");
}

/**
 * On WSL, Claude Code also reads the Windows managed settings through the C: drive, above the Linux
 * ones, when they set `wslInheritsWindowsSettings` (here: when the Windows file does; the registry's
 * opt-in is not read).
 */
export const WSL_WINDOWS_MANAGED_SETTINGS = "/mnt/c/Program Files/ClaudeCode/managed-settings.json";

/** The drop-in files beside a managed settings file, in the order Claude Code applies them. */
export function managedDropIns(managedFile: string): string[] {
  const dir = join(dirname(managedFile), "managed-settings.d");
  let names: string[];
  try {
    names = readdirSync(dir, { withFileTypes: true })
      .filter(
        (e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith(".json") && !e.name.startsWith("."),
      )
      .map((e) => e.name);
  } catch {
    return [];
  }
  return names.sort().map((n) => join(dir, n));
}

export function userSettingsPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return join(env.CLAUDE_CONFIG_DIR || join(home, ".claude"), "settings.json");
}

export interface ConfigInputs {
  /** The environment Claude Code would start with. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
  /** managed-settings.json; its managed-settings.d/ drop-ins are read too. */
  readonly managedSettingsPath: string;
  /** WSL: the Windows managed-settings.json (WSL_WINDOWS_MANAGED_SETTINGS), used when it opts in. */
  readonly wslWindowsManagedSettingsPath?: string;
  /** The platform Claude Code runs on (default: this one): what the report says it could not read. */
  readonly platform?: NodeJS.Platform;
}

/** Reads a settings file's `env` block; problems become checks. */
function readSettings(layer: Layer, path: string, problems: Check[]): SourceLayer | undefined {
  if (!existsSync(path)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    problems.push({
      id: `config.${layer === "managed settings" ? "managed" : "user"}-settings`,
      section: "config",
      status: "fail",
      title: `${path} is not valid JSON: Claude Code ignores it (${(err as Error).message.split("\n")[0]})`,
      fix: `fix the JSON syntax of ${path} (e.g. \`node -e 'JSON.parse(require("fs").readFileSync(process.argv[1]))' ${path}\`)`,
    });
    return undefined;
  }
  const envBlock = (doc as { env?: unknown } | null)?.env;
  if (envBlock === undefined) return { layer, path, values: {} };
  if (typeof envBlock !== "object" || envBlock === null || Array.isArray(envBlock)) {
    problems.push({
      id: `config.${layer === "managed settings" ? "managed" : "user"}-settings`,
      section: "config",
      status: "fail",
      title: `"env" in ${path} is not an object of strings`,
      fix: `write it as "env": { "CLAUDE_CODE_ENABLE_TELEMETRY": "1", ... }`,
    });
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(envBlock)) {
    if (typeof v === "string") values[k] = v;
    else if (typeof v === "number" || typeof v === "boolean") {
      values[k] = String(v);
      if ((VARIABLES as readonly string[]).includes(k)) {
        problems.push({
          id: `config.type.${k}`,
          section: "config",
          status: "warn",
          title: `${k} in ${path} is a ${typeof v}, not a string`,
          fix: `quote it: "${k}": "${String(v)}"`,
        });
      }
    }
  }
  return { layer, path, values };
}

/**
 * The managed settings files, highest precedence first: each drop-in overrides the file and the
 * drop-ins before it; on WSL, Windows' files (when they opt in) override Linux's.
 */
function managedLayers(inputs: ConfigInputs, problems: Check[]): SourceLayer[] {
  const one = (file: string) =>
    [file, ...managedDropIns(file)]
      .map((f) => readSettings("managed settings", f, problems))
      .filter((l): l is SourceLayer => l !== undefined)
      .reverse();
  const windows = inputs.wslWindowsManagedSettingsPath;
  const inherits =
    windows !== undefined && existsSync(windows) && readJson(windows)?.wslInheritsWindowsSettings === true;
  return [...(inherits ? one(windows) : []), ...one(inputs.managedSettingsPath)];
}

function readJson(path: string): Record<string, unknown> | undefined {
  try {
    const doc = JSON.parse(readFileSync(path, "utf8")) as unknown;
    return typeof doc === "object" && doc !== null ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export interface LoadedConfig {
  /** Highest precedence first. */
  readonly layers: readonly SourceLayer[];
  readonly problems: readonly Check[];
  get(name: Variable): Resolved | undefined;
  /**
   * Every OTEL_* variable as Claude Code would see it, each from the layer that wins: the whole
   * OpenTelemetry configuration (timeouts, certificates, resource attributes... too), not only the
   * variables the checks name.
   */
  otelEnvironment(): Record<string, string>;
}

const isOtel = (name: string) => name.startsWith("OTEL_");

export function loadConfig(inputs: ConfigInputs): LoadedConfig {
  const problems: Check[] = [];
  const envValues: Record<string, string> = {};
  for (const [name, v] of Object.entries(inputs.env)) {
    if (!(VARIABLES as readonly string[]).includes(name) && !isOtel(name)) continue;
    if (v !== undefined && v !== "") envValues[name] = v;
  }
  const layers = [
    ...managedLayers(inputs, problems),
    readSettings("user settings", userSettingsPath(inputs.env, inputs.home), problems),
    { layer: "environment", values: envValues } satisfies SourceLayer,
  ].filter((l): l is SourceLayer => l !== undefined);
  return {
    layers,
    problems,
    get(name) {
      const hits = layers.filter((l) => l.values[name] !== undefined && l.values[name] !== "");
      const [top, ...rest] = hits;
      if (!top) return undefined;
      return {
        value: top.values[name] as string,
        from: top,
        shadowed: rest.map((l) => ({ from: l, value: l.values[name] as string })),
      };
    },
    otelEnvironment() {
      const out: Record<string, string> = {};
      for (const layer of [...layers].reverse())
        for (const [name, value] of Object.entries(layer.values))
          if (isOtel(name) && value !== "") out[name] = value;
      return out;
    },
  };
}

/**
 * Which managed settings files were read, and what managed settings the doctor cannot see on this
 * platform: a note, so that a value set there is not a mystery.
 */
export function managedSettingsNote(inputs: ConfigInputs, config: LoadedConfig): Check {
  const files = config.layers
    .filter((l) => l.layer === "managed settings" && l.path)
    .map((l) => l.path as string)
    .reverse();
  const unread: Partial<Record<NodeJS.Platform, string>> = {
    win32:
      "not read: registry policies (HKLM and HKCU \\SOFTWARE\\Policies\\ClaudeCode, value Settings): `reg query HKLM\\SOFTWARE\\Policies\\ClaudeCode /v Settings`",
    darwin: "not read: an MDM configuration profile (preference domain com.anthropic.claudecode)",
  };
  const detail = unread[inputs.platform ?? process.platform];
  return {
    id: "config.managed-settings.files",
    section: "config",
    status: "note",
    title: files.length
      ? `managed settings read from ${files.join(", ")}`
      : `no managed settings file (${inputs.managedSettingsPath} and its managed-settings.d/)`,
    ...(detail ? { detail } : {}),
  };
}

export function describeSource(s: SourceLayer): string {
  return s.path ? `${s.layer} ${s.path}` : `${s.layer}`;
}

/** Where a user should put a fix: the settings file Claude Code reads whatever started it. */
export function whereToSet(inputs: ConfigInputs, config: LoadedConfig, name: Variable): string {
  const r = config.get(name);
  if (r?.from.layer === "managed settings")
    return `the managed settings file ${r.from.path} (ask your administrator)`;
  return `the "env" block of ${userSettingsPath(inputs.env, inputs.home)}`;
}

// ---------------------------------------------------------------------------------------------
// Per-signal export settings, read by @cc-otel/otlp-client the way the OpenTelemetry SDK (and so
// Claude Code) reads them.

export { PROTOCOLS, type Protocol };
export type Signal = "metrics" | "logs";

export interface SignalSettings {
  readonly signal: Signal;
  /** OTEL_<SIGNAL>_EXPORTER lists otlp. */
  readonly otlpEnabled: boolean;
  /** undefined: the value set is not a protocol. */
  readonly protocol: Protocol | undefined;
  readonly protocolRaw: string | undefined;
  /** Protocol not set anywhere: the SDK default applies (assumed http/protobuf, the OTel spec default). */
  readonly protocolDefaulted: boolean;
  /** The URL the SDK posts to (gRPC: host and port are what matter). */
  readonly url: string;
  readonly urlFrom: "signal endpoint" | "base endpoint" | "default";
  readonly urlVariable?: Variable;
  readonly headers: Readonly<Record<string, string>>;
}

const EXPORTER_VARIABLE = {
  metrics: "OTEL_METRICS_EXPORTER",
  logs: "OTEL_LOGS_EXPORTER",
} as const satisfies Record<Signal, Variable>;

/** The SDK default when no variable names a protocol (the specification's, and the JS SDK's). */
export const DEFAULT_PROTOCOL: Protocol = "http/protobuf";
export const signalPath = (signal: Signal) => `/v1/${signal}`;

/** Claude Code's settings read as OTLP exporter configuration; bad values are problems, not errors. */
export function otlpSettings(config: LoadedConfig): {
  readonly otlp: OtlpEnv;
  readonly problems: readonly OtlpEnvProblem[];
} {
  const { config: otlp, problems } = inspectOtlpEnv(config.otelEnvironment(), {
    defaultProtocol: DEFAULT_PROTOCOL,
    defaultTemporality: CLI_DEFAULTS.metricTemporality,
  });
  return { otlp, problems };
}

export function signalSettings(config: LoadedConfig, signal: Signal): SignalSettings {
  const { otlp, problems } = otlpSettings(config);
  const s = otlp[signal];
  const exporters = (config.get(EXPORTER_VARIABLE[signal])?.value ?? "")
    .split(",")
    .map((x) => x.trim().toLowerCase());
  const protocolRaw = s.protocolVariable
    ? config.get(s.protocolVariable as Variable)?.value.trim()
    : undefined;
  const protocolBad = problems.some((p) => p.variable === s.protocolVariable);
  return {
    signal,
    otlpEnabled: exporters.includes("otlp"),
    protocol: protocolBad ? undefined : s.protocol,
    protocolRaw,
    protocolDefaulted: protocolRaw === undefined,
    url: s.url,
    urlFrom: s.urlFrom,
    ...(s.urlVariable ? { urlVariable: s.urlVariable as Variable } : {}),
    headers: s.headers,
  };
}

export type Temporality = "delta" | "cumulative";

/** Claude Code's metric temporality: delta unless the user asks for cumulative. */
export function temporalityOf(config: LoadedConfig): { temporality: Temporality; raw: string | undefined } {
  const raw = config.get(TEMPORALITY_VARIABLE)?.value.trim().toLowerCase();
  return { temporality: counterTemporality(otlpSettings(config).otlp.temporalityPreference), raw };
}
