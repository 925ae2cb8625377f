import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CONNECTOR, PROCESSOR, RECEIVER, SELF_METRICS } from "@cc-otel/collector/names";
import { EVENT_METRIC_NAMES } from "@cc-otel/contract";
import {
  type BenchCollector,
  cpuSeconds,
  describePipelines,
  memoryMiB,
  mergedConfig,
  scrape,
  startBenchCollector,
  sumOf,
  useBaseConfig,
  type Variant,
  type Variants,
  validate,
  variants,
} from "./collector.js";
import { type Load, type Signal, startLoad } from "./load.js";

/**
 * Collector throughput at saturation, full pipeline vs pass-through, on the same binary in one run
 * (issue #8). Every variant runs as its own collector process, all started up front; the load
 * goes to one collector at a time, in short slots that alternate between the variants, so a
 * change in what else runs on the machine hits every variant alike. See packages/bench/README.md.
 */

export interface ThroughputOptions {
  /** Slots per variant and signal (each slot is one measured interval). */
  rounds: number;
  warmupS: number;
  /** Length of one slot. */
  slotS: number;
  concurrency: number;
  sessionsPerRequest: number;
  /** Instead: config.yaml's pipelines without each processor in turn, against the full ones. */
  ablate: boolean;
  /** Instead: what deriving metrics from events costs — the full pipelines with and without that connector. */
  derive: boolean;
  /** Collector config to benchmark instead of stack/collector/config.yaml. */
  config?: string;
}

export const DEFAULTS: ThroughputOptions = {
  rounds: 8,
  warmupS: 2,
  slotS: 2,
  concurrency: 64,
  sessionsPerRequest: 1,
  ablate: false,
  derive: false,
};

