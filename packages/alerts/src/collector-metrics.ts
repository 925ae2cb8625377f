/**
 * The collector's own metrics the alerts read, exactly as the pinned collector (0.161.0, service
 * telemetry `level: normal`, Prometheus pull reader) exposes them on :8888 and as Prometheus stores
 * them after scraping. Note: this collector version exposes counters WITHOUT a `_total` suffix
 * (`otelcol_exporter_send_failed_metric_points`, not `..._total`), which is what many published
 * rules assume. test/collector.test.ts checks every name here against a real running collector.
 *
 * Several counters only appear once the event they count has happened (a send failure, a full
 * queue, a refusal); the test provokes each of them.
 */
export const COLLECTOR_METRICS = {
  /** Points/records an exporter gave up on (permanent error, or retries exhausted). */
  sendFailedMetricPoints: "otelcol_exporter_send_failed_metric_points",
  sendFailedLogRecords: "otelcol_exporter_send_failed_log_records",
  /** Points/records dropped because the exporter's sending queue was full. */
  enqueueFailedMetricPoints: "otelcol_exporter_enqueue_failed_metric_points",
  enqueueFailedLogRecords: "otelcol_exporter_enqueue_failed_log_records",
  /** Sending queue fill (gauges, labels data_type and exporter). */
  queueSize: "otelcol_exporter_queue_size",
  queueCapacity: "otelcol_exporter_queue_capacity",
  /** Successfully exported. */
  sentMetricPoints: "otelcol_exporter_sent_metric_points",
  sentLogRecords: "otelcol_exporter_sent_log_records",
  /** Accepted by the OTLP receiver. */
  receiverAcceptedMetricPoints: "otelcol_receiver_accepted_metric_points",
  receiverAcceptedLogRecords: "otelcol_receiver_accepted_log_records",
  /** Refused by the receiver because the pipeline returned an error (memory limiter, ...): clients must retry. */
  receiverRefusedMetricPoints: "otelcol_receiver_refused_metric_points",
  receiverRefusedLogRecords: "otelcol_receiver_refused_log_records",
  /** Refused by the memory limiter processor. */
  memoryLimiterRefusedMetricPoints: "otelcol_processor_memory_limiter_refused_metric_points",
  memoryLimiterRefusedLogRecords: "otelcol_processor_memory_limiter_refused_log_records",
  /** Metrics the remote-write exporter could not translate (e.g. delta sums without delta_to_cumulative). */
  prwFailedTranslations: "otelcol_exporter_prometheusremotewrite_failed_translations",
  /** Points delta_to_cumulative processed; with an `error` label (delta.ErrOutOfOrder, delta.ErrOlderStart) the ones it dropped. */
  deltaToCumulativePoints: "otelcol_deltatocumulative_datapoints",
} as const;

export type CollectorMetricKey = keyof typeof COLLECTOR_METRICS;

/** The scrape job of the collector's self-metrics in stack/prometheus/prometheus.yml. */
export const DEFAULT_COLLECTOR_JOB = "otel-collector";
