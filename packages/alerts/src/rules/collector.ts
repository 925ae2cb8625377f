import {
  COLLECTOR,
  COLLECTOR_LOGS_COMMAND,
  EXPORTER,
  PROCESSOR,
  RECEIVER,
  SELF_METRICS,
  SELF_METRICS_TARGET,
} from "@cc-otel/collector/names";
import { COLLECTOR_METRICS as M } from "../collector-metrics.js";
import { type AlertCase, type AlertRule, type RuleGroup, T } from "../model.js";
import type { AlertOptions } from "../options.js";

/**
 * The collector: is it up, does it accept what clients send, does what it accepts leave it?
 * Names are the real self-metrics of the pinned collector, and its component ids, from
 * @cc-otel/collector (see collector-metrics.ts).
 *
 * With the stack's exporter settings (retry forever, disk queue for Loki), an unreachable backend
 * does NOT count as a send failure: data waits in the queue. So "backend down" is caught by
 * ExportStalled (accepting, sending nothing) and QueueFilling; SendFailing means data was
 * rejected for good (e.g. samples Prometheus refuses), QueueFull means data is being dropped.
 */

const INSTANCE = SELF_METRICS_TARGET;
const LOGS = COLLECTOR_LOGS_COMMAND;
const OTLP = `receiver="${RECEIVER.otlp}"`;
const LIMITER = `processor="${PROCESSOR.memoryLimiter}"`;
const D2C = PROCESSOR.deltaToCumulative;

