import { PROCESSOR } from "@cc-otel/collector/names";
import { CLI_DEFAULTS } from "@cc-otel/contract";
import { parseOtlpHeaders } from "@cc-otel/otlp-client";
import {
  type ConfigInputs,
  describeSource,
  type LoadedConfig,
  managedSettingsNote,
  PROTOCOLS,
  type SignalSettings,
  signalPath,
  signalSettings,
  temporalityOf,
  VARIABLES,
  type Variable,
  whereToSet,
} from "./config.js";
import type { Check } from "./model.js";

/** The stack's OTLP endpoints, to tell "your settings point elsewhere" from "wrong protocol for the port". */
export interface OtlpEndpoints {
  readonly grpc: string;
  readonly http: string;
}

const GRPC_PORT = CLI_DEFAULTS.otlpPorts.grpc;
const HTTP_PORT = CLI_DEFAULTS.otlpPorts["http/protobuf"];

function hostPort(url: string): { host: string; port: string; scheme: string; path: string } | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return undefined;
    const port = u.port || (u.protocol === "https:" ? "443" : "80");
    const host = u.hostname === "localhost" || u.hostname === "[::1]" ? "127.0.0.1" : u.hostname;
    return { host, port, scheme: u.protocol.slice(0, -1), path: u.pathname };
  } catch {
    return undefined;
  }
}

export const sameHostPort = (a: string, b: string) => {
  const x = hostPort(a);
  const y = hostPort(b);
  return !!x && !!y && x.host === y.host && x.port === y.port;
};

export interface ConfigReport {
  readonly checks: Check[];
  readonly metrics: SignalSettings;
  readonly logs: SignalSettings;
  /** Telemetry on and both signals sent over OTLP with a usable URL: the probe may use these settings. */
  readonly usable: { readonly metrics: boolean; readonly logs: boolean };
}

