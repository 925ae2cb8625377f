import { SELF_METRICS } from "@cc-otel/collector/names";
import {
  EVENT_COUNT,
  METRIC_NAMES,
  PROMETHEUS_SERIES,
  promSeries,
  SERVICE_NAME,
  STREAM_START,
} from "@cc-otel/contract";
import { PrometheusClient, type ScaleOutLayout, startNativeStack, startScaleOut } from "@cc-otel/harness";
import { type Ledger, runSimulation } from "@cc-otel/simulator";

/**
 * What running more than one collector replica costs, in the two layouts the Kubernetes guide weighs
 * (packages/harness/src/scale-out.ts): "balanced" (replicas behind a load balancer that moves a
 * client's requests between them, per request: the worst case of connection re-balancing) and
 * "routed" (the router tier, stack/collector/router.yaml, sends each developer to one replica).
 * For 1, 2 and 3 replicas and both client temporalities, one run each of the same simulated team on
 * a fresh Prometheus, then a restart of one replica in the middle of a run. Read from Prometheus:
 * Claude Code series per developer and per stream (a stream: the series' labels without the
 * stream-start label), and every total against the simulator's ledger of what was acknowledged.
 */

const USERS = 8;
const WINDOW = "2h";
const CLAUDE_SERIES = `{__name__=~"${Object.values(PROMETHEUS_SERIES).join("|")}", job="${SERVICE_NAME}"}`;
const COST = promSeries("claude_code.cost.usage");

interface Run {
  layout: ScaleOutLayout;
  temporality: "delta" | "cumulative";
  replicas: number;
  restart: boolean;
  developers: number;
  series: number;
  streams: number;
  /** Prometheus total / ledger total: cost, and the worst of all Claude Code metrics. */
  cost: number;
  worst: { metric: string; ratio: number };
  events: number;
  sessions: number;
  /** Over all replicas: first points cumulative_to_delta dropped, deltas delta_to_cumulative dropped. */
  firstPointsDropped: number;
  deltasDropped: number;
}

/** Sum of a self-metric's samples whose line matches `filter`, over the collectors' /metrics. */
async function selfMetricSum(urls: readonly string[], name: string, filter = (_l: string) => true) {
  let sum = 0;
  for (const url of urls) {
    const text = await (await fetch(url, { signal: AbortSignal.timeout(15_000) })).text();
    for (const l of text.split("\n"))
      if (new RegExp(`^${name}(_total)?[{ ]`).test(l) && filter(l)) sum += Number(l.split(" ").pop());
  }
  return sum;
}

async function settle(read: () => Promise<number | undefined>): Promise<void> {
  // Totals stop moving once every batch (2 s) and remote write are through.
  let last: number | undefined;
  let same = 0;
  const until = Date.now() + 60_000;
  while (Date.now() < until && same < 3) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await read();
    same = now !== undefined && now === last ? same + 1 : 0;
    last = now;
  }
}

