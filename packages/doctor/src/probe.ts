import { COLLECTOR, COLLECTOR_LOGS_COMMAND, PROCESSOR } from "@cc-otel/collector/names";
import { prometheusLabelFor } from "@cc-otel/contract";
import { type ExportTarget, signalUrlFromBase } from "@cc-otel/otlp-client";
import type { Protocol, Signal, SignalSettings, Temporality } from "./config.js";
import { sameHostPort } from "./config-checks.js";
import { http } from "./http.js";
import type { Check } from "./model.js";
import { sendEventDirect, sendMetricDirect } from "./probe-direct.js";
import { lokiProbeQuery, PROBE_ID_KEY, PROBE_SERIES, PROBE_TEMPORALITY_KEY } from "./probe-names.js";
import { probeEnvironment, sendThroughNodeSdk } from "./probe-sdk.js";
import { SELF, SelfMetrics } from "./self-metrics.js";
import { type LokiKind, type StackEndpoints, scrapeSelfMetrics } from "./stack-checks.js";

export {
  lokiProbeQuery,
  newProbeId,
  PROBE_EVENT,
  PROBE_ID_KEY,
  PROBE_METRIC,
  PROBE_SERIES,
  PROBE_TEMPORALITY_KEY,
} from "./probe-names.js";

/**
 * The probe: a tagged metric and event sent the way Claude Code would send them — through the
 * OpenTelemetry JS SDK configured from the user's own OTEL_* environment (probe-sdk.ts) — then read
 * back from Prometheus (PromQL, by probe_id) and Loki (LogQL, by probe_id). A delta probe is paired
 * with a cumulative one: when only the cumulative one lands, the pipeline lacks a delta-to-
 * cumulative step. When the user's settings do not get through, the doctor sends the probe to the
 * stack's endpoint itself (probe-direct.ts), so that the rest of the path is still checked.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ProbeInputs {
  readonly probeId: string;
  /** Every OTEL_* variable as Claude Code would see it (LoadedConfig.otelEnvironment()). */
  readonly environment: Readonly<Record<string, string>>;
  readonly endpoints: StackEndpoints;
  readonly metrics: SignalSettings;
  readonly logs: SignalSettings;
  /** Whether the user's settings export this signal over OTLP at a usable URL. */
  readonly usable: { readonly metrics: boolean; readonly logs: boolean };
  readonly temporality: Temporality;
  readonly prometheusReady: boolean;
  readonly lokiKind: LokiKind;
  readonly lokiReadback: "auto" | "skip";
  readonly before?: SelfMetrics;
  readonly timeoutMs: number;
}

export interface ProbeResult {
  readonly checks: Check[];
  readonly notes: string[];
}

function stackTarget(ep: StackEndpoints, signal: Signal, s: SignalSettings): ExportTarget {
  const protocol: Protocol = s.protocol ?? "http/protobuf";
  return {
    protocol,
    url: signalUrlFromBase(protocol === "grpc" ? ep.otlpGrpc : ep.otlpHttp, protocol, signal),
    headers: s.headers,
  };
}

function leg1Hint(s: SignalSettings, ep: StackEndpoints, error: string): string {
  const grpc = s.protocol === "grpc";
  if (grpc && sameHostPort(s.url, ep.otlpHttp)) {
    return `gRPC sent to the collector's OTLP/HTTP port: set the endpoint to ${ep.otlpGrpc} or OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf`;
  }
  if (!grpc && sameHostPort(s.url, ep.otlpGrpc)) {
    return `HTTP sent to the collector's OTLP/gRPC port: set the endpoint to ${ep.otlpHttp} or OTEL_EXPORTER_OTLP_PROTOCOL=grpc`;
  }
  if (/refused|ECONNREFUSED|UNAVAILABLE|No connection established/i.test(error)) {
    return `nothing accepts OTLP at ${s.url}: fix the endpoint's host/port (the stack's OTLP ports: gRPC ${ep.otlpGrpc}, HTTP ${ep.otlpHttp}) or start the collector`;
  }
  if (/401|403|Unauthenticated|Unauthorized|PermissionDenied|Forbidden/i.test(error)) {
    return "the collector refuses the credentials: check OTEL_EXPORTER_OTLP_HEADERS (Authorization=Bearer <token>)";
  }
  return `check the endpoint, protocol and headers; the collector's log says more (${COLLECTOR_LOGS_COMMAND})`;
}