export function checkConfig(inputs: ConfigInputs, config: LoadedConfig, stack: OtlpEndpoints): ConfigReport {
  const checks: Check[] = [...config.problems, managedSettingsNote(inputs, config)];
  const where = (name: Variable) => whereToSet(inputs, config, name);
  const src = (name: Variable) => {
    const r = config.get(name);
    return r ? `from ${describeSource(r.from)}` : "not set anywhere";
  };

  const enable = config.get("CLAUDE_CODE_ENABLE_TELEMETRY");
  const enabled = enable !== undefined && ["1", "true"].includes(enable.value.trim().toLowerCase());
  checks.push(
    enabled
      ? {
          id: "config.enable",
          section: "config",
          status: "ok",
          title: `CLAUDE_CODE_ENABLE_TELEMETRY=${enable?.value} (${src("CLAUDE_CODE_ENABLE_TELEMETRY")})`,
        }
      : {
          id: "config.enable",
          section: "config",
          status: "fail",
          title: enable
            ? `CLAUDE_CODE_ENABLE_TELEMETRY=${enable.value} (${src("CLAUDE_CODE_ENABLE_TELEMETRY")}): telemetry is off`
            : "CLAUDE_CODE_ENABLE_TELEMETRY is not set: Claude Code exports nothing",
          fix: `set "CLAUDE_CODE_ENABLE_TELEMETRY": "1" in ${where("CLAUDE_CODE_ENABLE_TELEMETRY")}`,
        },
  );
  const sdkDisabled = config.get("OTEL_SDK_DISABLED");
  if (sdkDisabled && sdkDisabled.value.trim().toLowerCase() === "true") {
    checks.push({
      id: "config.sdk-disabled",
      section: "config",
      status: "fail",
      title: `OTEL_SDK_DISABLED=true (${src("OTEL_SDK_DISABLED")}): the OpenTelemetry SDK exports nothing`,
      fix: `remove OTEL_SDK_DISABLED from ${describeSource(sdkDisabled.from)}`,
    });
  }

  const usable = { metrics: false, logs: false };
  const bySignal = { metrics: signalSettings(config, "metrics"), logs: signalSettings(config, "logs") };
  for (const s of [bySignal.metrics, bySignal.logs]) {
    const what = s.signal === "metrics" ? "metrics" : "events (logs)";
    const exporterVar: Variable = s.signal === "metrics" ? "OTEL_METRICS_EXPORTER" : "OTEL_LOGS_EXPORTER";
    const exporter = config.get(exporterVar);
    if (!s.otlpEnabled) {
      checks.push({
        id: `config.${s.signal}.exporter`,
        section: "config",
        status: "fail",
        title: exporter
          ? `${exporterVar}=${exporter.value} (${src(exporterVar)}): ${what} are not sent over OTLP`
          : `${exporterVar} is not set: Claude Code sends no ${what}`,
        fix: `set "${exporterVar}": "otlp" in ${where(exporterVar)}`,
      });
    } else {
      checks.push({
        id: `config.${s.signal}.exporter`,
        section: "config",
        status: "ok",
        title: `${exporterVar}=${exporter?.value} (${src(exporterVar)})`,
      });
    }
    const urlOk = checkEndpoint(s, stack, checks, where);
    if (urlOk) checkTls(s, config, checks, where);
    usable[s.signal] = enabled && s.otlpEnabled && s.protocol !== undefined && urlOk;
  }

  // Temporality: delta (the default) needs a delta-to-cumulative step before Prometheus.
  const t = temporalityOf(config);
  if (t.raw !== undefined && !["delta", "cumulative", "lowmemory"].includes(t.raw)) {
    checks.push({
      id: "config.temporality",
      section: "config",
      status: "warn",
      title: `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=${t.raw} is not a known value (delta, cumulative, lowmemory)`,
      fix: `set it to "cumulative" or remove it (delta, Claude Code's default, works with the cc-otel collector)`,
    });
  } else {
    checks.push({
      id: "config.temporality",
      section: "config",
      status: "ok",
      title: `metric temporality ${t.temporality}${t.raw === undefined ? " (Claude Code's default)" : ` (${src("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE")})`}`,
      detail:
        t.temporality === "delta"
          ? `needs ${PROCESSOR.deltaToCumulative} in the collector: the probe checks it`
          : undefined,
    } as Check);
  }

  // Export intervals.
  for (const [name, dflt, what] of [
    ["OTEL_METRIC_EXPORT_INTERVAL", CLI_DEFAULTS.metricExportIntervalMs, "metrics"],
    ["OTEL_LOGS_EXPORT_INTERVAL", CLI_DEFAULTS.logsExportIntervalMs, "events"],
  ] as const) {
    const r = config.get(name);
    if (!r) continue;
    const ms = Number(r.value);
    if (!Number.isInteger(ms) || ms <= 0) {
      checks.push({
        id: `config.interval.${name}`,
        section: "config",
        status: "fail",
        title: `${name}=${r.value} (${src(name)}) is not a positive number of milliseconds`,
        fix: `remove it (default ${dflt}) or set a number of milliseconds, e.g. "${dflt}"`,
      });
    } else if (ms > CLI_DEFAULTS.metricExportIntervalMs) {
      checks.push({
        id: `config.interval.${name}`,
        section: "config",
        status: "warn",
        title: `${name}=${ms} ms (${src(name)}): ${what} arrive only every ${ms / 1000} s; the dashboard's rate windows assume at most 60 s`,
        fix: `remove ${name} (default ${dflt} ms) from ${describeSource(r.from)}`,
      });
    } else {
      checks.push({
        id: `config.interval.${name}`,
        section: "config",
        status: "ok",
        title: `${name}=${ms} ms (${src(name)})`,
      });
    }
  }

  for (const name of [
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_EXPORTER_OTLP_METRICS_HEADERS",
    "OTEL_EXPORTER_OTLP_LOGS_HEADERS",
  ] as const) {
    const r = config.get(name);
    const bad = parseOtlpHeaders(r?.value).bad;
    if (r && bad.length) {
      checks.push({
        id: `config.headers.${name}`,
        section: "config",
        status: "warn",
        title: `${name} (${src(name)}) has entries that are not key=value: ${bad.join(", ")}`,
        fix: "write headers as comma-separated key=value pairs, e.g. Authorization=Bearer%20TOKEN",
      });
    }
  }

  // The same variable in several places: say which one wins (assumed precedence).
  for (const name of VARIABLES) {
    const r = config.get(name);
    const differing = r?.shadowed.filter((s) => s.value !== r.value) ?? [];
    if (r && differing.length) {
      checks.push({
        id: `config.shadowed.${name}`,
        section: "config",
        status: "note",
        title: `${name} is set in several places; Claude Code uses ${r.value} from ${describeSource(r.from)}`,
        detail: `ignored: ${differing.map((d) => `${d.value} (${describeSource(d.from)})`).join("; ")} — precedence assumed: managed settings > user settings > environment`,
      });
    }
  }
  return { checks, metrics: bySignal.metrics, logs: bySignal.logs, usable };
}

