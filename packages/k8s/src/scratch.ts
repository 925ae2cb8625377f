import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dirs: string[] = [];

/** A fresh temporary directory (cc-otel-k8s-<what>-XXXXXX), removed by cleanScratch(). */
export function scratch(what: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cc-otel-k8s-${what}-`));
  dirs.push(dir);
  return dir;
}

/** Removes every directory scratch() made in this process (call it from afterAll). */
export function cleanScratch(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
