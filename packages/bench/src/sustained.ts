import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { PROCESSOR, RECEIVER, SELF_METRICS } from "@cc-otel/collector/names";
import {
  createLogExporter,
  createMetricExporter,
  type ExportConfig,
  type Protocol,
  runSimulation,
} from "@cc-otel/simulator";
import { ExportResultCode } from "@opentelemetry/core";
import {
  cpuSeconds,
  describePipelines,
  memoryMiB,
  mergedConfig,
  scrape,
  startBenchCollector,
  sumOf,
  variants,
} from "./collector.js";
import { f2, fmt, uptime } from "./throughput.js";

/**
 * A team's sustained load on ONE collector with our config: the simulator's `team` scenario, live
 * in real time, at the CLI's cadence (every session its own metrics export every 60 s; events
 * exported every 5 s, one request per session that has any), for a few minutes. Prints collector
 * CPU and memory per interval and for the whole measured window. Exporters are `nop`, as in
 * `throughput`: the figures are the collector's own work (see packages/bench/README.md).
 */

export interface SustainedOptions {
  users: number;
  /** Measured minutes, after the ramp. */
  minutes: number;
  /** Minutes before measuring: live runs start everyone's first session within 4 simulated minutes. */
  rampMinutes: number;
  /** One printed line per interval. */
  intervalS: number;
  protocol: Protocol;
  seed: string;
}

export const SUSTAINED_DEFAULTS: SustainedOptions = {
  users: 1000,
  minutes: 5,
  rampMinutes: 4,
  intervalS: 60,
  protocol: "grpc",
  seed: "bench-sustained",
};

export function parseSustainedArgs(argv: string[]): SustainedOptions {
  const o = { ...SUSTAINED_DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = (min: number) => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v < min) throw new Error(`${a} needs a number >= ${min}`);
      return v;
    };
    if (a === "--users") o.users = num(1);
    else if (a === "--minutes") o.minutes = num(1);
    else if (a === "--ramp") o.rampMinutes = num(0);
    else if (a === "--interval") o.intervalS = num(5);
    else if (a === "--seed") o.seed = argv[++i] ?? o.seed;
    else if (a === "--protocol") {
      const p = argv[++i];
      if (p !== "grpc" && p !== "http/protobuf") throw new Error("--protocol is grpc or http/protobuf");
      o.protocol = p;
    } else if (a === "--") continue;
    else
      throw new Error(
        `unknown option ${a} (--users N --minutes M --ramp M --interval S --protocol grpc|http/protobuf --seed S)`,
      );
  }
  return o;
}

type MetricExporter = ReturnType<typeof createMetricExporter>;
type LogExporter = ReturnType<typeof createLogExporter>;
type LogRecords = Parameters<LogExporter["export"]>[0];
type ExportResult = Parameters<Parameters<LogExporter["export"]>[1]>[0];

/** What the simulated CLIs sent, counted as they send it (reset per interval). */
export interface SentCounts {
  metricRequests: number;
  logRequests: number;
  points: number;
  records: number;
  /** Sessions whose metrics were exported (each session exports once a minute). */
  sessions: Set<object>;
}

export const newCounts = (): SentCounts => ({
  metricRequests: 0,
  logRequests: 0,
  points: 0,
  records: 0,
  sessions: new Set(),
});

/** The metric exporter, counting requests, points and the sessions (one resource each) they come from. */
export function countingMetricExporter(inner: MetricExporter, counts: () => SentCounts): MetricExporter {
  const send = inner.export.bind(inner);
  inner.export = (rm, done) => {
    const c = counts();
    c.metricRequests++;
    c.sessions.add(rm.resource);
    for (const sm of rm.scopeMetrics) for (const m of sm.metrics) c.points += m.dataPoints.length;
    send(rm, done);
  };
  return inner;
}

/**
 * The simulator's SDK path shares one batch log processor between all sessions (so 1,000
 * developers do not mean 1,000 timers); the CLI has one per process, and each exports its own
 * events every 5 s. This splits each shared batch into one request per session (resource), at most
 * `inFlight` at a time (the OTLP exporter refuses more than its concurrency limit), so the collector
 * gets the CLI's requests, not fewer larger ones.
 */