/** Protocol, URL shape and port of one signal. Returns whether the URL is usable at all. */
function checkEndpoint(
  s: SignalSettings,
  stack: OtlpEndpoints,
  checks: Check[],
  where: (name: Variable) => string,
): boolean {
  const id = `config.${s.signal}.endpoint`;
  const protoVar: Variable =
    s.signal === "metrics" ? "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL" : "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL";
  if (s.protocol === undefined) {
    checks.push({
      id: `config.${s.signal}.protocol`,
      section: "config",
      status: "fail",
      title: `OTLP protocol "${s.protocolRaw}" for ${s.signal} is not one of ${PROTOCOLS.join(", ")}`,
      fix: `set "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc" (port ${GRPC_PORT}) or "http/protobuf" (port ${HTTP_PORT}) in ${where(protoVar)}`,
    });
    return false;
  }
  if (s.protocolDefaulted) {
    checks.push({
      id: `config.${s.signal}.protocol`,
      section: "config",
      status: "warn",
      title: `OTEL_EXPORTER_OTLP_PROTOCOL is not set: ${s.signal} use the SDK default (assumed ${s.protocol})`,
      fix: `set "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc" with port ${GRPC_PORT}, or "http/protobuf" with port ${HTTP_PORT}, in ${where("OTEL_EXPORTER_OTLP_PROTOCOL")}`,
    });
  }
  const hp = hostPort(s.url);
  const via = s.urlVariable ? `${s.urlVariable}` : "the default endpoint";
  if (!hp) {
    checks.push({
      id,
      section: "config",
      status: "fail",
      title: `${s.signal} endpoint "${s.url}" (${via}) is not an http:// or https:// URL`,
      fix: `set ${s.urlVariable ?? "OTEL_EXPORTER_OTLP_ENDPOINT"} to a URL with a scheme, e.g. http://127.0.0.1:${s.protocol === "grpc" ? GRPC_PORT : HTTP_PORT}`,
    });
    return false;
  }
  const http = s.protocol !== "grpc";
  if (
    http &&
    s.urlFrom === "signal endpoint" &&
    !hp.path.replace(/\/+$/, "").endsWith(signalPath(s.signal))
  ) {
    checks.push({
      id,
      section: "config",
      status: "fail",
      title: `${s.urlVariable}=${s.url} has no ${signalPath(s.signal)} path: signal-specific endpoints are used exactly as given`,
      fix: `set ${s.urlVariable}=${s.url.replace(/\/+$/, "")}${signalPath(s.signal)} (or drop it and set only OTEL_EXPORTER_OTLP_ENDPOINT to the base URL)`,
    });
    return false;
  }
  if (http && s.urlFrom === "base endpoint" && /\/v1\/(metrics|logs)\/v1\/(metrics|logs)$/.test(hp.path)) {
    checks.push({
      id,
      section: "config",
      status: "fail",
      title: `OTEL_EXPORTER_OTLP_ENDPOINT already ends in /v1/...: the SDK appends ${signalPath(s.signal)} and posts to ${s.url}`,
      fix: `set OTEL_EXPORTER_OTLP_ENDPOINT to the base URL only, e.g. http://127.0.0.1:${HTTP_PORT}`,
    });
    return false;
  }
  if (s.urlFrom === "default") {
    checks.push({
      id,
      section: "config",
      status: "warn",
      title: `no OTLP endpoint set: ${s.signal} go to the default ${s.url}`,
      fix: `set "OTEL_EXPORTER_OTLP_ENDPOINT": "${s.protocol === "grpc" ? stack.grpc : stack.http}" in ${where("OTEL_EXPORTER_OTLP_ENDPOINT")}`,
    });
  }
  // Protocol and port: by convention 4317 is gRPC, 4318 HTTP; the stack's own endpoints are known exactly.
  const wrongStackPort = http ? sameHostPort(s.url, stack.grpc) : sameHostPort(s.url, stack.http);
  const wrongConventionalPort = http ? hp.port === String(GRPC_PORT) : hp.port === String(HTTP_PORT);
  if (wrongStackPort || wrongConventionalPort) {
    const right = http ? stack.http : stack.grpc;
    checks.push({
      id: `config.${s.signal}.port`,
      section: "config",
      status: "warn",
      title: `protocol ${s.protocol} but ${s.url} is ${wrongStackPort ? "the collector's" : "by convention an"} OTLP/${http ? "gRPC" : "HTTP"} port: ${s.signal} will not get through`,
      fix: http
        ? `either set OTEL_EXPORTER_OTLP_PROTOCOL=grpc, or point the endpoint at the HTTP port (${right})`
        : `either set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, or point the endpoint at the gRPC port (${right})`,
    });
  } else if (!sameHostPort(s.url, http ? stack.http : stack.grpc)) {
    checks.push({
      id,
      section: "config",
      status: "warn",
      title: `${s.signal} go to ${s.url} (${via}), not to the stack checked here (${http ? stack.http : stack.grpc})`,
      fix: "point the endpoint at the stack's collector, or run the doctor with --otlp-grpc/--otlp-http (and the other endpoint flags) for the stack you use",
    });
  } else {
    checks.push({
      id,
      section: "config",
      status: "ok",
      title: `${s.signal}: ${s.protocol} to ${s.url} (${via})`,
    });
  }
  return true;
}

