import { parseOtlpHeaders } from "./headers.js";
import {
  defaultBaseEndpoint,
  defaultSignalUrl,
  PROTOCOLS,
  type Protocol,
  SIGNALS,
  type Signal,
  signalUrlFromBase,
} from "./protocols.js";

/**
 * OTEL_EXPORTER_OTLP_* → what each signal's exporter does, per the OpenTelemetry specification
 * ("OpenTelemetry Protocol Exporter" configuration): every setting has a general variable and a
 * per-signal one (OTEL_EXPORTER_OTLP_METRICS_*, _LOGS_*, _TRACES_*) that wins over it; an empty
 * value counts as unset. Endpoints: a per-signal endpoint is used exactly as given; the general
 * one is a base, to which HTTP appends `v1/<signal>`; with neither, localhost on the protocol's
 * port. One reading for every sender in the repo (the simulator, the doctor...), so that they
 * agree with each other and with the OpenTelemetry SDKs the Claude Code CLI is built on.
 */

export type OtlpEnvironment = Readonly<Record<string, string | undefined>>;

export const TEMPORALITY_PREFERENCES = ["cumulative", "delta", "lowmemory"] as const;
export type TemporalityPreference = (typeof TEMPORALITY_PREFERENCES)[number];
export const COMPRESSIONS = ["gzip", "none"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/** The specification's default export timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface SignalExport {
  readonly signal: Signal;
  readonly protocol: Protocol;
  /** The variable the protocol came from; undefined: the default. */
  readonly protocolVariable: string | undefined;
  /** The URL the exporter sends to (HTTP: with its /v1/<signal> path). */
  readonly url: string;
  readonly urlFrom: "signal endpoint" | "base endpoint" | "default";
  /** The variable the URL came from; undefined: the default. */
  readonly urlVariable: string | undefined;
  /** General headers, then the signal's own over them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly compression: Compression;
  /** PEM file paths, as given (relative ones are relative to the working directory). */
  readonly certificate: string | undefined;
  readonly clientKey: string | undefined;
  readonly clientCertificate: string | undefined;
  /** gRPC without TLS for an endpoint without scheme; an http:// or https:// scheme decides otherwise. */
  readonly insecure: boolean;
}

export interface OtlpEnv {
  /** OTEL_EXPORTER_OTLP_PROTOCOL, or the default. */
  readonly protocol: Protocol;
  /** OTEL_EXPORTER_OTLP_ENDPOINT as given, if set. */
  readonly endpoint: string | undefined;
  readonly metrics: SignalExport;
  readonly logs: SignalExport;
  readonly traces: SignalExport;
  readonly temporalityPreference: TemporalityPreference;
  /** Whether OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE set it. */
  readonly temporalityFromEnv: boolean;
}

/** A value the specification does not allow; the reading goes on with the default for it. */
export interface OtlpEnvProblem {
  readonly variable: string;
  readonly value: string;
  /** One line naming the variable, the value and what would be valid. */
  readonly message: string;
}

export interface ResolveOptions {
  /**
   * The protocol when no variable names one. The specification's default is http/protobuf (the
   * OpenTelemetry JS SDK's too); a sender may document another (the simulator: grpc).
   */
  readonly defaultProtocol?: Protocol;
  /**
   * The metric temporality preference when unset. The specification's default is cumulative;
   * Claude Code's is delta (the contract's CLI_DEFAULTS.metricTemporality).
   */
  readonly defaultTemporality?: TemporalityPreference;
}

/** A bad OTEL_EXPORTER_OTLP_* value; the message is one line. */
export class OtlpEnvError extends Error {
  constructor(readonly problem: OtlpEnvProblem) {
    super(problem.message);
    this.name = "OtlpEnvError";
  }
}

const SIGNAL_PART: Readonly<Record<Signal, string>> = { metrics: "METRICS", logs: "LOGS", traces: "TRACES" };

export const TEMPORALITY_VARIABLE = "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE";

/** The general variable of a setting, and the signal's own. */
export function otlpVariables(setting: string, signal: Signal): { general: string; signal: string } {
  return {
    general: `OTEL_EXPORTER_OTLP_${setting}`,
    signal: `OTEL_EXPORTER_OTLP_${SIGNAL_PART[signal]}_${setting}`,
  };
}

