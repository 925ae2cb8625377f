/**
 * Simulator throughput on this machine, printed as figures (not a pass/fail test):
 *
 *   1. real time: 500 developers at 1x (and 20x for headroom), schedule lag, CPU and RSS;
 *   2. full speed: log records per second when generating a past window as fast as possible;
 *   3. backfill: 7 days x 50 developers into a receiver, wall time.
 *
 * The receiver is the otlp-sink program in its own process (decoding every request, counting,
 * keeping nothing), so RSS and CPU are the simulator's alone.
 *
 *   pnpm --filter @cc-otel/simulator build && pnpm --filter @cc-otel/simulator bench [quick]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Ledger, type Progress, runSimulation, type SimulationOptions } from "../dist/index.js";

const quick = process.argv.includes("quick");
const require = createRequire(import.meta.url);
const SINK_CLI = join(dirname(require.resolve("@cc-otel/otlp-sink")), "cli.js");

async function startSink(): Promise<{ child: ChildProcess; grpc: string }> {
  const child = spawn(process.execPath, [SINK_CLI, "--grpc-port", "0", "--http-port", "0"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const grpc = await new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const m = /gRPC (http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString());
      if (m?.[1]) resolve(m[1]);
    });
    child.once("exit", () => reject(new Error("otlp-sink exited")));
  });
  return { child, grpc };
}

interface Figures {
  name: string;
  wallS: number;
  logRecords: number;
  dataPoints: number;
  recordsPerS: number;
  cpuCores: number;
  maxRssMb: number;
  maxLagMs: number;
  sessions: number;
}

async function measure(name: string, options: SimulationOptions): Promise<Figures> {
  global.gc?.();
  let maxRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, process.memoryUsage().rss);
  }, 100);
  let last: Progress | undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ledger: Ledger = await runSimulation({
    ...options,
    onProgress: (p) => (last = p),
    progressEveryMs: 1000,
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  maxRss = Math.max(maxRss, process.memoryUsage().rss);
  return {
    name,
    wallS: Number(wallS.toFixed(1)),
    logRecords: ledger.totals.logRecords,
    dataPoints: ledger.totals.dataPoints,
    recordsPerS: Math.round(ledger.totals.logRecords / wallS),
    cpuCores: Number(((cpu.user + cpu.system) / 1e6 / wallS).toFixed(2)),
    maxRssMb: Math.round(maxRss / 2 ** 20),
    maxLagMs: Math.round(last?.maxLagMs ?? 0),
    sessions: ledger.sessions,
  };
}

const SCENARIOS: Record<string, (exportTo: SimulationOptions["export"]) => SimulationOptions> = {
  "live: 500 developers at 1x": (exportTo) => ({
    seed: "bench",
    users: 500,
    export: exportTo,
    mode: { kind: "live", speed: 1, durationMs: (quick ? 20 : 90) * 1000 },
    // Everyone starts a session in the first minute, so the run reaches full load early.
    firstSessionWithinMs: 60_000,
  }),
  "live: 500 developers at 20x": (exportTo) => ({
    seed: "bench",
    users: 500,
    export: exportTo,
    mode: { kind: "live", speed: 20, durationMs: (quick ? 10 : 30) * 1000 },
    firstSessionWithinMs: 60_000,
  }),
  "full speed: 200 developers, one working day": (exportTo) => ({
    seed: "bench",
    users: 200,
    export: exportTo,
    mode: { kind: "backfill", windowMs: 86_400_000 },
    simStart: Date.UTC(2026, 10, 25, 0),
  }),
  "backfill: 7 days x 50 developers": (exportTo) => ({
    seed: "bench",
    users: 50,
    export: exportTo,
    mode: { kind: "backfill", windowMs: 7 * 86_400_000 },
  }),
};

const one = process.argv.find((a) => a.startsWith("--one="))?.slice(6);
if (one) {
  // Child: one scenario in a fresh process, so each RSS figure is that scenario's own.
  const grpc = process.argv.find((a) => a.startsWith("--grpc="))?.slice(7) ?? "";
  const make = SCENARIOS[one];
  if (!make) throw new Error(`no scenario ${one}`);
  const figures = await measure(
    one,
    make({ protocol: "grpc", endpoint: grpc, headers: {}, temporality: "delta" }),
  );
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} else {
  const sink = await startSink();
  const results: Figures[] = [];
  try {
    const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);
    for (const name of Object.keys(SCENARIOS).filter((n) => !only || n.includes(only))) {
      const child = spawn(
        process.execPath,
        // The same V8 setting as `pnpm simulate` (see src/cli.ts): a small young generation.
        [
          "--expose-gc",
          "--max-semi-space-size=2",
          process.argv[1] as string,
          `--one=${name}`,
          `--grpc=${sink.grpc}`,
          ...(quick ? ["quick"] : []),
        ],
        { stdio: ["ignore", "pipe", "inherit"] },
      );
      let out = "";
      child.stdout?.on("data", (d) => {
        out += d;
      });
      await new Promise((resolve) => child.once("exit", resolve));
      results.push(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Figures);
    }
  } finally {
    sink.child.kill("SIGINT");
  }
  console.table(results);
}
