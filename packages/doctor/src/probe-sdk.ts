import { CLI_DEFAULTS, SCOPES, SERVICE_NAME } from "@cc-otel/contract";
import { TEMPORALITY_VARIABLE } from "@cc-otel/otlp-client";
import {
  context,
  type DiagLogger,
  DiagLogLevel,
  diag,
  logs,
  metrics,
  propagation,
  trace,
} from "@opentelemetry/api";
import { loggingErrorHandler, setGlobalErrorHandler } from "@opentelemetry/core";
import { envDetector, resourceFromAttributes } from "@opentelemetry/resources";
import { LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider } from "@opentelemetry/sdk-metrics";
import { NodeSDK } from "@opentelemetry/sdk-node";
import type { Signal, Temporality } from "./config.js";
import { describeExportError } from "./probe-errors.js";
import { PROBE_EVENT, PROBE_ID_KEY, PROBE_METRIC, PROBE_TEMPORALITY_KEY } from "./probe-names.js";

/**
 * The probe's first leg, Claude Code → collector, sent the way Claude Code sends: through the
 * OpenTelemetry JS SDK (`NodeSDK`) configured ONLY from the OTEL_* environment Claude Code would
 * get (the process environment with the settings files' `env` blocks over it), read by the SDK
 * itself. So a passing probe means the user's own settings reach the stack, whatever they hold:
 * exporters, protocols, endpoints, headers, timeouts, compression, certificates, resource
 * attributes. What the probe adds to that environment, and why:
 *
 * - OTEL_{METRICS,LOGS}_EXPORTER: `otlp` for the signal under test and `none` for the other, and
 *   OTEL_TRACES_EXPORTER=none: one signal per SDK, so that every export error belongs to it (the SDK
 *   reports them through one global handler), and no console or Prometheus exporter the user also
 *   listed prints into the report or opens a port.
 * - OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE when unset: Claude Code's default, delta, which
 *   the CLI sets in code (the JS SDK's own default is cumulative). The cumulative control probe sets
 *   it to cumulative: the one thing an SDK configured from the environment cannot send beside delta.
 * - OTEL_LOG_LEVEL is dropped: the doctor's output is its report.
 *
 * Also set in code, like Claude Code does: the resource's service.name (claude-code, what Loki and
 * Prometheus select on) and service.version; the only resource detector is the environment's
 * (OTEL_RESOURCE_ATTRIBUTES), since the CLI's resource is its own identity plus those attributes,
 * not the Node host and process detectors.
 *
 * The JS SDK reads process.env — at construction, and for gRPC over TLS at the first connection —
 * so the environment is swapped into process.env for the whole send, then restored. Sends are
 * therefore one at a time.
 */

/** The environment one probe send's NodeSDK reads. */
export function probeEnvironment(
  user: Readonly<Record<string, string>>,
  signal: Signal,
  temporality?: Temporality,
): Record<string, string> {
  const env: Record<string, string> = { ...user };
  delete env.OTEL_LOG_LEVEL;
  env.OTEL_METRICS_EXPORTER = signal === "metrics" ? "otlp" : "none";
  env.OTEL_LOGS_EXPORTER = signal === "logs" ? "otlp" : "none";
  env.OTEL_TRACES_EXPORTER = "none";
  if (temporality !== undefined) env[TEMPORALITY_VARIABLE] = temporality;
  else if (!env[TEMPORALITY_VARIABLE]?.trim()) env[TEMPORALITY_VARIABLE] = CLI_DEFAULTS.metricTemporality;
  return env;
}

async function withProcessEnv<T>(env: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.entries(process.env).filter(([k]) => k.startsWith("OTEL_"));
  const clear = () => {
    for (const k of Object.keys(process.env)) if (k.startsWith("OTEL_")) delete process.env[k];
  };
  clear();
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    clear();
    for (const [k, v] of saved) process.env[k] = v;
  }
}

/** NodeSDK registers its providers globally; a second SDK can only register once they are gone. */
function unregisterGlobals(): void {
  metrics.disable();
  logs.disable();
  trace.disable();
  propagation.disable();
  context.disable();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends the probe metric (two exports, like two export intervals, labelled with the temporality
 * `env` asks for) or event through a NodeSDK built from `env`; resolves with the first export
 * error, undefined when the SDK exported it.
 */
export async function sendThroughNodeSdk(
  env: Readonly<Record<string, string>>,
  signal: Signal,
  probeId: string,
  temporality: Temporality,
): Promise<string | undefined> {
  const errors: string[] = [];
  // Export failures reach the global error handler; a metric export that outlasts the reader's
  // own timeout only reaches the diagnostic log.
  const diagErrors: DiagLogger = {
    error: (message, ...args) => errors.push([message, ...args.map(String)].join(" ")),
    warn: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  };
  return withProcessEnv(env, async () => {
    unregisterGlobals();
    setGlobalErrorHandler((e) => errors.push(describeExportError(e)));
    diag.setLogger(diagErrors, { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true });
    const sdk = new NodeSDK({
      serviceName: SERVICE_NAME,
      resource: resourceFromAttributes({ "service.version": "cc-otel-doctor" }),
      resourceDetectors: [envDetector],
    });
    try {
      sdk.start();
      if (signal === "metrics") {
        const provider = metrics.getMeterProvider();
        if (!(provider instanceof MeterProvider))
          return "the OpenTelemetry SDK set up no metrics exporter from these settings (OTEL_SDK_DISABLED?)";
        const counter = provider
          .getMeter(SCOPES.metrics)
          .createCounter(PROBE_METRIC, { description: "cc-otel doctor probe" });
        for (let i = 0; i < 2 && errors.length === 0; i++) {
          counter.add(1, { [PROBE_ID_KEY]: probeId, [PROBE_TEMPORALITY_KEY]: temporality });
          await provider.forceFlush();
          if (i === 0) await sleep(50);
        }
      } else {
        const provider = logs.getLoggerProvider();
        if (!(provider instanceof LoggerProvider))
          return "the OpenTelemetry SDK set up no logs exporter from these settings (OTEL_SDK_DISABLED?)";
        provider.getLogger(SCOPES.events).emit({
          body: PROBE_METRIC,
          timestamp: Date.now(),
          attributes: { "event.name": PROBE_EVENT, [PROBE_ID_KEY]: probeId },
        });
        await provider.forceFlush();
      }
      return errors[0];
    } finally {
      await sdk.shutdown().catch((e: unknown) => errors.push(describeExportError(e)));
      unregisterGlobals();
      setGlobalErrorHandler(loggingErrorHandler());
      diag.disable();
    }
  });
}