async function promQuery(
  base: string,
  expr: string,
): Promise<{ metric: Record<string, string> }[] | undefined> {
  const res = await http(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  if (!res.ok) return undefined;
  return (JSON.parse(res.body) as { data?: { result?: { metric: Record<string, string> }[] } }).data?.result;
}

async function lokiHasProbe(base: string, probeId: string, sinceMs: number): Promise<boolean> {
  const params = new URLSearchParams({
    query: lokiProbeQuery(probeId),
    start: `${BigInt(sinceMs - 300_000) * 1_000_000n}`,
    end: `${BigInt(Date.now() + 60_000) * 1_000_000n}`,
    limit: "5",
    direction: "backward",
  });
  const res = await http(`${base}/loki/api/v1/query_range?${params}`);
  if (!res.ok) return false;
  const body = JSON.parse(res.body) as { data?: { result?: { values?: unknown[] }[] } };
  return (body.data?.result ?? []).some((r) => (r.values?.length ?? 0) > 0);
}

export async function runProbe(p: ProbeInputs): Promise<ProbeResult> {
  const checks: Check[] = [];
  const notes: string[] = [];
  const add = (c: Omit<Check, "section">) => checks.push({ ...c, section: "probe" });
  const ep = p.endpoints;
  const startedMs = Date.now();

  // Leg 1: Claude Code → collector, with the user's own settings through the SDK; fall back to
  // the stack's endpoint so that the rest of the path is still checked.
  const delivered = { metrics: false, logs: false };
  const temporalities: Temporality[] = p.temporality === "delta" ? ["delta", "cumulative"] : ["cumulative"];
  const sendUser = async (signal: Signal): Promise<string | undefined> => {
    if (signal === "logs")
      return sendThroughNodeSdk(probeEnvironment(p.environment, "logs"), "logs", p.probeId, p.temporality);
    let err = await sendThroughNodeSdk(
      probeEnvironment(p.environment, "metrics"),
      "metrics",
      p.probeId,
      p.temporality,
    );
    // The control probe: the same settings, cumulative.
    if (!err && p.temporality === "delta")
      err = await sendThroughNodeSdk(
        probeEnvironment(p.environment, "metrics", "cumulative"),
        "metrics",
        p.probeId,
        "cumulative",
      );
    return err;
  };
  const sendStack = (signal: Signal, target: ExportTarget): Promise<string | undefined> =>
    signal === "metrics"
      ? Promise.all(temporalities.map((tm) => sendMetricDirect(target, p.probeId, tm))).then((errs) =>
          errs.find((e) => e),
        )
      : sendEventDirect(target, p.probeId);
  for (const signal of ["metrics", "logs"] as const) {
    const s = p[signal];
    const fallback = stackTarget(ep, signal, s);
    if (p.usable[signal]) {
      const user = { protocol: s.protocol ?? "http/protobuf", url: s.url };
      const err = await sendUser(signal);
      if (!err) {
        delivered[signal] = true;
        add({
          id: `probe.${signal}.send`,
          status: "ok",
          title: `Claude Code → collector (${signal}): ${user.protocol} to ${user.url} accepted`,
        });
        continue;
      }
      add({
        id: `probe.${signal}.send`,
        status: "fail",
        title: `Claude Code → collector (${signal}): ${user.protocol} to ${user.url} failed: ${err}`,
        fix: leg1Hint(s, ep, err),
      });
      if (user.protocol === fallback.protocol && user.url === fallback.url) continue;
    }
    const err = await sendStack(signal, fallback);
    if (!err) {
      delivered[signal] = true;
      add({
        id: `probe.${signal}.stack-send`,
        status: "note",
        title: `probe ${signal} sent to the stack's ${fallback.protocol} endpoint ${fallback.url} instead (accepted), to check the rest of the path`,
      });
    } else {
      add({
        id: `probe.${signal}.stack-send`,
        status: "fail",
        title: `the collector does not accept ${signal} at ${fallback.url}: ${err}`,
        fix: "start the collector (pnpm stack:up) and check it is healthy (pnpm stack:status)",
      });
    }
  }

  // Leg 2: collector → Prometheus, read back by probe_id.
  const idLabel = prometheusLabelFor(PROBE_ID_KEY);
  const tLabel = prometheusLabelFor(PROBE_TEMPORALITY_KEY);
  if (!delivered.metrics) {
    add({
      id: "probe.prometheus",
      status: "skip",
      title: "collector → Prometheus: not checked (the probe never reached the collector)",
    });
  } else if (!p.prometheusReady) {
    add({
      id: "probe.prometheus",
      status: "skip",
      title: "collector → Prometheus: not checked (Prometheus is not ready, see above)",
    });
  } else {
    const found = new Set<string>();
    let firstFoundAt: number | undefined;
    const deadline = Date.now() + p.timeoutMs;
    while (Date.now() < deadline) {
      const rows = (await promQuery(ep.prometheus, `${PROBE_SERIES}{${idLabel}="${p.probeId}"}`)) ?? [];
      for (const r of rows) if (r.metric[tLabel]) found.add(r.metric[tLabel]);
      if (temporalities.every((t) => found.has(t))) break;
      if (found.size > 0) firstFoundAt ??= Date.now();
      // Both probes travel in the same batch: once one lands, the other has had its chance.
      if (firstFoundAt !== undefined && Date.now() - firstFoundAt > 8_000) break;
      await sleep(1_000);
    }
    const after = await scrapeSelfMetrics(ep.collectorMetrics);
    const d = (name: string) => SelfMetrics.delta(p.before, after, name);
    const evidence = after
      ? `collector during the probe: +${d(SELF.sentMetricPoints)} metric points exported, +${d(SELF.sendFailedMetricPoints)} rejected, +${d(SELF.prwFailedTranslations)} failed translations, ${after.sum(SELF.queueSize, { data_type: "metrics" })} batches queued`
      : "collector self-metrics unavailable";
    const secs = ((Date.now() - startedMs) / 1000).toFixed(1);
    if (temporalities.every((t) => found.has(t))) {
      add({
        id: "probe.prometheus",
        status: "ok",
        title: `collector → Prometheus: probe ${temporalities.join(" + ")} metric found by ${idLabel} after ${secs} s`,
      });
    } else if (temporalities.includes("delta") && found.has("cumulative") && !found.has("delta")) {
      add({
        id: "probe.prometheus",
        status: "fail",
        title:
          "temporality: cumulative metrics reach Prometheus but DELTA metrics (Claude Code's default) are dropped — the collector's metrics pipeline has no delta-to-cumulative conversion",
        detail: evidence,
        fix: `add the ${PROCESSOR.deltaToCumulative} processor to the collector's metrics pipeline (as stack/collector/config.yaml does), or set OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative for Claude Code`,
      });
    } else {
      const rejected = after ? d(SELF.sendFailedMetricPoints) > 0 : false;
      const stuck = after ? d(SELF.sentMetricPoints) === 0 : false;
      add({
        id: "probe.prometheus",
        status: "fail",
        title: `collector → Prometheus: probe ${temporalities.filter((t) => !found.has(t)).join(" and ")} metric not found within ${Math.round(p.timeoutMs / 1000)} s${found.size ? ` (${[...found].join(", ")} found)` : ""}`,
        detail: evidence,
        fix: rejected
          ? `Prometheus rejects the collector's writes: read the error in ${COLLECTOR_LOGS_COMMAND} (401/403: the backend wants credentials or a tenant — the backend-auth and backend-tenant overlays, docs: Hosted and multi-tenant backends)`
          : stuck
            ? `the collector cannot write to Prometheus: check CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL (…/api/v1/write) and ${COLLECTOR_LOGS_COMMAND}`
            : `read the collector's log (${COLLECTOR_LOGS_COMMAND}) and Prometheus' (pnpm stack:logs prometheus)`,
      });
    }
  }

  // Leg 3: collector → Loki. Real Loki: LogQL read-back. Otherwise (stand-in, or --loki-readback=skip):
  // the collector's own count of exported events, and a loud note that nothing was read back.
  if (!delivered.logs) {
    add({
      id: "probe.loki",
      status: "skip",
      title: "collector → Loki: not checked (the probe event never reached the collector)",
    });
    return { checks, notes };
  }
  const readBack = p.lokiReadback === "auto" && p.lokiKind === "loki";
  if (readBack) {
    const deadline = Date.now() + p.timeoutMs;
    let found = false;
    while (!found && Date.now() < deadline) {
      found = await lokiHasProbe(ep.loki, p.probeId, startedMs);
      if (!found) await sleep(1_000);
    }
    if (found) {
      add({
        id: "probe.loki",
        status: "ok",
        title: `collector → Loki: probe event found with LogQL ${lokiProbeQuery(p.probeId)}`,
      });
      return { checks, notes };
    }
  }
  // Ingestion evidence from the collector: did at least one event leave it, and none fail?
  let sent = 0;
  let failed = 0;
  let after: SelfMetrics | undefined;
  const deadline = Date.now() + (readBack ? 0 : p.timeoutMs);
  do {
    after = await scrapeSelfMetrics(ep.collectorMetrics);
    sent = SelfMetrics.delta(p.before, after, SELF.sentLogRecords);
    failed =
      SelfMetrics.delta(p.before, after, SELF.sendFailedLogRecords) +
      SelfMetrics.delta(p.before, after, SELF.enqueueFailedLogRecords);
    if (sent > 0 || failed > 0) break;
    await sleep(1_000);
  } while (Date.now() < deadline);
  const queued = after?.sum(SELF.queueSize, { data_type: "logs" }) ?? 0;
  const evidence = after
    ? `collector during the probe: +${sent} events exported, +${failed} rejected or dropped, ${queued} batches queued`
    : "collector self-metrics unavailable";
  if (readBack) {
    add({
      id: "probe.loki",
      status: "fail",
      title: `collector → Loki: probe event not found in Loki within ${Math.round(p.timeoutMs / 1000)} s (${lokiProbeQuery(p.probeId)})`,
      detail: evidence,
      fix:
        sent > 0
          ? "the collector exported events but Loki does not return them: check Loki's OTLP settings (otlp_config, structured metadata) and pnpm stack:logs loki"
          : `events do not leave the collector: check CC_OTEL_LOKI_OTLP_URL and ${COLLECTOR_LOGS_COMMAND}`,
    });
  } else if (!after) {
    add({
      id: "probe.loki",
      status: "warn",
      title:
        "collector → Loki: cannot tell (no LogQL read-back, and the collector's self-metrics are unreadable)",
      fix: `make the collector's port ${COLLECTOR.selfMetricsPort} reachable, or check against real Loki without --loki-readback=skip`,
    });
  } else if (sent > 0 && failed === 0) {
    add({
      id: "probe.loki",
      status: "ok",
      title: `collector → Loki: the collector delivered events to ${ep.loki} (+${sent} exported, none rejected); LogQL read-back SKIPPED`,
    });
    notes.push(
      `NOTE: Loki was NOT queried. ${p.lokiKind === "stand-in" ? `${ep.loki} is a stand-in, not real Loki, so` : "With --loki-readback=skip,"} the probe event was checked only up to Loki's OTLP ingestion (the collector's exporter reported it sent). Against real Loki, run without --loki-readback=skip: the doctor then reads the event back with LogQL ${lokiProbeQuery(p.probeId)}.`,
    );
  } else {
    add({
      id: "probe.loki",
      status: "fail",
      title:
        failed > 0
          ? "collector → Loki: Loki rejects the collector's events (or its queue is full): events are being lost"
          : `collector → Loki: events do not leave the collector (nothing exported within ${Math.round(p.timeoutMs / 1000)} s): Loki is unreachable from it`,
      detail: evidence,
      fix:
        failed > 0
          ? `read the exporter error: ${COLLECTOR_LOGS_COMMAND} | grep -i loki`
          : "start Loki (pnpm stack:up) and check CC_OTEL_LOKI_OTLP_URL; queued events are sent once Loki answers",
    });
  }
  return { checks, notes };
}
