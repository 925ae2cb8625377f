import type { DeveloperAgent } from "./agent.js";
import type { Emitter } from "./emitter.js";
import type { RunStats } from "./session-telemetry.js";

/**
 * Runs every developer's actions in simulated-time order. Paced runs wait for the clock (real
 * time, or compressed by --speed); unpaced runs (backfill) go as fast as the exporters accept,
 * yielding to the event loop regularly so exports and signals get through.
 */

export interface Pacing {
  /** Wall-clock ms now (injected so tests and benchmarks control it). */
  readonly wallNow: () => number;
  /** Wall-clock ms at which simulated time was simStart: the origin emitted timestamps use too. */
  readonly wallStart: number;
  /** Simulated ms per wall-clock ms; undefined: as fast as possible. */
  readonly speed: number | undefined;
  readonly sleep: (ms: number) => Promise<void>;
}

export interface EngineOptions {
  readonly agents: readonly DeveloperAgent[];
  readonly emitter: Emitter;
  readonly stats: RunStats;
  readonly simStart: number;
  /** Simulated end (exclusive); undefined runs until stopped. */
  readonly simEnd: number | undefined;
  readonly pacing: Pacing;
  readonly signal: AbortSignal;
  /** Called at most every `progressEveryMs` of wall time. */
  readonly onProgress?: () => void;
  readonly progressEveryMs?: number;
}

/** Heap of agents keyed by their next action time; ties by developer index for determinism. */
class AgentQueue {
  private readonly heap: { at: number; agent: DeveloperAgent }[] = [];

  private less(a: { at: number; agent: DeveloperAgent }, b: { at: number; agent: DeveloperAgent }): boolean {
    return a.at < b.at || (a.at === b.at && a.agent.dev.index < b.agent.dev.index);
  }

  push(agent: DeveloperAgent): void {
    const item = { at: agent.nextAt(), agent };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = h[p] as (typeof h)[number];
      if (!this.less(item, parent)) break;
      h[i] = parent;
      i = p;
    }
    h[i] = item;
  }

  peek(): { at: number; agent: DeveloperAgent } | undefined {
    return this.heap[0];
  }

  pop(): DeveloperAgent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = last;
        let m = i;
        if (l < h.length && this.less(h[l] as typeof last, best)) {
          m = l;
          best = h[l] as typeof last;
        }
        if (r < h.length && this.less(h[r] as typeof last, best)) m = r;
        if (m === i) break;
        h[i] = h[m] as typeof last;
        i = m;
      }
      h[i] = last;
    }
    return top?.agent;
  }
}

export async function runEngine(o: EngineOptions): Promise<void> {
  const queue = new AgentQueue();
  for (const a of o.agents) queue.push(a);
  const wallStart = o.pacing.wallStart;
  const speed = o.pacing.speed;
  const simNow = () =>
    speed === undefined ? Number.POSITIVE_INFINITY : o.simStart + (o.pacing.wallNow() - wallStart) * speed;
  const progressEvery = o.progressEveryMs ?? 1000;
  let lastProgress = o.pacing.wallNow();
  let sinceYield = 0;

  const progress = () => {
    if (!o.onProgress) return;
    const now = o.pacing.wallNow();
    if (now - lastProgress >= progressEvery) {
      lastProgress = now;
      o.onProgress();
    }
  };

  while (!o.signal.aborted) {
    const next = queue.peek();
    if (!next) break;
    if (o.simEnd !== undefined && next.at >= o.simEnd) break;
    if (speed !== undefined) {
      const wait = (next.at - simNow()) / speed;
      if (wait > 0) {
        // Wake at least every 250 ms: progress lines, Ctrl-C and the end of the run.
        await o.pacing.sleep(Math.min(wait, 250));
        o.emitter.advanceTo(Math.min(simNow(), next.at));
        progress();
        continue;
      }
    }
    const agent = queue.pop() as DeveloperAgent;
    if (speed !== undefined) {
      const lag = (simNow() - next.at) / speed;
      if (lag > o.stats.maxLagMs) o.stats.maxLagMs = lag;
    }
    o.stats.simNow = next.at;
    o.emitter.advanceTo(next.at);
    const pending = agent.run();
    if (pending) await pending;
    queue.push(agent);
    const wait = o.emitter.backpressure();
    if (wait) await wait;
    if (++sinceYield >= 2000) {
      sinceYield = 0;
      // Let exporter I/O, timers and signal handlers run during unpaced generation.
      await new Promise<void>((resolve) => setImmediate(resolve));
      progress();
    } else if (speed !== undefined) progress();
  }

  // A paced run with a set duration lasts that long even when the last minutes are quiet.
  if (speed !== undefined && o.simEnd !== undefined) {
    while (!o.signal.aborted && simNow() < o.simEnd) {
      await o.pacing.sleep(Math.min((o.simEnd - simNow()) / speed, 250));
      o.emitter.advanceTo(Math.min(simNow(), o.simEnd));
      progress();
    }
  }

  const end = o.signal.aborted
    ? speed === undefined
      ? o.stats.simNow
      : Math.min(simNow(), o.simEnd ?? Number.POSITIVE_INFINITY)
    : (o.simEnd ?? o.stats.simNow);
  o.stats.simNow = Math.max(o.stats.simNow, end);
  o.emitter.advanceTo(end);
  for (const a of o.agents) await a.closeOpenSession(end);
}
