import { execFileSync, spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * The CLI tests run the built program the way a user does. Turbo builds before testing; when the
 * tests run on their own and dist/ is missing or older than src/, build it first.
 */

const ROOT = join(import.meta.dirname, "..", "..");
export const CLI = join(ROOT, "dist", "cli.js");

function newest(dir: string): number {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export function ensureBuilt(): void {
  let built = 0;
  try {
    built = statSync(CLI).mtimeMs;
  } catch {}
  if (built >= newest(join(ROOT, "src"))) return;
  execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "pipe",
  });
}

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

export function runCli(
  args: string[],
  options: { env?: Record<string, string>; signalAfterMs?: number; timeoutMs?: number } = {},
): Promise<CliResult> {
  const started = Date.now();
  // A clean environment: the developer's own OTEL_* variables must not leak into the test.
  const env: Record<string, string> = { PATH: process.env.PATH ?? "", ...options.env };
  const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  if (options.signalAfterMs !== undefined) setTimeout(() => child.kill("SIGINT"), options.signalAfterMs);
  const kill = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 30_000);
  return new Promise((resolve) =>
    child.on("close", (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}
