import { EVENT_COUNT, PROMETHEUS_SERIES, promSeries, SERVICE_NAME } from "@cc-otel/contract";
import { PrometheusClient, startNativeStack } from "@cc-otel/harness";
import { backfillTeam } from "./backfill.js";

/**
 * Prometheus series as sessions accumulate, with the default config (session.id dropped) and with
 * CC_OTEL_KEEP_SESSION_ID=true. One backfill per config of the SAME simulated team; the growth
 * curve comes from Prometheus itself: at each checkpoint T, the Claude Code series that had a
 * sample before T, and the sessions counted until T. So "series per additional session" is read
 * from one run instead of comparing runs over different windows (which mixes in time effects).
 */

const DAY = 24 * 3600_000;
const USERS = 50;
/** Long enough for the team scenario to pass 1,000 sessions whatever weekday it ends on. */
const WINDOW_DAYS = 6.5;
const SESSIONS = promSeries("claude_code.session.count");
// Claude Code's own metrics, as the contract names them. The event counts and the event metrics are
// made by the collector and stamped when it counts them (all at the end of a backfill): left out of
// the curve, the event counts reported apart.
const CLAUDE_SERIES = `{__name__=~"${Object.values(PROMETHEUS_SERIES).join("|")}", job="${SERVICE_NAME}"}`;

interface Checkpoint {
  day: number;
  sessions: number;
  series: number;
}

async function curve(keepSessionId: boolean) {
  const stack = await startNativeStack({
    quiet: true,
    ...(keepSessionId ? { collectorEnv: { CC_OTEL_KEEP_SESSION_ID: "true" } } : {}),
  });
  try {
    const prom = new PrometheusClient(stack.prometheus.url);
    const end = Date.now();
    const start = end - WINDOW_DAYS * DAY;
    const ledger = await backfillTeam(stack, {
      users: USERS,
      seed: "bench-cardinality",
      windowMs: WINDOW_DAYS * DAY,
      simStart: start,
    });
    const head = await prom.settledHeadSeries(120_000);
    const points: Checkpoint[] = [];
    for (let day = 0.5; day <= WINDOW_DAYS + 1e-9; day += 0.5) {
      const at = new Date(start + day * DAY);
      const range = `${Math.round((day * DAY) / 1000)}s`;
      const series = (await prom.scalar(`count(last_over_time(${CLAUDE_SERIES}[${range}]))`, at)) ?? 0;
      const sessions = (await prom.scalar(`sum(max_over_time(${SESSIONS}[${range}]))`, at)) ?? 0;
      points.push({ day, sessions, series });
    }
    const eventCountSeries = (await prom.scalar(`count(${EVENT_COUNT.series})`)) ?? 0;
    const byMetric = await prom.query(
      `sort_desc(count by (__name__) (last_over_time(${CLAUDE_SERIES}[${WINDOW_DAYS * 24 + 1}h])))`,
    );
    return { sessions: ledger.sessions, head, points, eventCountSeries, byMetric };
  } finally {
    await stack.stop();
  }
}

/** The checkpoint closest to a session count (the curve is sampled every half day). */
function near(points: Checkpoint[], sessions: number): Checkpoint {
  return points.reduce((best, p) =>
    Math.abs(p.sessions - sessions) < Math.abs(best.sessions - sessions) ? p : best,
  );
}

export async function cardinality(): Promise<void> {
  const def = await curve(false);
  const keep = await curve(true);
  console.log(
    `\n== cardinality: ${USERS} developers, ${WINDOW_DAYS} simulated days, Claude Code series in Prometheus ==`,
  );
  console.log("day  | sessions | default series | keep session.id series");
  for (const [i, p] of def.points.entries()) {
    const k = keep.points[i];
    console.log(
      `${p.day.toFixed(1).padStart(4)} | ${String(p.sessions).padStart(8)} | ${String(p.series).padStart(14)} | ${String(k?.series ?? "?").padStart(6)}`,
    );
  }
  const last = def.points.at(-1);
  const lastKeep = keep.points.at(-1);
  if (!last || !lastKeep) throw new Error("no checkpoint");
  const half = near(def.points, last.sessions / 2);
  const halfKeep = keep.points[def.points.indexOf(half)];
  if (!halfKeep) throw new Error("no matching checkpoint");
  const perSession = (a: Checkpoint, b: Checkpoint) =>
    (b.series - a.series) / Math.max(1, b.sessions - a.sessions);
  console.log(
    `sessions: ${def.sessions} (ledger), ${last.sessions} counted in Prometheus; target >= 1,000: ${last.sessions >= 1000 ? "reached" : "NOT reached"}`,
  );
  console.log(
    `series at ${last.sessions} sessions: default ${last.series}, keep session.id ${lastKeep.series} (${(lastKeep.series / last.series).toFixed(1)}x)`,
  );
  console.log(
    `new series per additional session, from ${half.sessions} to ${last.sessions} sessions: default ${perSession(half, last).toFixed(2)}, keep session.id ${perSession(halfKeep, lastKeep).toFixed(2)}`,
  );
  console.log(
    `default series growth while sessions grew ${((last.sessions / half.sessions - 1) * 100).toFixed(0)}%: ${((last.series / half.series - 1) * 100).toFixed(0)}% (keep session.id: ${((lastKeep.series / halfKeep.series - 1) * 100).toFixed(0)}%)`,
  );
  console.log(
    `Prometheus head series at the end (incl. collector self-metrics and ${def.eventCountSeries} event-count series): default ${def.head}, keep session.id ${keep.head}`,
  );
  console.log(
    `default config, series by metric: ${def.byMetric.map((r) => `${r.metric.__name__} ${r.value}`).join(", ")}`,
  );
}
