import { COLLECTOR, SELF_METRICS } from "@cc-otel/collector/names";

/**
 * The collector's self-metrics the alerts read. Their names are @cc-otel/collector's (the one place
 * the collector's vocabulary is spelled); this is the subset test/collector.test.ts provokes, each
 * on a real collector, because several only appear once their event happened (a send failure, a
 * full queue, a refusal).
 */
export const COLLECTOR_METRICS = {
  sendFailedMetricPoints: SELF_METRICS.sendFailedMetricPoints,
  sendFailedLogRecords: SELF_METRICS.sendFailedLogRecords,
  enqueueFailedMetricPoints: SELF_METRICS.enqueueFailedMetricPoints,
  enqueueFailedLogRecords: SELF_METRICS.enqueueFailedLogRecords,
  queueSize: SELF_METRICS.queueSize,
  queueCapacity: SELF_METRICS.queueCapacity,
  sentMetricPoints: SELF_METRICS.sentMetricPoints,
  sentLogRecords: SELF_METRICS.sentLogRecords,
  receiverAcceptedMetricPoints: SELF_METRICS.receiverAcceptedMetricPoints,
  receiverAcceptedLogRecords: SELF_METRICS.receiverAcceptedLogRecords,
  receiverRefusedMetricPoints: SELF_METRICS.receiverRefusedMetricPoints,
  receiverRefusedLogRecords: SELF_METRICS.receiverRefusedLogRecords,
  memoryLimiterRefusedMetricPoints: SELF_METRICS.memoryLimiterRefusedMetricPoints,
  memoryLimiterRefusedLogRecords: SELF_METRICS.memoryLimiterRefusedLogRecords,
  prwFailedTranslations: SELF_METRICS.prwFailedTranslations,
  deltaToCumulativePoints: SELF_METRICS.deltaToCumulativePoints,
} as const;

export type CollectorMetricKey = keyof typeof COLLECTOR_METRICS;

/** The scrape job of the collector's self-metrics in stack/prometheus/prometheus.yml. */
export const DEFAULT_COLLECTOR_JOB = COLLECTOR.job;
