import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, readFileSync } from "node:fs";

/**
 * Every server the harness starts is registered here and stopped when the Node process exits,
 * whatever the reason. Each is also wrapped in coreutils `timeout`, so a server outlives a crashed
 * test run by at most `maxSeconds`: servers in tests stop by themselves.
 */
const running = new Set<ChildProcess>();

function killAll(): void {
  // SIGTERM, not SIGKILL: the child is `timeout`, which passes SIGTERM on to the server (and kills it
  // 10 s later if it lingers). A SIGKILLed `timeout` leaves its server running for good, orphaned.
  for (const child of running) child.kill("SIGTERM");
  running.clear();
}
process.once("exit", killAll);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface ServerProcess {
  readonly name: string;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  log(): string;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export function startServer(opts: {
  name: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  logFile: string;
  maxSeconds?: number;
}): ServerProcess {
  const log = createWriteStream(opts.logFile, { flags: "a" });
  const maxSeconds = opts.maxSeconds ?? 3600;
  const child = spawn("timeout", ["--kill-after=10", String(maxSeconds), opts.command, ...opts.args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  running.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  return {
    name: opts.name,
    logFile: opts.logFile,
    child,
    exited,
    log: () => readFileSync(opts.logFile, "utf8"),
    async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
