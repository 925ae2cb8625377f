/**
 * Claude Code's exporter defaults (shared/claude-code-telemetry.md). Rate windows, alert windows
 * and the dashboard's min interval derive from these: a window shorter than two metric export
 * intervals shows nothing.
 */
export const CLI_DEFAULTS = {
  /** OTEL_METRIC_EXPORT_INTERVAL */
  metricExportIntervalMs: 60_000,
  /** OTEL_LOGS_EXPORT_INTERVAL */
  logsExportIntervalMs: 5_000,
  /** OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE unset */
  metricTemporality: "delta",
  otlpPorts: { grpc: 4317, "http/protobuf": 4318, "http/json": 4318 },
} as const;

/** `60000` ms -> `"1m"`: the metric export interval as a Prometheus/Grafana duration. */
export function metricExportInterval(): string {
  const s = CLI_DEFAULTS.metricExportIntervalMs / 1000;
  return s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
