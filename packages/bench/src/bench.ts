import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { panelQueries, resolveQuery } from "@cc-otel/dashboard";
import { PrometheusClient, startNativeStack } from "@cc-otel/harness";
import { runSimulation } from "@cc-otel/simulator";
import { anchors } from "./anchors.js";
import { cardinality } from "./cardinality.js";
import { parseSustainedArgs, sustained } from "./sustained.js";
import { DEFAULTS, parseArgs, throughput } from "./throughput.js";

const DAY = 24 * 3600_000;

function machine(): string {
  const sh = (c: string) => {
    try {
      return execSync(c, { encoding: "utf8" }).trim();
    } catch {
      return "n/a";
    }
  };
  let versions = "n/a";
  try {
    versions = readFileSync(new URL("../../../stack/versions.json", import.meta.url), "utf8").replace(
      /\s+/g,
      " ",
    );
  } catch {}
  return [
    `date: ${new Date().toISOString()}`,
    `nproc: ${sh("nproc")}, cpu: ${cpus()[0]?.model ?? "n/a"}, memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `node: ${process.version}, go: ${sh("go version")}`,
    `stack/versions.json: ${versions}`,
  ].join("\n");
}

async function dashboard() {
  const stack = await startNativeStack({ quiet: true });
  try {
    const prom = new PrometheusClient(stack.prometheus.url);
    const t0 = Date.now();
    const ledger = await runSimulation({
      scenario: "team",
      users: 50,
      seed: "bench-dashboard",
      export: { protocol: "grpc", endpoint: stack.collector.grpcEndpoint, headers: {}, temporality: "delta" },
      mode: { kind: "backfill", windowMs: 7 * DAY - 10 * 60_000 },
    });
    console.log(
      `backfill 7d x 50 users: ${ledger.sessions} sessions in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    await prom.settledHeadSeries(90_000);
    const all = panelQueries();
    const qs = all.filter((q) => q.datasource === "prometheus");
    console.log(
      `${qs.length} Prometheus queries timed; ${all.length - qs.length} LogQL queries NOT timed (no real Loki here)`,
    );
    const now = Date.now();
    for (const range of ["7d", "24h"]) {
      const times: { ms: number; name: string }[] = [];
      const start = performance.now();
      for (const q of qs) {
        const r = resolveQuery(q, { now, dashboardRange: range, scrapeInterval: "60s" });
        const s = performance.now();
        if (r.instant) await prom.query(r.expr, new Date(r.endMs));
        else await prom.queryRange(r.expr, r.startMs, r.endMs, r.stepMs);
        times.push({ ms: performance.now() - s, name: `${q.title} [${q.refId}]` });
      }
      const total = performance.now() - start;
      console.log(
        `range ${range}: whole dashboard ${total.toFixed(0)} ms (target < 2000 ms: ${total < 2000 ? "met" : "NOT met"})`,
      );
      for (const t of times.sort((a, b) => b.ms - a.ms).slice(0, 5))
        console.log(`  ${t.ms.toFixed(1)} ms  ${t.name}`);
    }
  } finally {
    await stack.stop();
  }
}

const which = process.argv[2] ?? "all";
const known = ["cardinality", "dashboard", "throughput", "anchors", "sustained", "all"];
if (!known.includes(which)) {
  console.error(`unknown benchmark ${which}; one of ${known.join(", ")}`);
  process.exit(2);
}
// Throughput's options, parsed before anything starts so that a typo fails at once.
const throughputOptions =
  which === "throughput" || which === "anchors" ? parseArgs(process.argv.slice(3)) : DEFAULTS;
const sustainedOptions = which === "sustained" ? parseSustainedArgs(process.argv.slice(3)) : undefined;
console.log(machine());
if (which === "cardinality" || which === "all") await cardinality();
if (which === "dashboard" || which === "all") await dashboard();
if (which === "throughput" || which === "all") await throughput(throughputOptions);
if (which === "anchors") await anchors(throughputOptions);
if (sustainedOptions) await sustained(sustainedOptions);
