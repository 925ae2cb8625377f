import { SELF_METRICS as M } from "@cc-otel/collector/names";

/**
 * The collector's own metrics (its self-metrics endpoint, Prometheus text format): just enough
 * parsing to add up a counter family, optionally filtered by labels. Names from @cc-otel/collector,
 * as the pinned collector exposes them (no `_total` suffix; packages/alerts checks them against a
 * real collector).
 */
export const SELF = {
  acceptedMetricPoints: M.receiverAcceptedMetricPoints,
  acceptedLogRecords: M.receiverAcceptedLogRecords,
  refusedMetricPoints: M.receiverRefusedMetricPoints,
  refusedLogRecords: M.receiverRefusedLogRecords,
  sentMetricPoints: M.sentMetricPoints,
  sentLogRecords: M.sentLogRecords,
  sendFailedMetricPoints: M.sendFailedMetricPoints,
  sendFailedLogRecords: M.sendFailedLogRecords,
  enqueueFailedMetricPoints: M.enqueueFailedMetricPoints,
  enqueueFailedLogRecords: M.enqueueFailedLogRecords,
  queueSize: M.queueSize,
  prwFailedTranslations: M.prwFailedTranslations,
  memoryLimiterRefusedMetricPoints: M.memoryLimiterRefusedMetricPoints,
  memoryLimiterRefusedLogRecords: M.memoryLimiterRefusedLogRecords,
} as const;

export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export class SelfMetrics {
  constructor(readonly samples: readonly Sample[]) {}

  static parse(text: string): SelfMetrics {
    const samples: Sample[] = [];
    for (const line of text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/);
      if (!m?.[1] || m[3] === undefined) continue;
      const labels: Record<string, string> = {};
      for (const lm of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
        if (lm[1]) labels[lm[1]] = (lm[2] ?? "").replace(/\\(.)/g, "$1");
      }
      samples.push({ name: m[1], labels, value: Number(m[3]) });
    }
    return new SelfMetrics(samples);
  }

  /** Sum of a family (0 when absent), optionally only samples whose labels match. */
  sum(name: string, where: Readonly<Record<string, string>> = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v))
      .reduce((a, s) => a + s.value, 0);
  }

  /** `after - before` for a family. */
  static delta(before: SelfMetrics | undefined, after: SelfMetrics | undefined, name: string): number {
    return (after?.sum(name) ?? 0) - (before?.sum(name) ?? 0);
  }
}
