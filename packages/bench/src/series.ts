import {
  EVENT_COUNT,
  EVENT_METRIC_NAMES,
  EVENT_METRICS,
  eventMetricSeries,
  PROM_LABELS,
  PROMETHEUS_SERIES,
  promSeries,
} from "@cc-otel/contract";
import { PrometheusClient, startNativeStack } from "@cc-otel/harness";
import { backfillTeam } from "./backfill.js";

/**
 * Prometheus series per active developer with the default configuration: a working day of the
 * team scenario at 50 and at 1,000 developers, everything cc-otel writes counted — Claude Code's
 * metrics, the metrics derived from events, the event counts. Target: at most 120 per developer.
 */

const DAY = 24 * 3600_000;
const TARGET = 120;

/** Every series cc-otel writes, by name (a classic histogram's _bucket/_count/_sum included). */
function allSeries(): string {
  const classic = EVENT_METRIC_NAMES.filter((n) => "buckets" in EVENT_METRICS[n]).map(eventMetricSeries);
  const names = [
    ...Object.values(PROMETHEUS_SERIES),
    ...EVENT_METRIC_NAMES.filter((n) => !("buckets" in EVENT_METRICS[n])).map(eventMetricSeries),
    ...classic.flatMap((s) => [`${s}_bucket`, `${s}_count`, `${s}_sum`]),
    EVENT_COUNT.series,
  ];
  return `{__name__=~"${names.join("|")}"}`;
}

async function measure(developers: number) {
  const stack = await startNativeStack({ quiet: true, lokiRetain: false, maxSeconds: 4 * 3600 });
  try {
    const prom = new PrometheusClient(stack.prometheus.url);
    const t0 = Date.now();
    const ledger = await backfillTeam(stack, {
      users: developers,
      seed: "bench-series",
      windowMs: DAY - 10 * 60_000,
    });
    const seconds = (Date.now() - t0) / 1000;
    await prom.settledHeadSeries(180_000);
    const selector = allSeries();
    const series = (await prom.scalar(`count(last_over_time(${selector}[25h]))`)) ?? 0;
    const active =
      (await prom.scalar(
        `count(count by (${PROM_LABELS.userId}) (last_over_time(${promSeries("claude_code.active_time.total")}[25h])))`,
      )) ?? 0;
    const byName = await prom.query(`sort_desc(count by (__name__) (last_over_time(${selector}[25h])))`);
    return { developers, seconds, sessions: ledger.sessions, series, active, byName };
  } finally {
    await stack.stop();
  }
}

export async function seriesPerDeveloper(): Promise<void> {
  console.log("\n## Prometheus series per active developer (default configuration, one working day)");
  const rows = [];
  for (const developers of [50, 1000]) {
    const m = await measure(developers);
    rows.push(m);
    console.log(
      `${developers} developers: backfilled ${m.sessions} sessions in ${m.seconds.toFixed(0)} s; ${m.series} series, ${m.active} active developers`,
    );
    for (const r of m.byName.slice(0, 8)) console.log(`  ${r.value}  ${r.metric.__name__}`);
  }
  console.log("\n| developers | active | series | series per active developer | target |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const m of rows) {
    const per = m.series / Math.max(1, m.active);
    console.log(
      `| ${m.developers} | ${m.active} | ${m.series} | ${per.toFixed(1)} | ≤ ${TARGET}: ${per <= TARGET ? "met" : "NOT met"} |`,
    );
  }
}
