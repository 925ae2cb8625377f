import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";

/**
 * The real servers, built from source at the versions in stack/versions.json by
 * scripts/servers/*.sh and cached outside the repo. A cache hit costs a few milliseconds;
 * a miss prints what is being built and why.
 */
function runBuildScript(script: string): string {
  const res = spawnSync("bash", [join(REPO_ROOT, "scripts/servers", script)], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (res.status !== 0) {
    throw new Error(`scripts/servers/${script} failed (exit ${res.status}); its output is above`);
  }
  const last = res.stdout.trim().split("\n").pop() ?? "";
  if (!existsSync(last)) throw new Error(`scripts/servers/${script} printed '${last}', which does not exist`);
  return last;
}

let collector: string | undefined;
let prometheusDir: string | undefined;

/** Path of the otelcol-cc-otel binary. */
export function collectorBinary(): string {
  collector ??= runBuildScript("build-collector.sh");
  return collector;
}

/** Paths of prometheus and promtool. */
export function prometheusBinaries(): { prometheus: string; promtool: string } {
  prometheusDir ??= runBuildScript("build-prometheus.sh");
  return { prometheus: join(prometheusDir, "prometheus"), promtool: join(prometheusDir, "promtool") };
}

let jaeger: string | undefined;

/** Path of the jaeger (v2, all-in-one) binary. */
export function jaegerBinary(): string {
  jaeger ??= runBuildScript("build-jaeger.sh");
  return jaeger;
}

let compose: string | undefined;

/** Path of the Docker Compose CLI (standalone `docker-compose`; `config` needs no daemon). */
export function composeBinary(): string {
  compose ??= runBuildScript("build-compose.sh");
  return compose;
}
