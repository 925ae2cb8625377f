import { type EventName, eventBody, type MetricName } from "@cc-otel/contract";
import {
  type EventAttrs,
  eventAttributes,
  type MetricAttrs,
  metricAttributes,
  resourceAttributes,
  standardAttributes,
} from "./attributes.js";
import type { Emitter, SessionHandle } from "./emitter.js";
import type { Developer } from "./org.js";

/**
 * What one CLI session sends, in contract terms: metric increments and events with the standard
 * attributes, event.timestamp and the per-session event.sequence filled in. Times passed in are
 * simulated; the emitted timestamp comes from the run's clock mapping (identical in backfill,
 * compressed to wall-clock time in live runs).
 */

/** Counts the generators keep for progress lines; the ledger counts what was delivered. */
export interface RunStats {
  sessions: number;
  events: number;
  measurements: number;
  costUsd: number;
  /** Latest simulated time reached. */
  simNow: number;
  /** Paced runs: the most an action ran behind its schedule, wall-clock ms (keeping up = small). */
  maxLagMs: number;
}

export interface TelemetryTarget {
  readonly emitter: Emitter;
  /** Simulated time to emitted timestamp, both unix ms. */
  readonly toEmit: (sim: number) => number;
  readonly stats: RunStats;
}

/** Whole milliseconds, like Date: event.timestamp and the record time then agree exactly. */
function emitTime(target: TelemetryTarget, sim: number): number {
  return Math.round(target.toEmit(sim));
}

const resourceCache = new WeakMap<Developer, ReturnType<typeof resourceAttributes>>();

function resourceOf(dev: Developer) {
  let r = resourceCache.get(dev);
  if (!r) {
    r = resourceAttributes(dev);
    resourceCache.set(dev, r);
  }
  return r;
}

export class SessionTelemetry {
  readonly handle: SessionHandle;
  private readonly standard;
  private sequence = 0;

  constructor(
    readonly developer: Developer,
    readonly sessionId: string,
    private readonly target: TelemetryTarget,
    /** Print mode: the CLI reports terminal.type "non-interactive". */
    headless = false,
  ) {
    this.handle = { developer, sessionId, resource: resourceOf(developer) };
    this.standard = standardAttributes(developer, sessionId);
    if (headless) this.standard["terminal.type"] = "non-interactive";
  }

  open(at: number): void {
    this.target.stats.sessions++;
    this.target.emitter.openSession(this.handle, emitTime(this.target, at));
  }

  metric<M extends MetricName>(name: M, value: number, own: MetricAttrs<M>, at: number): void {
    this.target.stats.measurements++;
    if (name === "claude_code.cost.usage") this.target.stats.costUsd += value;
    this.target.emitter.add(
      this.handle,
      name,
      value,
      metricAttributes(name, this.standard, own),
      emitTime(this.target, at),
    );
  }

  event<E extends EventName>(name: E, promptId: string | undefined, own: EventAttrs<E>, at: number): void {
    this.target.stats.events++;
    const emitted = emitTime(this.target, at);
    const attributes = eventAttributes(
      name,
      this.standard,
      { timestamp: new Date(emitted).toISOString(), sequence: this.sequence++, promptId },
      own,
    );
    this.target.emitter.log(this.handle, eventBody(name), attributes, emitted);
  }

  close(at: number): Promise<void> {
    return this.target.emitter.closeSession(this.handle, emitTime(this.target, at));
  }
}
