import { Agent, request } from "node:http";
import { developer, logsTemplate, metricsTemplate, stamp, type Template } from "./otlp-proto.js";

/**
 * OTLP/HTTP load generator: `concurrency` workers, each with its own developers (so no stream is
 * shared between workers) and one request in flight at a time (so each stream's points arrive in
 * time order, as from one CLI process). Before each send a worker rewrites the timestamps of its
 * pre-encoded request: delta windows follow each other, 1 s of event time per request.
 */

export type Signal = "metrics" | "logs";

export interface LoadOptions {
  readonly endpoint: string;
  readonly signal: Signal;
  readonly concurrency: number;
  /** ResourceMetrics / ResourceLogs (one CLI session each) per request. */
  readonly sessionsPerRequest: number;
  /** Distinguishes developers between runs (so two collectors never see the same streams). */
  readonly seed?: string;
}

export interface LoadStats {
  requests: number;
  /** Data points or log records in requests answered 200. */
  items: number;
  /** Answers other than 200, by status (0 = connection error). */
  failures: Map<number, number>;
}

export interface Load {
  readonly stats: LoadStats;
  readonly templateBytes: number;
  readonly itemsPerRequest: number;
  /** Stops sending and resolves once no request is in flight; `resume` continues the same streams. */
  pause(): Promise<void>;
  resume(): void;
  stop(): Promise<LoadStats>;
}

export function templates(opts: Pick<LoadOptions, "signal" | "concurrency" | "sessionsPerRequest" | "seed">) {
  const out: Template[] = [];
  for (let w = 0; w < opts.concurrency; w++) {
    const devs = Array.from({ length: opts.sessionsPerRequest }, (_, s) =>
      developer(w * opts.sessionsPerRequest + s, opts.seed),
    );
    out.push(opts.signal === "metrics" ? metricsTemplate(devs) : logsTemplate(devs));
  }
  return out;
}

function post(agent: Agent, url: URL, body: Buffer): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        headers: { "content-type": "application/x-protobuf", "content-length": body.length },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", () => resolve(0));
      },
    );
    req.on("error", () => resolve(0));
    req.end(body);
  });
}

/** Starts sending at once unless `paused`. */
export function startLoad(opts: LoadOptions & { paused?: boolean }): Load {
  const url = new URL(`${opts.endpoint}/v1/${opts.signal}`);
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const stats: LoadStats = { requests: 0, items: 0, failures: new Map() };
  const tpls = templates(opts);
  let running = true;
  let paused = opts.paused ?? false;
  let wake: (() => void) | undefined;
  let gate = paused ? new Promise<void>((r) => (wake = r)) : Promise.resolve();
  let idle = 0;
  let onIdle: (() => void) | undefined;
  const SECOND = 1_000_000_000n;
  const worker = async (t: Template) => {
    // Event time starts 6 h ago and advances 1 s per request: every delta window follows the last.
    let time = BigInt(Date.now() - 6 * 3600_000) * 1_000_000n;
    while (running) {
      if (paused) {
        idle++;
        if (idle === tpls.length) onIdle?.();
        await gate;
        idle--;
        continue;
      }
      const status = await post(agent, url, stamp(t, time, time + SECOND));
      time += SECOND;
      stats.requests++;
      if (status === 200) stats.items += t.items;
      else {
        stats.failures.set(status, (stats.failures.get(status) ?? 0) + 1);
        if (status === 0) await new Promise((r) => setTimeout(r, 10));
      }
    }
  };
  const done = Promise.all(tpls.map(worker));
  const resume = () => {
    paused = false;
    wake?.();
  };
  return {
    stats,
    templateBytes: tpls[0]?.body.length ?? 0,
    itemsPerRequest: tpls[0]?.items ?? 0,
    pause() {
      if (!paused) {
        paused = true;
        gate = new Promise<void>((r) => (wake = r));
      }
      if (idle === tpls.length) return Promise.resolve();
      return new Promise<void>((r) => (onIdle = r));
    },
    resume,
    async stop() {
      running = false;
      resume();
      await done;
      agent.destroy();
      return stats;
    },
  };
}