/** A URL an exporter can send to: http or https with a host. */
export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return (u.protocol === "http:" || u.protocol === "https:") && u.host !== "";
  } catch {
    return false;
  }
}

class Reader {
  readonly problems: OtlpEnvProblem[] = [];
  constructor(private readonly env: OtlpEnvironment) {}

  /** Trimmed value, undefined when unset or blank. */
  raw(name: string): string | undefined {
    const v = this.env[name]?.trim();
    return v ? v : undefined;
  }

  problem(variable: string, value: string, message: string): void {
    this.problems.push({ variable, value, message });
  }

  /** The signal's variable if set, else the general one. */
  pick(setting: string, signal: Signal): { variable: string; value: string } | undefined {
    const v = otlpVariables(setting, signal);
    const own = this.raw(v.signal);
    if (own !== undefined) return { variable: v.signal, value: own };
    const general = this.raw(v.general);
    return general !== undefined ? { variable: v.general, value: general } : undefined;
  }

  choice<T extends string>(variable: string, value: string, choices: readonly T[]): T | undefined {
    const lower = value.toLowerCase() as T;
    if (choices.includes(lower)) return lower;
    this.problem(variable, value, `unknown ${variable} '${value}': choose one of ${choices.join(", ")}`);
    return undefined;
  }

  protocol(variable: string, value: string): Protocol | undefined {
    // Protocol names are exact in the specification ("grpc", "http/protobuf"): no case folding.
    if ((PROTOCOLS as readonly string[]).includes(value)) return value as Protocol;
    this.problem(variable, value, `unknown ${variable} '${value}': choose one of ${PROTOCOLS.join(", ")}`);
    return undefined;
  }

  endpoint(variable: string, value: string): void {
    if (!isHttpUrl(value)) {
      this.problem(
        variable,
        value,
        `${variable} '${value}' is not an http(s) URL: use e.g. ${defaultBaseEndpoint("grpc")} (gRPC) or ${defaultBaseEndpoint("http/protobuf")} (HTTP)`,
      );
    }
  }

  headers(variable: string): Record<string, string> {
    const value = this.raw(variable);
    const parsed = parseOtlpHeaders(value);
    for (const entry of parsed.bad) {
      this.problem(
        variable,
        entry,
        `${variable} entry '${entry}' is not key=value with percent-encoded characters (e.g. Authorization=Bearer%20abc)`,
      );
    }
    return parsed.headers;
  }
}

function signalExport(
  r: Reader,
  signal: Signal,
  general: { protocol: Protocol; protocolVariable: string | undefined; endpoint: string | undefined },
  defaultProtocol: Protocol,
): SignalExport {
  const names = (setting: string) => otlpVariables(setting, signal);

  const ownProtocol = r.raw(names("PROTOCOL").signal);
  let protocol = general.protocol;
  let protocolVariable = general.protocolVariable;
  if (ownProtocol !== undefined) {
    // An unknown value falls back to the default, as the OpenTelemetry JS SDK does.
    protocol = r.protocol(names("PROTOCOL").signal, ownProtocol) ?? defaultProtocol;
    protocolVariable = names("PROTOCOL").signal;
  }

  const ownEndpoint = r.raw(names("ENDPOINT").signal);
  let url: string;
  let urlFrom: SignalExport["urlFrom"];
  let urlVariable: string | undefined;
  if (ownEndpoint !== undefined) {
    r.endpoint(names("ENDPOINT").signal, ownEndpoint);
    url = ownEndpoint;
    urlFrom = "signal endpoint";
    urlVariable = names("ENDPOINT").signal;
  } else if (general.endpoint !== undefined) {
    url = signalUrlFromBase(general.endpoint, protocol, signal);
    urlFrom = "base endpoint";
    urlVariable = names("ENDPOINT").general;
  } else {
    url = defaultSignalUrl(protocol, signal);
    urlFrom = "default";
    urlVariable = undefined;
  }

  const headers = { ...r.headers(names("HEADERS").general), ...r.headers(names("HEADERS").signal) };

  let timeoutMs = DEFAULT_TIMEOUT_MS;
  const timeout = r.pick("TIMEOUT", signal);
  if (timeout) {
    const n = Number(timeout.value);
    if (Number.isInteger(n) && n > 0) timeoutMs = n;
    else
      r.problem(
        timeout.variable,
        timeout.value,
        `${timeout.variable} '${timeout.value}' is not a whole number of milliseconds greater than 0 (e.g. 10000)`,
      );
  }

  const compressionRaw = r.pick("COMPRESSION", signal);
  const compression =
    (compressionRaw && r.choice(compressionRaw.variable, compressionRaw.value, COMPRESSIONS)) || "none";

  const insecureRaw = r.pick("INSECURE", signal);
  let insecure = false;
  if (insecureRaw) {
    const v = insecureRaw.value.toLowerCase();
    if (v === "true" || v === "false") insecure = v === "true";
    else
      r.problem(
        insecureRaw.variable,
        insecureRaw.value,
        `${insecureRaw.variable} '${insecureRaw.value}' is not true or false`,
      );
  }

  return {
    signal,
    protocol,
    protocolVariable,
    url,
    urlFrom,
    urlVariable,
    headers,
    timeoutMs,
    compression,
    certificate: r.pick("CERTIFICATE", signal)?.value,
    clientKey: r.pick("CLIENT_KEY", signal)?.value,
    clientCertificate: r.pick("CLIENT_CERTIFICATE", signal)?.value,
    insecure,
  };
}