export function parseArgs(argv: string[]): ThroughputOptions {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${a} needs a positive number`);
      return v;
    };
    if (a === "--rounds") o.rounds = num();
    else if (a === "--warmup") o.warmupS = num();
    else if (a === "--slot") o.slotS = num();
    else if (a === "--concurrency") o.concurrency = num();
    else if (a === "--sessions") o.sessionsPerRequest = num();
    else if (a === "--ablate") o.ablate = true;
    else if (a === "--derive") o.derive = true;
    else if (a === "--config") {
      const file = argv[++i];
      if (!file) throw new Error("--config needs a file");
      o.config = resolve(file);
    } else if (a === "--") continue;
    else
      throw new Error(
        `unknown option ${a} (--rounds N --warmup S --slot S --concurrency N --sessions N --ablate --derive --config FILE)`,
      );
  }
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const uptime = () => {
  try {
    return execFileSync("uptime", { encoding: "utf8" }).trim();
  } catch {
    return `loadavg ${readFileSync("/proc/loadavg", "utf8").trim()}`;
  }
};

/** Busy CPU seconds of the whole machine (every process, every core), from /proc/stat. */
function machineBusySeconds(): number {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const ticks = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
  return ticks / 100; // /proc/stat counts in USER_HZ, which is 100
}

const ACCEPTED = {
  metrics: SELF_METRICS.receiverAcceptedMetricPoints,
  logs: SELF_METRICS.receiverAcceptedLogRecords,
} as const;
const REFUSED = {
  metrics: SELF_METRICS.receiverRefusedMetricPoints,
  logs: SELF_METRICS.receiverRefusedLogRecords,
} as const;
const OTLP = `receiver="${RECEIVER.otlp}"`;

interface Snapshot {
  wall: number;
  /** CPU of the benchmark's other (idle) collectors. */
  idleCpu: number;
  accepted: number;
  refused: number;
  d2cDropped: number;
  collectorCpu: number;
  loadCpu: number;
  machineCpu: number;
}

async function snapshot(
  c: BenchCollector,
  signal: Signal,
  idle: readonly BenchCollector[],
): Promise<Snapshot> {
  const m = await scrape(c.selfMetricsUrl);
  // Counter names as config.yaml's Prometheus reader writes them (no _total), or with _total.
  const count = (name: string, filter: string) => sumOf(m, name, filter) + sumOf(m, `${name}_total`, filter);
  return {
    wall: performance.now() / 1000,
    idleCpu: idle.reduce((a, x) => a + cpuSeconds(x.pid), 0),
    accepted: count(ACCEPTED[signal], OTLP),
    refused: count(REFUSED[signal], OTLP),
    d2cDropped: count(SELF_METRICS.deltaToCumulativePoints, "error="),
    collectorCpu: cpuSeconds(c.pid),
    loadCpu: cpuSeconds("self"),
    machineCpu: machineBusySeconds(),
  };
}

/** One measured slot: the load on one collector for `slotS` seconds. */
export interface Slot {
  seconds: number;
  items: number;
  refused: number;
  d2cDropped: number;
  collectorCpu: number;
  loadCpu: number;
  /** The benchmark's collectors that were not under load (they should be near 0). */
  idleCpu: number;
  /** Everything else on the machine (other users' processes). */
  otherCpu: number;
}

export interface Running {
  readonly variant: Variant;
  readonly collector: BenchCollector;
  readonly loads: Partial<Record<Signal, Load>>;
  readonly slots: Record<Signal, Slot[]>;
}

async function runSlot(r: Running, signal: Signal, seconds: number, all: readonly Running[]): Promise<Slot> {
  const load = r.loads[signal];
  if (!load) throw new Error(`no ${signal} load for ${r.variant.name}`);
  const idle = all.filter((x) => x !== r).map((x) => x.collector);
  const a = await snapshot(r.collector, signal, idle);
  load.resume();
  await sleep(seconds * 1000);
  await load.pause();
  const b = await snapshot(r.collector, signal, idle);
  const collectorCpu = b.collectorCpu - a.collectorCpu;
  const loadCpu = b.loadCpu - a.loadCpu;
  const idleCpu = b.idleCpu - a.idleCpu;
  return {
    seconds: b.wall - a.wall,
    items: b.accepted - a.accepted,
    refused: b.refused - a.refused,
    d2cDropped: b.d2cDropped - a.d2cDropped,
    collectorCpu,
    loadCpu,
    idleCpu,
    otherCpu: Math.max(0, b.machineCpu - a.machineCpu - collectorCpu - loadCpu - idleCpu),
  };
}

/** Sums of slots: rate = items / seconds, CPU in cores. */
export function total(slots: readonly Slot[]) {
  const t = slots.reduce(
    (a, s) => ({
      seconds: a.seconds + s.seconds,
      items: a.items + s.items,
      refused: a.refused + s.refused,
      d2cDropped: a.d2cDropped + s.d2cDropped,
      collectorCpu: a.collectorCpu + s.collectorCpu,
      loadCpu: a.loadCpu + s.loadCpu,
      idleCpu: a.idleCpu + s.idleCpu,
      otherCpu: a.otherCpu + s.otherCpu,
    }),
    { seconds: 0, items: 0, refused: 0, d2cDropped: 0, collectorCpu: 0, loadCpu: 0, idleCpu: 0, otherCpu: 0 },
  );
  return {
    ...t,
    rate: t.items / t.seconds,
    /** Items per second of collector CPU: the collector's cost per item, less sensitive to contention. */
    perCpuSecond: t.items / t.collectorCpu,
    collectorCores: t.collectorCpu / t.seconds,
    loadCores: t.loadCpu / t.seconds,
    idleCores: t.idleCpu / t.seconds,
    otherCores: t.otherCpu / t.seconds,
  };
}

export const fmt = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "—");
export const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "—");
export const median = (xs: number[]) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
export const UNIT = { metrics: "data points/s", logs: "log records/s" } as const;

/** Every variant's collector, with a paused load per signal it takes (`signals`, or per variant). */
export async function startAll(
  vs: readonly Variant[],
  o: ThroughputOptions,
  signals: readonly Signal[] | ((v: Variant) => readonly Signal[]),
) {
  const running: Running[] = [];
  try {
    for (const variant of vs) {
      const collector = await startBenchCollector(variant, { maxSeconds: 900 });
      const loads: Partial<Record<Signal, Load>> = {};
      running.push({ variant, collector, loads, slots: { metrics: [], logs: [] } });
      for (const signal of typeof signals === "function" ? signals(variant) : signals)
        loads[signal] = startLoad({
          endpoint: collector.httpEndpoint,
          signal,
          concurrency: o.concurrency,
          sessionsPerRequest: o.sessionsPerRequest,
          paused: true,
        });
    }
  } catch (err) {
    await stopAll(running);
    throw err;
  }
  return running;
}

export async function stopAll(running: readonly Running[]) {
  for (const r of running) {
    for (const l of Object.values(r.loads)) await l?.stop();
    const errors = r.collector.server
      .log()
      .split("\n")
      .filter((l) => /\t(error|warn)\t/.test(l));
    if (errors.length)
      console.log(
        `  ! ${r.variant.name}: ${errors.length} collector warn/error lines, first: ${errors[0]?.slice(0, 400)}`,
      );
    await r.collector.stop();
  }
}

/**
 * Warm-up, then `rounds` rounds of one slot per variant (order reversed every other round), for
 * one signal. Prints one line per round. `all`: every collector of the run (idle CPU is theirs too).
 */
export async function interleave(
  running: readonly Running[],
  signal: Signal,
  o: ThroughputOptions,
  ref: Running,
  all: readonly Running[] = running,
) {
  for (const r of running) await runSlot(r, signal, o.warmupS, all);
  for (let i = 0; i < o.rounds; i++) {
    const order = i % 2 === 0 ? running : [...running].reverse();
    const round = new Map<Running, Slot>();
    for (const r of order) {
      const slot = await runSlot(r, signal, o.slotS, all);
      r.slots[signal].push(slot);
      round.set(r, slot);
    }
    const refSlot = round.get(ref);
    const parts = running.map((r) => {
      const s = round.get(r) as Slot;
      const rel =
        r === ref || !refSlot
          ? ""
          : ` (${f2(s.items / s.seconds / (refSlot.items / refSlot.seconds))}x ${ref.variant.name})`;
      return `${r.variant.name} ${fmt(s.items / s.seconds)}${rel} [CPU ${f2(s.collectorCpu / s.seconds)}/${f2(s.loadCpu / s.seconds)}/${f2(s.idleCpu / s.seconds)}/${f2(s.otherCpu / s.seconds)}]`;
    });
    console.log(`  ${signal} round ${i + 1}: ${parts.join(" | ")}`);
  }
}

export async function throughput(o: ThroughputOptions = DEFAULTS): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "cc-otel-bench-overlays-"));
  try {
    if (o.config) {
      useBaseConfig(o.config);
      console.log(`collector config: ${o.config} (instead of stack/collector/config.yaml)`);
    }
    const v = variants(dir);
    if (o.ablate) return await ablate(v, o);
    if (o.derive) return await derive(v, o);
    console.log(`\n## Collector throughput: full pipeline vs pass-through (nproc ${cpus().length})`);
    console.log(
      `${o.concurrency} concurrent OTLP/HTTP protobuf senders, ${o.sessionsPerRequest} Claude Code session(s) per request; per signal: ${o.warmupS} s warm-up per variant, then ${o.rounds} rounds of one ${o.slotS} s slot per variant, alternating`,
    );
    for (const variant of [v.full, v.passThrough]) {
      const err = validate(variant.overlays);
      if (err) throw new Error(`${variant.name} config invalid: ${err}`);
      console.log(`${variant.name} (as the collector merges it):`);
      for (const l of describePipelines(mergedConfig(variant.overlays).service.pipelines))
        console.log(`  ${l}`);
    }
    console.log(`uptime at start: ${uptime()}`);
    console.log(
      "per round: items/s (x full) [CPU cores: collector under load/load generator/idle bench collectors/everything else on the machine]",
    );
    const running = await startAll([v.full, v.passThrough], o, ["metrics", "logs"]);
    const [full, pass] = running as [Running, Running];
    const peak = new Map<Running, number>();
    try {
      for (const signal of ["metrics", "logs"] as const) await interleave(running, signal, o, full);
      for (const r of running) peak.set(r, memoryMiB(r.collector.pid).hwm);
    } finally {
      await stopAll(running);
    }
    console.log(`uptime at end: ${uptime()}`);

    console.log(
      `\n| variant | data points/s | log records/s | peak memory (VmHWM) | collector CPU, metrics / logs |`,
    );
    console.log("| --- | --- | --- | --- | --- |");
    for (const r of running) {
      const m = total(r.slots.metrics);
      const l = total(r.slots.logs);
      console.log(
        `| ${r.variant.name} | ${fmt(m.rate)} | ${fmt(l.rate)} | ${f2(peak.get(r) ?? Number.NaN)} MiB | ${f2(m.collectorCores)} / ${f2(l.collectorCores)} cores |`,
      );
    }
    console.log("");
    const target = 0.8;
    const verdicts: string[] = [];
    for (const signal of ["metrics", "logs"] as const) {
      const f = total(full.slots[signal]);
      const p = total(pass.slots[signal]);
      const ratio = f.rate / p.rate;
      const perRound = full.slots[signal].map((s, i) => {
        const q = pass.slots[signal][i] as Slot;
        return s.items / s.seconds / (q.items / q.seconds);
      });
      const cpuRatio = f.perCpuSecond / p.perCpuSecond;
      console.log(
        `${signal}: full ${fmt(f.rate)} / pass-through ${fmt(p.rate)} ${UNIT[signal]} = ${f2(ratio)} (median of rounds ${f2(median(perRound))}, range ${f2(Math.min(...perRound))}-${f2(Math.max(...perRound))}); per collector CPU-second ${fmt(f.perCpuSecond)} / ${fmt(p.perCpuSecond)} = ${f2(cpuRatio)}`,
      );
      console.log(
        `  CPU cores (full / pass-through): collector ${f2(f.collectorCores)} / ${f2(p.collectorCores)}, load generator ${f2(f.loadCores)} / ${f2(p.loadCores)}, idle collector ${f2(f.idleCores)} / ${f2(p.idleCores)}, everything else ${f2(f.otherCores)} / ${f2(p.otherCores)}${f.refused + p.refused ? `; REFUSED ${fmt(f.refused)} / ${fmt(p.refused)}` : ""}${f.d2cDropped ? `; ${PROCESSOR.deltaToCumulative} dropped ${fmt(f.d2cDropped)}` : ""}`,
      );
      // Both ratios must clear the target; a throughput ratio alone is at the mercy of what else the
      // machine runs, the collector-CPU-normalised one much less so.
      const verdict = !(Number.isFinite(ratio) && Number.isFinite(cpuRatio) && f.items > 0 && p.items > 0)
        ? "NO RESULT (a variant accepted nothing: see the lines marked !)"
        : ratio >= target && cpuRatio >= target
          ? "MET"
          : ratio < target && cpuRatio < target
            ? "NOT MET"
            : "INCONCLUSIVE (the two ratios disagree: CPU contention, see 'everything else')";
      verdicts.push(
        `${signal}: ${verdict} (throughput ratio ${f2(ratio)}, per collector CPU-second ${f2(cpuRatio)}; target ${target})`,
      );
    }
    reportFailures(running);
    console.log(`\nTARGET (full >= ${target * 100}% of pass-through):`);
    for (const l of verdicts) console.log(`  ${l}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Requests a load generator did not get a 200 for, per collector and signal. */
export function reportFailures(running: readonly Running[]): void {
  for (const r of running)
    for (const [signal, load] of Object.entries(r.loads)) {
      const failed = [...(load?.stats.failures ?? [])].map(
        ([st, n]) => `${n} x ${st ? `HTTP ${st}` : "connection error"}`,
      );
      if (failed.length)
        console.log(`  ! ${r.variant.name} ${signal}: requests not answered 200: ${failed.join(", ")}`);
    }
}

/**
 * What the event metrics cost the collector: the event load through the full pipelines, and
 * through the same pipelines without the connector that derives metrics from events, interleaved.
 */
async function derive(v: Variants, o: ThroughputOptions): Promise<void> {
  console.log(
    `\n## Deriving metrics from events: the full pipelines with and without ${CONNECTOR.eventMetrics}`,
  );
  const without = v.withoutConnector(CONNECTOR.eventMetrics);
  for (const x of [v.full, without]) {
    const err = validate(x.overlays);
    if (err) throw new Error(`${x.name}: ${err}`);
  }
  console.log(`uptime at start: ${uptime()}`);
  const running = await startAll([without, v.full], o, ["logs"]);
  try {
    await interleave(running, "logs", o, running[0] as Running);
  } finally {
    await stopAll(running);
  }
  console.log(`uptime at end: ${uptime()}`);
  const base = total((running[0] as Running).slots.logs);
  const full = total((running[1] as Running).slots.logs);
  console.log("\n| variant | events/s | x without | events per collector CPU-second | x without |");
  console.log("| --- | --- | --- | --- | --- |");
  console.log(`| ${without.name} | ${fmt(base.rate)} | 1.00 | ${fmt(base.perCpuSecond)} | 1.00 |`);
  console.log(
    `| full (${CONNECTOR.eventMetrics} derives ${EVENT_METRIC_NAMES.length} metrics) | ${fmt(full.rate)} | ${f2(full.rate / base.rate)} | ${fmt(full.perCpuSecond)} | ${f2(full.perCpuSecond / base.perCpuSecond)} |`,
  );
}

