import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { STACK_DIR } from "./paths.js";

export interface StackVersions {
  collector: { version: string; image: string };
  prometheus: { version: string; goModule: string; image: string };
  ocb: { version: string };
  /** Jaeger v2 N.M.P is Go module v1.(63+M).P. */
  jaeger: { version: string; goModule: string; image: string };
  /** Pinned for compose; the harness cannot run these natively (see `native`). */
  loki: { version: string; image: string; native: string };
  grafana: { version: string; image: string; native: string };
  busybox: { version: string; image: string };
  /** The Compose CLI the tests build (Go module v<version>), and the oldest one the stack supports. */
  compose: { version: string; goModule: string; minimum: string; native: string };
}

/** stack/versions.json: what the native harness builds. */
export function stackVersions(): StackVersions {
  return JSON.parse(readFileSync(join(STACK_DIR, "versions.json"), "utf8")) as StackVersions;
}

/** The image of each service in stack/compose.yaml: what users run. */
export function composeImages(): Record<string, string> {
  const compose = parse(readFileSync(join(STACK_DIR, "compose.yaml"), "utf8")) as {
    services: Record<string, { image?: string }>;
  };
  return Object.fromEntries(
    Object.entries(compose.services)
      .filter(([, s]) => s.image)
      .map(([name, s]) => [name, s.image as string]),
  );
}