export function perSessionLogExporter(
  inner: LogExporter,
  counts: () => SentCounts,
  inFlight = 16,
): LogExporter {
  let active = 0;
  const waiting: (() => void)[] = [];
  const send = (records: LogRecords) =>
    new Promise<ExportResult>((resolve) => {
      const go = () => {
        active++;
        const c = counts();
        c.logRequests++;
        c.records += records.length;
        inner.export(records, (result) => {
          active--;
          waiting.shift()?.();
          resolve(result);
        });
      };
      if (active < inFlight) go();
      else waiting.push(go);
    });
  return {
    export(records, done) {
      const bySession = new Map<object, LogRecords[number][]>();
      for (const r of records) {
        const list = bySession.get(r.resource);
        if (list) list.push(r);
        else bySession.set(r.resource, [r]);
      }
      Promise.all([...bySession.values()].map(send)).then((results) =>
        done(results.find((r) => r.code !== ExportResultCode.SUCCESS) ?? { code: ExportResultCode.SUCCESS }),
      );
    },
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

interface Sample {
  wall: number;
  cpu: number;
  loadCpu: number;
  rss: number;
  points: number;
  records: number;
  refused: number;
  dropped: number;
}

export async function sustained(o: SustainedOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-bench-sustained-"));
  const totalMs = (o.rampMinutes + o.minutes) * 60_000;
  const intervals = Math.ceil(totalMs / (o.intervalS * 1000));
  try {
    const v = variants(dir);
    console.log(
      `\n## Sustained load: ${o.users} developers on one collector, our config (nproc ${cpus().length})`,
    );
    console.log(
      `simulator scenario team, ${o.users} developers, live in real time for ${o.rampMinutes} min ramp + ${o.minutes} min measured; ${o.protocol}; metrics every 60 s per session, events every 5 s per session that has any; exporters nop`,
    );
    for (const l of describePipelines(mergedConfig(v.full.overlays).service.pipelines)) console.log(`  ${l}`);
    const c = await startBenchCollector(v.full, { maxSeconds: intervals * o.intervalS + 600 });
    // Swapped for a fresh one every interval; the exporters count into whichever is current.
    let counts = newCounts();
    const tally = (): SentCounts => counts;
    const config: ExportConfig = {
      protocol: o.protocol,
      endpoint: o.protocol === "grpc" ? c.grpcEndpoint : c.httpEndpoint,
      headers: {},
      temporality: "delta",
    };
    const metric = countingMetricExporter(createMetricExporter(config), tally);
    const log = perSessionLogExporter(createLogExporter(config), tally);

    const otlp = `receiver="${RECEIVER.otlp}"`;
    const sample = async (): Promise<Sample> => {
      const m = await scrape(c.selfMetricsUrl);
      const n = (name: string, f: string) => sumOf(m, name, f) + sumOf(m, `${name}_total`, f);
      return {
        wall: performance.now() / 1000,
        cpu: cpuSeconds(c.pid),
        loadCpu: cpuSeconds("self"),
        rss: memoryMiB(c.pid).rss,
        points: n(SELF_METRICS.receiverAcceptedMetricPoints, otlp),
        records: n(SELF_METRICS.receiverAcceptedLogRecords, otlp),
        refused:
          n(SELF_METRICS.receiverRefusedMetricPoints, otlp) + n(SELF_METRICS.receiverRefusedLogRecords, otlp),
        dropped: n(SELF_METRICS.deltaToCumulativePoints, "error="),
      };
    };

    console.log(`uptime at start: ${uptime()}`);
    console.log(
      "| minute | phase | sessions exporting metrics | metric requests/s | log requests/s | data points/s | log records/s | collector CPU (% of one core) | collector RSS | load generator CPU |",
    );
    console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    const rows: { phase: string; s: SentCounts; a: Sample; b: Sample }[] = [];
    const run = runSimulation({
      scenario: "team",
      users: o.users,
      seed: o.seed,
      export: config,
      // A little past the last interval, so the simulation is not winding down while it is sampled.
      mode: { kind: "live", speed: 1, durationMs: intervals * o.intervalS * 1000 + 15_000 },
      exporters: { metric, log },
    });
    let failure: { error: unknown } | undefined;
    const settled = run.then(
      () => undefined,
      (error: unknown) => {
        failure = { error };
      },
    );
    const t0 = performance.now();
    let prev = await sample();
    let measuredStart: Sample | undefined;
    const measured = newCounts();
    for (let i = 1; i <= intervals; i++) {
      const next = t0 + i * o.intervalS * 1000;
      await Promise.race([settled, new Promise((r) => setTimeout(r, next - performance.now()))]);
      if (failure) throw failure.error;
      const s = await sample();
      const sent = counts;
      counts = newCounts();
      const phase = (i * o.intervalS) / 60 <= o.rampMinutes ? "ramp" : "measured";
      if (phase === "measured") {
        measuredStart ??= prev;
        measured.metricRequests += sent.metricRequests;
        measured.logRequests += sent.logRequests;
        measured.points += sent.points;
        measured.records += sent.records;
        for (const x of sent.sessions) measured.sessions.add(x);
      }
      rows.push({ phase, s: sent, a: prev, b: s });
      const dt = s.wall - prev.wall;
      console.log(
        `| ${f2((i * o.intervalS) / 60)} | ${phase} | ${fmt(sent.sessions.size)} | ${f2(sent.metricRequests / dt)} | ${f2(sent.logRequests / dt)} | ${fmt((s.points - prev.points) / dt)} | ${fmt((s.records - prev.records) / dt)} | ${f2(((s.cpu - prev.cpu) / dt) * 100)} % | ${f2(s.rss)} MiB | ${f2(((s.loadCpu - prev.loadCpu) / dt) * 100)} % |`,
      );
      prev = s;
    }
    const ledger = await run;
    const end = await sample();
    const hwm = memoryMiB(c.pid).hwm;
    await c.stop();
    console.log(`uptime at end: ${uptime()}`);

    const m = rows.filter((r) => r.phase === "measured");
    if (!measuredStart || !m.length) throw new Error("no measured interval: raise --minutes");
    const last = m[m.length - 1]?.b as Sample;
    const dt = last.wall - measuredStart.wall;
    const perInterval = m.map((r) => ((r.b.cpu - r.a.cpu) / (r.b.wall - r.a.wall)) * 100);
    const sessions = m.map((r) => r.s.sessions.size);
    console.log(`\n| measured ${f2(dt / 60)} min | value |`);
    console.log("| --- | --- |");
    const row = (k: string, val: string) => console.log(`| ${k} | ${val} |`);
    row("developers (simulator team scenario)", fmt(o.users));
    row(
      "concurrent sessions (sessions exporting metrics per minute: mean / max)",
      `${fmt(sessions.reduce((a, b) => a + b, 0) / sessions.length)} / ${fmt(Math.max(...sessions))}`,
    );
    row(
      "metric requests/s, log requests/s",
      `${f2(measured.metricRequests / dt)}, ${f2(measured.logRequests / dt)}`,
    );
    row(
      "data points/s, log records/s (accepted by the collector)",
      `${fmt((last.points - measuredStart.points) / dt)}, ${fmt((last.records - measuredStart.records) / dt)}`,
    );
    row(
      "collector CPU, % of one core: mean / highest interval",
      `${f2(((last.cpu - measuredStart.cpu) / dt) * 100)} % / ${f2(Math.max(...perInterval))} %`,
    );
    row(
      "collector CPU, % of the machine (mean)",
      `${f2(((last.cpu - measuredStart.cpu) / dt / cpus().length) * 100)} %`,
    );
    row(
      "collector RSS at the end of the measured window / peak (VmHWM) of the run",
      `${f2(last.rss)} MiB / ${f2(hwm)} MiB`,
    );
    row(
      `refused by the collector, points dropped by ${PROCESSOR.deltaToCumulative} (whole run)`,
      `${fmt(end.refused)}, ${fmt(end.dropped)}`,
    );
    row(
      "simulator ledger (whole run): sessions, data points, log records, failed exports",
      `${fmt(ledger.sessions)}, ${fmt(ledger.totals.dataPoints)}, ${fmt(ledger.totals.logRecords)}, ${fmt(ledger.failed.metricExports + ledger.failed.logExports)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