/**
 * config.yaml's pipelines without each processor in turn, interleaved with the full pipeline,
 * for the signal(s) whose data goes through that processor.
 */
async function ablate(v: Variants, o: ThroughputOptions): Promise<void> {
  console.log(`\n## Which processor costs most: the full pipeline without one processor at a time`);
  // The signal a pipeline's data comes from: its own type if it reads from a receiver, else that
  // of the pipelines exporting to its connectors (e.g. event counts made from logs).
  const inputSignals = (name: string, seen = new Set<string>()): Signal[] => {
    if (seen.has(name)) return [];
    seen.add(name);
    const p = v.base[name];
    if (!p) return [];
    const out = new Set<Signal>();
    if (p.receivers.some((r) => !v.connectors.has(r)))
      out.add(name.startsWith("metrics") ? "metrics" : "logs");
    for (const c of p.receivers.filter((r) => v.connectors.has(r)))
      for (const [up, q] of Object.entries(v.base))
        if (q.exporters.includes(c)) for (const s of inputSignals(up, seen)) out.add(s);
    return [...out];
  };
  const signalsOf = (processor: string): Signal[] => {
    const out = new Set<Signal>();
    for (const [name, p] of Object.entries(v.base))
      if ((p.processors ?? []).includes(processor)) for (const s of inputSignals(name)) out.add(s);
    return (["metrics", "logs"] as const).filter((s) => out.has(s));
  };
  console.log("full:");
  for (const l of describePipelines(v.base)) console.log(`  ${l}`);
  console.log(
    `${o.concurrency} senders, ${o.sessionsPerRequest} session(s) per request; per signal ${o.warmupS} s warm-up per variant, ${o.rounds} rounds of ${o.slotS} s slots`,
  );
  console.log(`uptime at start: ${uptime()}`);
  console.log(
    "per round: items/s (x full) [CPU cores: collector under load/load generator/idle bench collectors/everything else on the machine]",
  );
  const rows: string[] = [];
  for (const signal of ["metrics", "logs"] as const) {
    const candidates = v.processors.filter((p) => signalsOf(p).includes(signal));
    const vs = [v.full, ...candidates.map((p) => v.without(p))];
    // Branches fed from this signal through a connector (e.g. event counting), one at a time.
    for (const b of v.branches.filter((name) => inputSignals(name).includes(signal))) {
      const x = v.withoutBranch(b);
      if (x) vs.push(x);
      else console.log(`(no variant without ${b}: the rest would leave a pipeline without exporters)`);
    }
    for (const x of vs) {
      const err = validate(x.overlays);
      if (err) throw new Error(`${x.name}: ${err}`);
    }
    const running = await startAll(vs, o, [signal]);
    try {
      await interleave(running, signal, o, running[0] as Running);
    } finally {
      await stopAll(running);
    }
    const f = total((running[0] as Running).slots[signal]);
    rows.push(`| ${signal}: full | ${fmt(f.rate)} ${UNIT[signal]} | 1.00 | 1.00 |`);
    for (const r of running.slice(1)) {
      const t = total(r.slots[signal]);
      rows.push(
        `| ${signal}: ${r.variant.name} | ${fmt(t.rate)} ${UNIT[signal]} | ${f2(t.rate / f.rate)} | ${f2(t.perCpuSecond / f.perCpuSecond)} |`,
      );
    }
  }
  console.log(`uptime at end: ${uptime()}`);
  console.log("\n| variant | throughput | x full | x full per collector CPU-second |");
  console.log("| --- | --- | --- | --- |");
  for (const r of rows) console.log(r);
}
