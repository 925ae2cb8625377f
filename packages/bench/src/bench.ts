import { execSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { anchors } from "./anchors.js";
import { cardinality } from "./cardinality.js";
import { dashboard } from "./dashboard.js";
import { scaleOut } from "./scale-out.js";
import { seriesPerDeveloper } from "./series.js";
import { parseSustainedArgs, sustained } from "./sustained.js";
import { DEFAULTS, parseArgs, throughput } from "./throughput.js";

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

const which = process.argv[2] ?? "all";
const known = [
  "cardinality",
  "series",
  "dashboard",
  "throughput",
  "scale-out",
  "anchors",
  "sustained",
  "all",
];
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
if (which === "series" || which === "all") await seriesPerDeveloper();
if (which === "dashboard" || which === "all") await dashboard();
if (which === "throughput" || which === "all") await throughput(throughputOptions);
if (which === "scale-out" || which === "all") await scaleOut();
if (which === "anchors") await anchors(throughputOptions);
if (sustainedOptions) await sustained(sustainedOptions);