/**
 * TLS as Claude Code 2.1.x does it, which is not what the OpenTelemetry SDK in Node (the doctor's
 * probe) does: measured with the real CLI (packages/e2e/test/exporter-errors-real-cli.test.ts).
 * Its gRPC exporter opens no TLS connection to an IP address; its HTTP exporters ignore
 * OTEL_EXPORTER_OTLP_CERTIFICATE and the client certificate, while NODE_EXTRA_CA_CERTS works for both.
 */
function checkTls(
  s: SignalSettings,
  config: LoadedConfig,
  checks: Check[],
  where: (name: Variable) => string,
): void {
  let url: URL;
  try {
    url = new URL(s.url);
  } catch {
    return;
  }
  if (url.protocol !== "https:") return;
  const host = url.hostname;
  const isIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  const signalVar = (kind: "CERTIFICATE" | "CLIENT_CERTIFICATE") =>
    (s.signal === "metrics"
      ? `OTEL_EXPORTER_OTLP_METRICS_${kind}`
      : `OTEL_EXPORTER_OTLP_LOGS_${kind}`) as Variable;
  const set = (kind: "CERTIFICATE" | "CLIENT_CERTIFICATE") =>
    config.get(signalVar(kind)) ?? config.get(`OTEL_EXPORTER_OTLP_${kind}` as Variable);
  if (s.protocol === "grpc") {
    if (isIp)
      checks.push({
        id: `config.${s.signal}.tls-host`,
        section: "config",
        status: "fail",
        title: `${s.signal}: gRPC over TLS to an IP address (${s.url}): Claude Code cannot connect ("Setting the TLS ServerName to an IP address is not permitted")`,
        fix: `use a host name the collector's certificate names (on this machine: ${s.url.replace(host, "localhost")}, with a certificate for localhost), or OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`,
      });
    return;
  }
  const ca = set("CERTIFICATE");
  if (ca && !config.get("NODE_EXTRA_CA_CERTS"))
    checks.push({
      id: `config.${s.signal}.ca`,
      section: "config",
      status: "warn",
      title: `${s.signal}: ${s.protocol} over TLS with a CA in OTEL_EXPORTER_OTLP_CERTIFICATE, which Claude Code's HTTP exporters ignore ("unable to verify the first certificate" for a private CA)`,
      fix: `set "NODE_EXTRA_CA_CERTS": "${ca.value}" in ${where("NODE_EXTRA_CA_CERTS")}`,
    });
  if (set("CLIENT_CERTIFICATE"))
    checks.push({
      id: `config.${s.signal}.client-certificate`,
      section: "config",
      status: "warn",
      title: `${s.signal}: ${s.protocol} with a client certificate, which Claude Code's HTTP exporters do not send: a collector requiring mutual TLS refuses them`,
      fix: `for mutual TLS set "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc" (with its port) in ${where("OTEL_EXPORTER_OTLP_PROTOCOL")}`,
    });
}