async function run(
  layout: ScaleOutLayout,
  temporality: "delta" | "cumulative",
  replicas: number,
  restart: boolean,
): Promise<Run> {
  const stack = await startNativeStack({ quiet: true, maxSeconds: 600 });
  try {
    const topo = await startScaleOut(stack, { layout, replicas, maxSeconds: 600 });
    try {
      const prom = new PrometheusClient(stack.prometheus.url);
      const restarting = restart
        ? new Promise<void>((resolve, reject) =>
            setTimeout(() => topo.restartReplica().then(resolve, reject), 9_000),
          )
        : Promise.resolve();
      const ledger: Ledger = await runSimulation({
        scenario: "steady",
        users: USERS,
        seed: "bench-scale-out",
        export: { protocol: "http/protobuf", endpoint: topo.httpEndpoint, headers: {}, temporality },
        mode: { kind: "live", speed: 1200, durationMs: 20_000 },
        emitter: "sdk",
        metricExportIntervalMs: 1000,
        logExportIntervalMs: 1000,
      });
      await restarting;
      const total = (series: string) => prom.scalar(`sum(last_over_time(${series}[${WINDOW}]))`);
      await settle(async () => {
        const [c, e] = [await total(COST), await total(EVENT_COUNT.series)];
        return c === undefined || e === undefined ? undefined : c + e;
      });
      const count = async (q: string) => (await prom.scalar(q)) ?? 0;
      const last = `last_over_time(${CLAUDE_SERIES}[${WINDOW}])`;
      let worst = { metric: "", ratio: 1 };
      for (const m of METRIC_NAMES) {
        const want = ledger.metrics[m].total;
        if (want === 0) continue;
        const ratio = ((await total(promSeries(m))) ?? 0) / want;
        if (Math.abs(ratio - 1) > Math.abs(worst.ratio - 1)) worst = { metric: m, ratio };
      }
      const urls = topo.replicas.map((r) =>
        "collector" in r ? r.collector.selfMetricsUrl : r.selfMetricsUrl,
      );
      return {
        firstPointsDropped: await selfMetricSum(urls, SELF_METRICS.cumulativeToDeltaDropped),
        deltasDropped: await selfMetricSum(urls, SELF_METRICS.deltaToCumulativePoints, (l) =>
          l.includes("error="),
        ),
        layout,
        temporality,
        replicas,
        restart,
        developers: await count(`count(count by (user_id) (${last}))`),
        series: await count(`count(${last})`),
        streams: await count(`count(count without (${STREAM_START.label}) (${last}))`),
        cost: ((await total(COST)) ?? 0) / ledger.totals.costUsd,
        worst,
        events: ((await total(EVENT_COUNT.series)) ?? 0) / ledger.totals.logRecords,
        sessions: ledger.sessions,
      };
    } finally {
      await topo.stop();
    }
  } finally {
    await stack.stop();
  }
}

const pct = (ratio: number) => `${ratio >= 1 ? "+" : ""}${((ratio - 1) * 100).toFixed(1)}%`;

export async function scaleOut(): Promise<void> {
  const runs: Run[] = [];
  const say = (r: Run) =>
    console.log(
      `${r.layout.padEnd(8)} ${r.temporality.padEnd(10)} ${r.replicas} replica(s)${r.restart ? " + restart" : "          "} | ` +
        `${r.developers} developers, ${r.sessions} sessions | series ${r.series} (${(r.series / Math.max(1, r.developers)).toFixed(1)} per developer, ` +
        `${(r.series / Math.max(1, r.streams)).toFixed(2)} per stream) | cost ${pct(r.cost)}, worst metric ${r.worst.metric || "-"} ${pct(r.worst.ratio)}, event counts ${pct(r.events)} vs ledger | dropped: ${r.firstPointsDropped} first cumulative points, ${r.deltasDropped} deltas`,
    );
  console.log(`\n== scale-out: ${USERS} developers, live x1200 for 20 s, OTLP/HTTP, exports every 1 s ==`);
  for (const layout of ["balanced", "routed"] as const)
    for (const temporality of ["delta", "cumulative"] as const) {
      for (const replicas of [1, 2, 3]) {
        const r = await run(layout, temporality, replicas, false);
        runs.push(r);
        say(r);
      }
      const r = await run(layout, temporality, 2, true);
      runs.push(r);
      say(r);
    }

  console.log("\nseries per developer (ratio to 1 replica of the same layout and temporality):");
  for (const layout of ["balanced", "routed"] as const)
    for (const temporality of ["delta", "cumulative"] as const) {
      const of = (n: number) =>
        runs.find(
          (r) => r.layout === layout && r.temporality === temporality && r.replicas === n && !r.restart,
        );
      const base = of(1);
      const cells = [1, 2, 3].map((n) => {
        const r = of(n);
        if (!r || !base) return "?";
        const per = r.series / Math.max(1, r.developers);
        return `${n}: ${per.toFixed(1)} (x${(per / (base.series / Math.max(1, base.developers))).toFixed(2)})`;
      });
      console.log(`  ${layout.padEnd(8)} ${temporality.padEnd(10)} ${cells.join("  ")}`);
    }
  console.log("\ncost in Prometheus vs the ledger:");
  for (const layout of ["balanced", "routed"] as const)
    for (const temporality of ["delta", "cumulative"] as const) {
      const cells = runs
        .filter((r) => r.layout === layout && r.temporality === temporality)
        .map((r) => `${r.replicas}${r.restart ? "+restart" : ""}: ${pct(r.cost)}`);
      console.log(`  ${layout.padEnd(8)} ${temporality.padEnd(10)} ${cells.join("  ")}`);
    }
}