/**
 * Reads every OTLP exporter variable; bad values become problems (each with a one-line message)
 * and the reading goes on with the default for them, as an OpenTelemetry SDK would. For tools that
 * report every problem at once (the doctor).
 */
export function inspectOtlpEnv(
  env: OtlpEnvironment,
  options: ResolveOptions = {},
): { readonly config: OtlpEnv; readonly problems: readonly OtlpEnvProblem[] } {
  const r = new Reader(env);
  const defaultProtocol = options.defaultProtocol ?? "http/protobuf";

  const protocolRaw = r.raw("OTEL_EXPORTER_OTLP_PROTOCOL");
  const protocol =
    (protocolRaw !== undefined && r.protocol("OTEL_EXPORTER_OTLP_PROTOCOL", protocolRaw)) || defaultProtocol;
  const endpoint = r.raw("OTEL_EXPORTER_OTLP_ENDPOINT");
  if (endpoint !== undefined) r.endpoint("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint);
  const general = {
    protocol,
    protocolVariable: protocolRaw !== undefined ? "OTEL_EXPORTER_OTLP_PROTOCOL" : undefined,
    endpoint,
  };
  const [metrics, logs, traces] = SIGNALS.map((s) => signalExport(r, s, general, defaultProtocol)) as [
    SignalExport,
    SignalExport,
    SignalExport,
  ];

  const temporalityRaw = r.raw(TEMPORALITY_VARIABLE);
  const temporalityPreference =
    (temporalityRaw !== undefined &&
      r.choice(TEMPORALITY_VARIABLE, temporalityRaw, TEMPORALITY_PREFERENCES)) ||
    (options.defaultTemporality ?? "cumulative");

  return {
    config: {
      protocol,
      endpoint,
      metrics,
      logs,
      traces,
      temporalityPreference,
      temporalityFromEnv: temporalityRaw !== undefined,
    },
    problems: r.problems,
  };
}

/** Like inspectOtlpEnv, but the first bad value throws an OtlpEnvError. For programs that refuse bad input. */
export function resolveOtlpEnv(env: OtlpEnvironment, options: ResolveOptions = {}): OtlpEnv {
  const { config, problems } = inspectOtlpEnv(env, options);
  const [first] = problems;
  if (first) throw new OtlpEnvError(first);
  return config;
}

/**
 * The temporality a counter is exported with under a preference: lowmemory means delta for
 * (synchronous) counters, the only instrument Claude Code uses.
 */
export function counterTemporality(preference: TemporalityPreference): "delta" | "cumulative" {
  return preference === "cumulative" ? "cumulative" : "delta";
}
