import { homedir } from "node:os";
import { COLLECTOR } from "@cc-otel/collector/names";
import { loadConfig, managedSettingsPath, temporalityOf, WSL_WINDOWS_MANAGED_SETTINGS } from "./config.js";
import { checkConfig } from "./config-checks.js";
import type { Check, Report } from "./model.js";
import { newProbeId, runProbe } from "./probe.js";
import { checkStack, DEFAULT_ENDPOINTS, type StackEndpoints } from "./stack-checks.js";

export interface DoctorOptions {
  /** The environment Claude Code starts with (default: this process'). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Home directory holding .claude/settings.json (default: the user's). */
  readonly home?: string;
  /** Managed settings file (default: the platform's path); its managed-settings.d/ is read too. */
  readonly managedSettings?: string;
  readonly endpoints?: Partial<StackEndpoints>;
  /** Prometheus scrape job of the collector's self-metrics. */
  readonly collectorJob?: string;
  /** `skip`: do not query Loki with LogQL (a stand-in cannot answer); check ingestion only, with a loud note. */
  readonly lokiReadback?: "auto" | "skip";
  /** Skip the probe (configuration and health checks only). */
  readonly probe?: boolean;
  /** How long to wait for the probe to show up in Prometheus / Loki. */
  readonly timeoutMs?: number;
}

export async function runDoctor(opts: DoctorOptions = {}): Promise<Report> {
  const env = opts.env ?? process.env;
  const inputs = {
    env,
    home: opts.home ?? env.HOME ?? homedir(),
    managedSettingsPath: opts.managedSettings ?? managedSettingsPath(process.platform),
    // WSL (a Linux with WSL_DISTRO_NAME): Claude Code may also read Windows' managed settings.
    ...(!opts.managedSettings && process.platform === "linux" && env.WSL_DISTRO_NAME
      ? { wslWindowsManagedSettingsPath: WSL_WINDOWS_MANAGED_SETTINGS }
      : {}),
  };
  const endpoints: StackEndpoints = { ...DEFAULT_ENDPOINTS, ...opts.endpoints };
  const lokiReadback = opts.lokiReadback ?? "auto";

  const config = loadConfig(inputs);
  const cfg = checkConfig(inputs, config, { grpc: endpoints.otlpGrpc, http: endpoints.otlpHttp });
  const stack = await checkStack(endpoints, {
    collectorJob: opts.collectorJob ?? COLLECTOR.job,
    lokiReadback,
  });
  const checks: Check[] = [...cfg.checks, ...stack.checks];
  const notes: string[] = [];
  let probeId: string | undefined;
  if (opts.probe !== false) {
    probeId = newProbeId();
    const probe = await runProbe({
      probeId,
      environment: config.otelEnvironment(),
      endpoints,
      metrics: cfg.metrics,
      logs: cfg.logs,
      usable: cfg.usable,
      temporality: temporalityOf(config).temporality,
      prometheusReady: stack.prometheusReady,
      lokiKind: stack.lokiKind,
      lokiReadback,
      ...(stack.selfMetrics ? { before: stack.selfMetrics } : {}),
      timeoutMs: opts.timeoutMs ?? 30_000,
    });
    checks.push(...probe.checks);
    notes.push(...probe.notes);
  } else {
    notes.push("NOTE: probe skipped (--no-probe): the checks above cannot prove that data flows end to end.");
  }
  return { checks, notes, ...(probeId ? { probeId } : {}), ok: !checks.some((c) => c.status === "fail") };
}
