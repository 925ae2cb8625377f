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
  /** The server's own pid (`child` is the coreutils `timeout` wrapper around it), from /proc. */
  serverPid(): Promise<number>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** The pid of `timeoutPid`'s only child: the server `timeout` runs (it may take a moment to appear). */
async function childPid(timeoutPid: number): Promise<number> {
  for (let i = 0; i < 100; i++) {
    try {
      const children = readFileSync(`/proc/${timeoutPid}/task/${timeoutPid}/children`, "utf8")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
      if (children.length === 1 && children[0]) return children[0];
      if (children.length > 1) throw new Error(`timeout (${timeoutPid}) has ${children.length} children`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no child process under timeout (${timeoutPid})`);
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
    serverPid() {
      if (child.pid === undefined) return Promise.reject(new Error(`${opts.name}: the wrapper has no pid`));
      return childPid(child.pid);
    },
    async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