export function collectorGroup(opts: AlertOptions): RuleGroup {
  const job = `job="${opts.collectorJob}"`;
  const sel = (name: string) => `${name}{${job}}`;
  const L = (extra = "") => `{${job}, instance="${INSTANCE}"${extra ? `, ${extra}` : ""}}`;
  const labels = (extra: Record<string, string> = {}) => ({
    job: opts.collectorJob,
    instance: INSTANCE,
    ...extra,
  });
  /** `rate > 0` per (job, instance[, by]) for the metric-points and log-records variants of a counter. */
  const failing = (metricPoints: string, logRecords: string, by: string[] = [], window = "5m") => {
    const grouping = ["job", "instance", ...by].join(", ");
    return `sum by (${grouping}) (rate(${sel(metricPoints)}[${window}])) > 0\nor\nsum by (${grouping}) (rate(${sel(logRecords)}[${window}])) > 0`;
  };
  const PRW = `exporter="${EXPORTER.prometheus}"`;
  const LOKI = `exporter="${EXPORTER.loki}"`;
  const quietAlways = (series: string): AlertCase => ({
    title: "healthy: the counter never moves",
    series: [{ series, values: "0x40" }],
    at: "30m",
    expect: [],
  });

  const down: AlertRule = {
    alert: "ClaudeCodeCollectorDown",
    expr: `up{${job}} == 0`,
    for: "2m",
    severity: "critical",
    labels: { component: "collector" },
    summary: "The OpenTelemetry Collector is down: Claude Code telemetry is not being received",
    description: `Prometheus cannot scrape the collector at ${T.label("instance")}. While it is down, Claude Code clients cannot deliver metrics or events (they retry for a short while, then drop). Check the collector container or pod and its logs: pnpm stack:status, ${LOGS}.`,
    runbook: {
      meaning: `Prometheus' scrape of the collector's self-metrics (port ${COLLECTOR.selfMetricsPort}) has failed for 2 minutes: the collector process is down, restarting, or unreachable from Prometheus.`,
      causes: [
        "The collector crashed or is restarting (a bad config after an edit: it refuses to start).",
        "Out of memory: the container was killed (look for OOMKilled).",
        "Network: Prometheus cannot reach the collector (wrong target, network policy).",
      ],
      actions: [
        "`pnpm stack:status` (Docker) or `kubectl -n cc-otel get pods` (Kubernetes).",
        `Read the collector's last log lines: \`${LOGS}\`; a config error names the line.`,
        `Check the health endpoint: \`curl -s http://127.0.0.1:${COLLECTOR.healthPort}/\`.`,
        "Run `pnpm run doctor` for an end-to-end diagnosis.",
      ],
      confirm: `up{${job}}`,
    },
    tests: {
      fires: [
        {
          title: "scrape failing for 5 minutes",
          series: [{ series: `up${L()}`, values: "1x10 0x10" }],
          at: "15m",
          expect: [{ labels: labels(), value: 0 }],
        },
      ],
      quiet: [
        { title: "up", series: [{ series: `up${L()}`, values: "1x30" }], at: "20m", expect: [] },
        {
          title: "a single failed scrape (restart)",
          series: [{ series: `up${L()}`, values: "1x10 0 1x10" }],
          at: "12m",
          expect: [],
        },
      ],
    },
  };

  const sendFailing: AlertRule = {
    alert: "ClaudeCodeCollectorExportFailing",
    expr: failing(M.sendFailedMetricPoints, M.sendFailedLogRecords, ["exporter"]),
    for: "10m",
    severity: "critical",
    labels: { component: "collector" },
    summary: "The collector is dropping data its backend rejects",
    description: `Exporter ${T.label("exporter")} on ${T.label("instance")} has failed to send ${T.value2} items/s for 10 minutes; these are dropped, not retried. Read the collector log for the exporter's error (Prometheus "out of bounds"/"out of order" samples, Loki "too old"/"rate limited").`,
    runbook: {
      meaning:
        "An exporter is giving up on data: the backend answered with a permanent error. With the stack's retry-forever setting, an unreachable backend does not count here — rejected data does.",
      causes: [
        "Prometheus rejects samples: too old (older than the out-of-order window, e.g. a backfill of more than 8 days) or duplicate with a different value.",
        "Loki rejects entries: older than `reject_old_samples_max_age`, ingestion rate limits, or too many streams.",
        "An authenticating proxy in front of the backend answers 401/403.",
      ],
      actions: [
        `Read the exporter's error in the collector log: \`${LOGS} | grep -i 'failed'\`.`,
        "For backfills, stay within 8 days (`pnpm simulate --backfill 7d`) and backfill into an empty stack.",
        "For Loki limits, raise `limits_config` in stack/loki/loki.yaml.",
      ],
      confirm: `sum by (exporter) (rate(${M.sendFailedMetricPoints}[5m])) or sum by (exporter) (rate(${M.sendFailedLogRecords}[5m]))`,
    },
    tests: {
      fires: [
        {
          title: "remote write rejecting 6 points a minute",
          series: [{ series: `${M.sendFailedMetricPoints}${L(PRW)}`, values: "0+6x30" }],
          at: "20m",
          expect: [{ labels: labels({ exporter: EXPORTER.prometheus }), value: 0.1 }],
        },
        {
          title: "Loki rejecting 12 records a minute",
          series: [{ series: `${M.sendFailedLogRecords}${L(LOKI)}`, values: "0+12x30" }],
          at: "20m",
          expect: [{ labels: labels({ exporter: EXPORTER.loki }), value: 0.2 }],
        },
      ],
      quiet: [
        {
          title: "failures that stopped long ago",
          series: [{ series: `${M.sendFailedMetricPoints}${L(PRW)}`, values: "5x30" }],
          at: "20m",
          expect: [],
        },
        {
          title: "a one-off burst (a rejected backfill)",
          series: [{ series: `${M.sendFailedMetricPoints}${L(PRW)}`, values: "0x10 12x20" }],
          at: "20m",
          expect: [],
        },
      ],
    },
  };

  const queueFull: AlertRule = {
    alert: "ClaudeCodeCollectorQueueFull",
    expr: failing(M.enqueueFailedMetricPoints, M.enqueueFailedLogRecords, ["exporter"]),
    for: "2m",
    severity: "critical",
    labels: { component: "collector" },
    summary: "The collector's sending queue is full: telemetry is being dropped",
    description: `Exporter ${T.label("exporter")} on ${T.label("instance")} drops ${T.value2} items/s because its sending queue is full — its backend has been unreachable or too slow for a long time. Bring the backend back (Prometheus or Loki); the queue drains by itself.`,
    runbook: {
      meaning:
        "The exporter's sending queue reached its capacity; new data is dropped. This follows a long backend outage (ClaudeCodeCollectorExportStalled and ClaudeCodeCollectorQueueFilling usually fired first).",
      causes: [
        "Prometheus or Loki down or unreachable for a long time.",
        "The backend is far slower than the incoming volume (undersized Loki, slow disk).",
      ],
      actions: [
        "Check the backends: `pnpm stack:status`, `curl -s http://127.0.0.1:9090/-/ready`, `curl -s http://127.0.0.1:3100/ready`.",
        `Once the backend is back, watch \`${M.queueSize}\` drain.`,
        "For sustained high volume, raise `sending_queue.queue_size` in the collector config, or scale the backend.",
      ],
      confirm: `${M.queueSize} / ${M.queueCapacity}`,
    },
    tests: {
      fires: [
        {
          title: "Loki queue full, dropping 6 records a minute",
          series: [{ series: `${M.enqueueFailedLogRecords}${L(LOKI)}`, values: "0+6x20" }],
          at: "10m",
          expect: [{ labels: labels({ exporter: EXPORTER.loki }), value: 0.1 }],
        },
        {
          title: "remote-write queue full",
          series: [{ series: `${M.enqueueFailedMetricPoints}${L(PRW)}`, values: "0+60x20" }],
          at: "10m",
          expect: [{ labels: labels({ exporter: EXPORTER.prometheus }), value: 1 }],
        },
      ],
      quiet: [
        quietAlways(`${M.enqueueFailedLogRecords}${L(LOKI)}`),
        {
          title: "drops that ended 20 minutes ago",
          series: [{ series: `${M.enqueueFailedLogRecords}${L(LOKI)}`, values: "0+6x10 60x30" }],
          at: "30m",
          expect: [],
        },
      ],
    },
  };

  const queueFilling: AlertRule = {
    alert: "ClaudeCodeCollectorQueueFilling",
    expr: `max by (job, instance, exporter) (\n  ${sel(M.queueSize)} / ${sel(M.queueCapacity)}\n) > 0.5`,
    for: "10m",
    severity: "warning",
    labels: { component: "collector" },
    summary: "The collector's sending queue is filling up",
    description: `The sending queue of exporter ${T.label("exporter")} on ${T.label("instance")} is ${T.percent} full: its backend is not keeping up or is unreachable. When it is full, data is dropped. Check the backend now.`,
    runbook: {
      meaning:
        "More than half of an exporter's queue is occupied for 10 minutes. Data is safe so far (the Loki queue is on disk; the remote-write queue is in memory), but it will be dropped once the queue is full.",
      causes: [
        "The backend (Prometheus, Loki) is down, restarting, or slow.",
        "A burst far above normal volume.",
      ],
      actions: [
        `Check the backend it sends to (exporter \`${EXPORTER.prometheus}\` → Prometheus, \`${EXPORTER.loki}\` → Loki).`,
        "Look at the collector log for `Exporting failed. Will retry`.",
      ],
      confirm: `${M.queueSize} / ${M.queueCapacity}`,
    },
    tests: {
      fires: [
        {
          title: "Loki queue 80% full",
          series: [
            { series: `${M.queueSize}${L(`data_type="logs", ${LOKI}`)}`, values: "800x30" },
            { series: `${M.queueCapacity}${L(`data_type="logs", ${LOKI}`)}`, values: "1000x30" },
          ],
          at: "15m",
          expect: [{ labels: labels({ exporter: EXPORTER.loki }), value: 0.8 }],
        },
      ],
      quiet: [
        {
          title: "queue nearly empty",
          series: [
            { series: `${M.queueSize}${L(`data_type="logs", ${LOKI}`)}`, values: "3x30" },
            { series: `${M.queueCapacity}${L(`data_type="logs", ${LOKI}`)}`, values: "1000x30" },
          ],
          at: "15m",
          expect: [],
        },
        {
          title: "a short backlog that drained within 10 minutes",
          series: [
            { series: `${M.queueSize}${L(`data_type="logs", ${LOKI}`)}`, values: "0x5 700x5 0x20" },
            { series: `${M.queueCapacity}${L(`data_type="logs", ${LOKI}`)}`, values: "1000x30" },
          ],
          at: "12m",
          expect: [],
        },
      ],
    },
  };

  const stalled = (signal: "metrics" | "logs", accepted: string, sent: string) =>
    `label_replace(\n  (sum by (job, instance) (rate(${sel(accepted)}[10m])) > 0)\n  unless\n  (sum by (job, instance) (rate(${sel(sent)}[10m])) > 0),\n  "signal", "${signal}", "", ""\n)`;
  const exportStalled: AlertRule = {
    alert: "ClaudeCodeCollectorExportStalled",
    expr: `${stalled("metrics", M.receiverAcceptedMetricPoints, M.sentMetricPoints)}\nor\n${stalled("logs", M.receiverAcceptedLogRecords, M.sentLogRecords)}`,
    for: "10m",
    severity: "critical",
    labels: { component: "collector" },
    summary: "The collector receives Claude Code telemetry but exports none of it",
    description: `Collector ${T.label("instance")} accepts ${T.value2} ${T.label("signal")} items/s from clients but has sent nothing to its backend for 10 minutes: the ${T.label("signal")} backend (metrics: Prometheus, logs: Loki) is unreachable or rejecting. Data waits in the sending queue until it is full. Check that backend.`,
    runbook: {
      meaning:
        "Data arrives at the collector (receiver accepted counters rise) but nothing leaves (exporter sent counters flat or absent) for a signal. The dashboard stops updating for that signal.",
      causes: [
        "Prometheus (for metrics) or Loki (for logs) down, or its URL wrong in the collector's environment (`CC_OTEL_PROMETHEUS_REMOTE_WRITE_URL`, `CC_OTEL_LOKI_OTLP_URL`).",
        "The backend rejects everything (authentication, a proxy answering errors).",
      ],
      actions: [
        "Check the backend: `curl -s http://127.0.0.1:9090/-/ready`, `curl -s http://127.0.0.1:3100/ready`.",
        `Read the exporter errors: \`${LOGS} | grep -i 'exporting failed'\`.`,
        "Run `pnpm run doctor`: it sends a probe and reports where it stops.",
      ],
      confirm: `rate(${M.receiverAcceptedMetricPoints}[10m]) and rate(${M.sentMetricPoints}[10m])`,
    },
    tests: {
      fires: [
        {
          title: "metrics accepted, remote write sending nothing",
          series: [
            {
              series: `${M.receiverAcceptedMetricPoints}${L(`${OTLP}, transport="grpc"`)}`,
              values: "0+60x40",
            },
            { series: `${M.sentMetricPoints}${L(PRW)}`, values: "5x40" },
          ],
          at: "30m",
          expect: [{ labels: labels({ signal: "metrics" }), value: 1 }],
        },
        {
          title: "logs accepted, no log ever exported (the series does not even exist)",
          series: [
            {
              series: `${M.receiverAcceptedLogRecords}${L(`${OTLP}, transport="http"`)}`,
              values: "0+30x40",
            },
          ],
          at: "30m",
          expect: [{ labels: labels({ signal: "logs" }), value: 0.5 }],
        },
      ],
      quiet: [
        {
          title: "accepted and sent",
          series: [
            {
              series: `${M.receiverAcceptedMetricPoints}${L(`${OTLP}, transport="grpc"`)}`,
              values: "0+60x40",
            },
            { series: `${M.sentMetricPoints}${L(PRW)}`, values: "0+60x40" },
          ],
          at: "30m",
          expect: [],
        },
        {
          title: "idle: nothing received, nothing sent",
          series: [
            {
              series: `${M.receiverAcceptedLogRecords}${L(`${OTLP}, transport="http"`)}`,
              values: "7x40",
            },
            { series: `${M.sentLogRecords}${L(LOKI)}`, values: "7x40" },
          ],
          at: "30m",
          expect: [],
        },
      ],
    },
  };

  const memoryLimited: AlertRule = {
    alert: "ClaudeCodeCollectorMemoryLimited",
    expr: failing(M.memoryLimiterRefusedMetricPoints, M.memoryLimiterRefusedLogRecords),
    for: "5m",
    severity: "warning",
    labels: { component: "collector" },
    summary: "The collector's memory limiter is refusing data",
    description: `Collector ${T.label("instance")} is over its memory limit and refuses ${T.value2} items/s. Clients retry, but may drop data. Give the collector more memory (CC_OTEL_MEMORY_LIMIT_MIB and the container limit) or find why it holds so much (a slow backend filling the in-memory queue).`,
    runbook: {
      meaning: `The \`${PROCESSOR.memoryLimiter}\` processor is above \`limit_mib - spike_limit_mib\` and refuses incoming data with a retryable error, to keep the collector from being OOM-killed.`,
      causes: [
        "A slow or unreachable Prometheus: the remote-write queue holds data in memory.",
        "A burst (backfill, many clients starting at once).",
        "The limit is too low for the volume (default 400 MiB).",
      ],
      actions: [
        "Check ClaudeCodeCollectorExportStalled / QueueFilling: fix the backend first.",
        "Raise `CC_OTEL_MEMORY_LIMIT_MIB` (and `CC_OTEL_MEMORY_SPIKE_MIB`) together with the container's memory limit.",
      ],
      confirm: SELF_METRICS.processMemoryRss,
    },
    tests: {
      fires: [
        {
          title: "refusing 6 metric points a minute",
          series: [
            {
              series: `${M.memoryLimiterRefusedMetricPoints}${L(LIMITER)}`,
              values: "0+6x30",
            },
          ],
          at: "15m",
          expect: [{ labels: labels(), value: 0.1 }],
        },
      ],
      quiet: [quietAlways(`${M.memoryLimiterRefusedMetricPoints}${L(LIMITER)}`)],
    },
  };

  const refusing: AlertRule = {
    alert: "ClaudeCodeCollectorRefusingData",
    expr: `(\n${failing(M.receiverRefusedMetricPoints, M.receiverRefusedLogRecords)}\n)\nunless on (job, instance)\n(\n${failing(M.memoryLimiterRefusedMetricPoints, M.memoryLimiterRefusedLogRecords)}\n)`,
    for: "5m",
    severity: "warning",
    labels: { component: "collector" },
    summary: "The collector's OTLP receiver is refusing Claude Code telemetry",
    description: `The OTLP receiver of ${T.label("instance")} refuses ${T.value2} items/s (not because of the memory limiter, which has its own alert): the pipeline behind it returns errors. Clients retry, then drop. Read the collector log for the error.`,
    runbook: {
      meaning:
        "The receiver accepted the request but the pipeline behind it returned an error, so clients got a retryable refusal. Memory-limiter refusals are excluded (ClaudeCodeCollectorMemoryLimited covers them).",
      causes: [
        "A processor or exporter returning errors synchronously (e.g. a queue disabled in a custom config).",
        "A custom config change that breaks the pipeline for some data.",
      ],
      actions: [
        `Read the collector log around the refusals: \`${LOGS}\`.`,
        "Compare the running config with stack/collector/config.yaml.",
      ],
      confirm: `rate(${M.receiverRefusedMetricPoints}[5m]) or rate(${M.receiverRefusedLogRecords}[5m])`,
    },
    tests: {
      fires: [
        {
          title: "receiver refusing logs, memory limiter quiet",
          series: [
            {
              series: `${M.receiverRefusedLogRecords}${L(`${OTLP}, transport="grpc"`)}`,
              values: "0+6x30",
            },
            {
              series: `${M.memoryLimiterRefusedLogRecords}${L(LIMITER)}`,
              values: "0x30",
            },
          ],
          at: "15m",
          expect: [{ labels: labels(), value: 0.1 }],
        },
      ],
      quiet: [
        {
          title: "refusals explained by the memory limiter",
          series: [
            {
              series: `${M.receiverRefusedLogRecords}${L(`${OTLP}, transport="grpc"`)}`,
              values: "0+6x30",
            },
            {
              series: `${M.memoryLimiterRefusedLogRecords}${L(LIMITER)}`,
              values: "0+6x30",
            },
          ],
          at: "15m",
          expect: [],
        },
        quietAlways(`${M.receiverRefusedMetricPoints}${L(`${OTLP}, transport="grpc"`)}`),
      ],
    },
  };

  const untranslatable: AlertRule = {
    alert: "ClaudeCodeCollectorMetricsUntranslatable",
    expr: `sum by (job, instance, exporter) (rate(${sel(M.prwFailedTranslations)}[5m])) > 0`,
    for: "5m",
    severity: "warning",
    labels: { component: "collector" },
    summary: "The collector drops metrics it cannot write to Prometheus (delta temporality?)",
    description: `Exporter ${T.label("exporter")} on ${T.label("instance")} failed to translate ${T.value2} metrics/s into Prometheus samples; they are dropped. The usual cause is DELTA sums (Claude Code's default) reaching remote write without the ${D2C} processor: check the metrics pipeline of the collector config.`,
    runbook: {
      meaning:
        "The Prometheus remote-write exporter received metrics it cannot express as Prometheus samples and dropped them. Events are unaffected, so Loki looks fine while Prometheus misses data.",
      causes: [
        `Claude Code sends delta temporality by default; a pipeline without \`${D2C}\` before \`${EXPORTER.prometheus}\` drops every delta sum.`,
        "Another client sending delta histograms or other types the exporter cannot translate.",
      ],
      actions: [
        `Make sure the metrics pipeline lists \`${D2C}\` (stack/collector/config.yaml does).`,
        "If you cannot change the pipeline, make clients send cumulative: `OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative`.",
        "`pnpm run doctor` detects this case with its delta/cumulative probe.",
      ],
      confirm: `rate(${M.prwFailedTranslations}[5m])`,
    },
    tests: {
      fires: [
        {
          title: "6 failed translations a minute",
          series: [
            {
              series: `${M.prwFailedTranslations}${L(`${PRW}, endpoint="http://prometheus:9090/api/v1/write"`)}`,
              values: "0+6x30",
            },
          ],
          at: "15m",
          expect: [{ labels: labels({ exporter: EXPORTER.prometheus }), value: 0.1 }],
        },
      ],
      quiet: [
        quietAlways(
          `${M.prwFailedTranslations}${L(`${PRW}, endpoint="http://prometheus:9090/api/v1/write"`)}`,
        ),
      ],
    },
  };

  const dtc = sel(M.deltaToCumulativePoints);
  const dtcDropped = `${M.deltaToCumulativePoints}{${job}, error!=""}`;
  const outOfOrder: AlertRule = {
    alert: "ClaudeCodeCollectorDroppingOutOfOrder",
    expr: `sum by (job, instance) (rate(${dtcDropped}[15m]))\n/\nsum by (job, instance) (rate(${dtc}[15m]))\n> 0.01`,
    for: "15m",
    severity: "warning",
    labels: { component: "collector" },
    summary: "The collector drops Claude Code data points that arrive out of order",
    description: `${D2C} on ${T.label("instance")} dropped ${T.percent} of the data points it processed over 15 minutes as older than the last one of their series: those counts are missing from Prometheus.`,
    runbook: {
      meaning: `${D2C} adds each delta to its series' running total only if it is newer than the last one it counted; an equal or older delta is dropped (self-metric \`${M.deltaToCumulativePoints}{error=...}\`). A few drops happen when two sessions of one user export in the same instant; more than 1% means something reorders deltas.`,
      causes: [
        "Several collector replicas behind a load balancer: each keeps its own totals (see the Kubernetes guide's scaling section).",
        "A client or gateway that resends telemetry out of order (a resend landing after a newer export of the same session).",
        "Clocks: clients whose clocks jump backwards.",
      ],
      actions: [
        `Check \`sum by (error) (rate(${M.deltaToCumulativePoints}[15m]))\` on the collector.`,
        "Run one collector replica per set of clients, or route each client to the same replica.",
        "Look for a proxy or custom exporter between Claude Code and the collector that retries.",
      ],
      confirm: `sum by (error) (rate(${M.deltaToCumulativePoints}[15m]))`,
    },
    tests: {
      fires: [
        {
          title: "5% of the points dropped as out of order",
          series: [
            { series: `${M.deltaToCumulativePoints}${L()}`, values: "0+57x40" },
            { series: `${M.deltaToCumulativePoints}${L('error="delta.ErrOutOfOrder"')}`, values: "0+3x40" },
          ],
          at: "35m",
          expect: [{ labels: labels(), value: 0.05 }],
        },
      ],
      quiet: [
        {
          title: "a few drops: 0.5% of the points",
          series: [
            { series: `${M.deltaToCumulativePoints}${L()}`, values: "0+199x40" },
            { series: `${M.deltaToCumulativePoints}${L('error="delta.ErrOutOfOrder"')}`, values: "0+1x40" },
          ],
          at: "35m",
          expect: [],
        },
        quietAlways(`${M.deltaToCumulativePoints}${L()}`),
      ],
    },
  };

  return {
    name: "claude-code-collector",
    help: "The OpenTelemetry Collector: up, accepting, exporting, not dropping.",
    recording: [],
    alerts: [
      down,
      exportStalled,
      sendFailing,
      queueFull,
      queueFilling,
      memoryLimited,
      refusing,
      untranslatable,
      outOfOrder,
    ],
  };
}
