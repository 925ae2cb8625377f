import {
  createLogExporter,
  createMetricExporter,
  type ExportConfig,
  type SimulationOptions,
} from "@cc-otel/simulator";

export type Exporters = NonNullable<SimulationOptions["exporters"]>;
export type MetricExport = Parameters<Exporters["metric"]["export"]>[0];
export type LogExport = Parameters<Exporters["log"]["export"]>[0];
type ExportResult = { code: number; error?: Error };

/**
 * The simulator's own OTLP exporters, with a hook that sees every export attempt's data and
 * result before the simulator does (its retries come through here again): what a client of the
 * collector actually saw. Pass the result to runSimulation's `exporters`; close() when done.
 */
export function watchedExporters(
  config: ExportConfig,
  hooks: {
    metric?: (data: MetricExport, result: ExportResult) => void;
    log?: (data: LogExport, result: ExportResult) => void;
  },
): Exporters & { close(): Promise<void> } {
  const metric = createMetricExporter(config);
  const log = createLogExporter(config);
  return {
    metric: {
      export: (data, done) =>
        metric.export(data, (result) => {
          hooks.metric?.(data, result);
          done(result);
        }),
      forceFlush: () => metric.forceFlush(),
      shutdown: () => metric.shutdown(),
      selectAggregationTemporality: (t) => {
        if (!metric.selectAggregationTemporality) throw new Error("no temporality selector");
        return metric.selectAggregationTemporality(t);
      },
    },
    log: {
      export: (data, done) =>
        log.export(data, (result) => {
          hooks.log?.(data, result);
          done(result);
        }),
      forceFlush: () => log.forceFlush(),
      shutdown: () => log.shutdown(),
    },
    async close() {
      await Promise.all([metric.shutdown(), log.shutdown()]);
    },
  };
}
