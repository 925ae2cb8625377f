/**
 * The collector's own vocabulary, the one place it is spelled: the ids of its components in
 * stack/collector/config.yaml, the Prometheus job and the compose service it runs as, its ports, and
 * the self-metrics the alerts, the doctor, the harness, the benchmarks and the end-to-end tests read.
 *
 * Why here: a component renamed in config.yaml used to leave an alert matching
 * `exporter="<old id>"` that never fires again, silently. test/names.test.ts checks every id against
 * config.yaml (and the job against stack/prometheus/prometheus.yml, the service against
 * stack/compose.yaml), so a rename breaks a test instead; the repository's literal test
 * (packages/harness/test/names.test.ts) keeps these names from being spelled anywhere else.
 *
 * No imports: the doctor and plain scripts read this without the rest of the package
 * (`@cc-otel/collector/names`).
 */

/** Where the collector runs in stack/compose.yaml, and how Prometheus scrapes it. */
export const COLLECTOR = {
  /** The compose service (`pnpm stack:logs otel-collector`), also its host name on the compose network. */
  service: "otel-collector",
  /** The Prometheus scrape job of its self-metrics (stack/prometheus/prometheus.yml). */
  job: "otel-collector",
  /** Self-metrics (`service.telemetry.metrics`, Prometheus pull reader): `/metrics` on this port. */
  selfMetricsPort: 8888,
  /** The health_check extension. */
  healthPort: 13133,
} as const;

/** `<service>:<port>`: the scrape target of the collector's self-metrics in prometheus.yml. */
export const SELF_METRICS_TARGET = `${COLLECTOR.service}:${COLLECTOR.selfMetricsPort}`;

/** `receivers:` of config.yaml. */
export const RECEIVER = {
  otlp: "otlp",
} as const;

/** `processors:` of config.yaml. */
export const PROCESSOR = {
  memoryLimiter: "memory_limiter",
  limits: "transform/limits",
  privacy: "transform/privacy",
  cumulativeToDelta: "cumulative_to_delta",
  cardinality: "transform/cardinality",
  deltaToCumulative: "delta_to_cumulative",
  streamStart: "transform/stream_start",
  batch: "batch",
  compact: "groupbyattrs/compact",
  count: "transform/count",
} as const;

/** `connectors:` of config.yaml: exporters of the logs pipeline, receivers of the event-metrics one. */
export const CONNECTOR = {
  /** Every event counted by event.name (the contract's EVENT_COUNT). */
  eventCount: "count/events",
  /** The contract's EVENT_METRICS. */
  eventMetrics: "signal_to_metrics/events",
} as const;

/** `exporters:` of config.yaml, and of the traces overlay. */
export const EXPORTER = {
  prometheus: "prometheus_remote_write",
  loki: "otlp_http/loki",
  /** Traces dropped (the default, traces-off.yaml). */
  tracesDropped: "nop/traces",
  /** Traces sent on (stack/collector/traces.yaml). */
  traces: "otlp_http/traces",
} as const;

/** `extensions:` of config.yaml. */
export const EXTENSION = {
  health: "health_check",
  queue: "file_storage/queue",
} as const;

/** `service.pipelines` of config.yaml. */
export const PIPELINE = {
  metrics: "metrics",
  logs: "logs",
  traces: "traces",
  /** The event counts and event metrics, from the connectors to Prometheus. */
  eventMetrics: "metrics/events",
} as const;

/** What every self-metric name starts with. */
export const SELF_METRIC_PREFIX = "otelcol_";

/**
 * The collector's own metrics, exactly as the pinned collector (service telemetry `level: normal`,
 * Prometheus pull reader) exposes them on its self-metrics port and as Prometheus stores them after
 * scraping: counters WITHOUT a `_total` suffix (`otelcol_exporter_send_failed_metric_points`, not
 * `..._total`, which is what many published rules assume). packages/alerts/test/collector.test.ts
 * provokes on real collectors every one the alerts read (several only appear once their event
 * happened: a send failure, a full queue, a refusal).
 */
export const SELF_METRICS = {
  /** Accepted by a receiver (label `receiver`, `transport`). */
  receiverAcceptedMetricPoints: "otelcol_receiver_accepted_metric_points",
  receiverAcceptedLogRecords: "otelcol_receiver_accepted_log_records",
  receiverAcceptedSpans: "otelcol_receiver_accepted_spans",
  /** Refused by the receiver because the pipeline returned an error (memory limiter, ...): clients must retry. */
  receiverRefusedMetricPoints: "otelcol_receiver_refused_metric_points",
  receiverRefusedLogRecords: "otelcol_receiver_refused_log_records",
  receiverRefusedSpans: "otelcol_receiver_refused_spans",
  /** Successfully exported (label `exporter`). */
  sentMetricPoints: "otelcol_exporter_sent_metric_points",
  sentLogRecords: "otelcol_exporter_sent_log_records",
  /** Points/records an exporter gave up on (permanent error, or retries exhausted). */
  sendFailedMetricPoints: "otelcol_exporter_send_failed_metric_points",
  sendFailedLogRecords: "otelcol_exporter_send_failed_log_records",
  /** Points/records dropped because the exporter's sending queue was full. */
  enqueueFailedMetricPoints: "otelcol_exporter_enqueue_failed_metric_points",
  enqueueFailedLogRecords: "otelcol_exporter_enqueue_failed_log_records",
  /** Sending queue fill (gauges, labels data_type and exporter). */
  queueSize: "otelcol_exporter_queue_size",
  queueCapacity: "otelcol_exporter_queue_capacity",
  /** Refused by the memory limiter processor. */
  memoryLimiterRefusedMetricPoints: "otelcol_processor_memory_limiter_refused_metric_points",
  memoryLimiterRefusedLogRecords: "otelcol_processor_memory_limiter_refused_log_records",
  /** Metrics the remote-write exporter could not translate (e.g. delta sums without delta_to_cumulative). */
  prwFailedTranslations: "otelcol_exporter_prometheusremotewrite_failed_translations",
  prwSentBatches: "otelcol_exporter_prometheusremotewrite_sent_batches",
  prwWrittenSamples: "otelcol_exporter_prometheusremotewrite_written_samples",
  /** Points delta_to_cumulative processed; with an `error` label (delta.ErrOutOfOrder, delta.ErrOlderStart) the ones it dropped. */
  deltaToCumulativePoints: "otelcol_deltatocumulative_datapoints",
  /** A cumulative stream's first point, which cumulative_to_delta cannot turn into a delta. */
  cumulativeToDeltaDropped: "otelcol_cumulativetodelta_datapoints_dropped",
  processMemoryRss: "otelcol_process_memory_rss",
  processHeapAlloc: "otelcol_process_runtime_heap_alloc_bytes",
} as const;

export type SelfMetricKey = keyof typeof SELF_METRICS;

/** `pnpm stack:logs otel-collector`: the command that shows the collector's log in the compose stack. */
export const COLLECTOR_LOGS_COMMAND = `pnpm stack:logs ${COLLECTOR.service}`;
