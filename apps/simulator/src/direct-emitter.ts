import { METRICS, type MetricName, SCOPES } from "@cc-otel/contract";
import { type HrTime, ValueType } from "@opentelemetry/api";
import { type InstrumentationScope, millisToHrTime } from "@opentelemetry/core";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import type { LogRecordExporter, ReadableLogRecord } from "@opentelemetry/sdk-logs";
import {
  AggregationTemporality,
  type DataPoint,
  DataPointType,
  type PushMetricExporter,
  type ResourceMetrics,
  type SumMetricData,
} from "@opentelemetry/sdk-metrics";
import type { Attrs } from "./attributes.js";
import type { Emitter, SessionHandle } from "./emitter.js";
import { exportAsync, type Temporality } from "./exporters.js";

/**
 * Direct-export path: does what the SDK's readers do (one collection per export interval per
 * session, delta or cumulative, same start-time rules) on simulated time, and hands the SDK's own
 * data structures to the same OTLP exporters. Used where wall-clock readers cannot work: backfill
 * with past timestamps and full-speed generation.
 *
 * The SDK's rules it reproduces, observed on @opentelemetry/sdk-metrics 3.1: a delta point starts at
 * the previous collection, or at the stream's first measurement when the stream is new; a
 * cumulative point starts at the stream's first measurement; a collection with nothing to report
 * exports nothing.
 */

interface Stream {
  readonly metric: MetricName;
  readonly attributes: Attrs;
  readonly firstAt: number;
  /** Start of the current delta period. */
  periodStart: number;
  value: number;
  dirty: boolean;
}

interface DirectSession {
  readonly handle: SessionHandle;
  readonly streams: Map<string, Stream>;
  nextTick: number;
  closed: boolean;
}

/** A developer's not-yet-exported points: one ResourceMetrics, filled over several intervals. */
interface DeveloperBuffer {
  readonly resource: Resource;
  readonly scope: InstrumentationScope;
  readonly metrics: Map<MetricName, DataPoint<number>[]>;
  points: number;
}

export interface DirectEmitterOptions {
  readonly metricExporter: PushMetricExporter;
  readonly logExporter: LogRecordExporter;
  readonly temporality: Temporality;
  readonly metricExportIntervalMs: number;
  readonly logExportIntervalMs: number;
  /**
   * true (real time): export each collection as it happens and logs every log interval, like the
   * CLI. false (backfill): batch many intervals and records per request, for throughput.
   */
  readonly live: boolean;
  readonly maxPointsPerExport?: number;
  readonly maxLogsPerExport?: number;
}

function streamKey(metric: string, attributes: Attrs): string {
  let key = metric;
  for (const k in attributes) key += `\u0000${k}=${attributes[k]}`;
  return key;
}

/** Min-heap of sessions by next collection time. */
class TickQueue {
  private readonly heap: DirectSession[] = [];
  push(s: DirectSession): void {
    const h = this.heap;
    h.push(s);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((h[p] as DirectSession).nextTick <= s.nextTick) break;
      h[i] = h[p] as DirectSession;
      i = p;
    }
    h[i] = s;
  }
  peek(): DirectSession | undefined {
    return this.heap[0];
  }
  pop(): DirectSession | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      let mTick = last.nextTick;
      if (l < h.length && (h[l] as DirectSession).nextTick < mTick) {
        m = l;
        mTick = (h[l] as DirectSession).nextTick;
      }
      if (r < h.length && (h[r] as DirectSession).nextTick < mTick) m = r;
      if (m === i) break;
      h[i] = h[m] as DirectSession;
      i = m;
    }
    h[i] = last;
    return top;
  }
}

export class DirectEmitter implements Emitter {
  readonly kind = "direct" as const;
  private readonly sessions = new Map<SessionHandle, DirectSession>();
  private readonly ticks = new TickQueue();
  private readonly buffers = new Map<string, DeveloperBuffer>();
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, InstrumentationScope>();
  private logs: ReadableLogRecord[] = [];
  private nextLogFlush = Number.NEGATIVE_INFINITY;
  private metricChain: Promise<unknown> = Promise.resolve();
  private logChain: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** Latest time advanceTo reached. */
  private now = Number.NEGATIVE_INFINITY;
  private readonly maxPoints: number;
  private readonly maxLogs: number;
  /** Points waiting in all developers' buffers; past the budget every buffer is flushed. */
  private buffered = 0;
  private static readonly BUFFER_BUDGET = 10_000;

  constructor(private readonly options: DirectEmitterOptions) {
    this.maxPoints = options.live ? 1 : (options.maxPointsPerExport ?? 1000);
    this.maxLogs = options.maxLogsPerExport ?? (options.live ? 2048 : 1000);
  }

  private resourceOf(handle: SessionHandle): Resource {
    let r = this.resources.get(handle.developer.userId);
    if (!r) {
      r = resourceFromAttributes(handle.resource);
      this.resources.set(handle.developer.userId, r);
    }
    return r;
  }

  /** One object per (name, version): the log serializer groups records by scope identity. */
  private scopeOf(name: string, version: string): InstrumentationScope {
    const key = `${name}@${version}`;
    let s = this.scopes.get(key);
    if (!s) {
      s = { name, version };
      this.scopes.set(key, s);
    }
    return s;
  }

  openSession(handle: SessionHandle, at: number): void {
    const s: DirectSession = {
      handle,
      streams: new Map(),
      nextTick: at + this.options.metricExportIntervalMs,
      closed: false,
    };
    this.sessions.set(handle, s);
    this.ticks.push(s);
  }

  add(handle: SessionHandle, metric: MetricName, value: number, attributes: Attrs, at: number): void {
    const s = this.sessions.get(handle);
    if (!s) throw new Error(`session ${handle.sessionId} used before openSession`);
    const key = streamKey(metric, attributes);
    let stream = s.streams.get(key);
    if (!stream) {
      stream = { metric, attributes, firstAt: at, periodStart: at, value: 0, dirty: false };
      s.streams.set(key, stream);
    }
    stream.value += value;
    stream.dirty = true;
  }

  log(handle: SessionHandle, body: string, attributes: Attrs, at: number): void {
    const time = millisToHrTime(at);
    this.logs.push({
      hrTime: time,
      hrTimeObserved: time,
      body,
      attributes,
      resource: this.resourceOf(handle),
      instrumentationScope: this.scopeOf(SCOPES.events, handle.developer.cliVersion),
      droppedAttributesCount: 0,
    });
    if (this.logs.length >= this.maxLogs) this.flushLogs();
  }

  /** One collection of one session at `at`, appended to the developer's buffer. */
  private collect(s: DirectSession, at: number): void {
    const cumulative = this.options.temporality === "cumulative";
    const end: HrTime = millisToHrTime(at);
    let buffer: DeveloperBuffer | undefined;
    for (const stream of s.streams.values()) {
      if (!cumulative && !stream.dirty) continue;
      const point: DataPoint<number> = {
        startTime: millisToHrTime(cumulative ? stream.firstAt : stream.periodStart),
        endTime: end,
        attributes: stream.attributes,
        value: stream.value,
      };
      if (!cumulative) {
        stream.value = 0;
        stream.periodStart = at;
      }
      stream.dirty = false;
      buffer ??= this.bufferOf(s.handle);
      let points = buffer.metrics.get(stream.metric);
      if (!points) {
        points = [];
        buffer.metrics.set(stream.metric, points);
      }
      points.push(point);
      buffer.points++;
      this.buffered++;
    }
    if (buffer && buffer.points >= this.maxPoints) this.flushBuffer(s.handle.developer.userId, buffer);
    // Many developers each below their batch size still add up: bound the memory they hold.
    if (this.buffered > DirectEmitter.BUFFER_BUDGET)
      for (const [id, b] of [...this.buffers]) this.flushBuffer(id, b);
  }

  private bufferOf(handle: SessionHandle): DeveloperBuffer {
    const id = handle.developer.userId;
    let b = this.buffers.get(id);
    if (!b) {
      b = {
        resource: this.resourceOf(handle),
        scope: this.scopeOf(SCOPES.metrics, handle.developer.cliVersion),
        metrics: new Map(),
        points: 0,
      };
      this.buffers.set(id, b);
    }
    return b;
  }

  private flushBuffer(userId: string, b: DeveloperBuffer): void {
    this.buffers.delete(userId);
    this.buffered -= b.points;
    const temporality =
      this.options.temporality === "delta" ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
    const metrics: SumMetricData[] = [];
    for (const [name, dataPoints] of b.metrics) {
      const spec = METRICS[name];
      metrics.push({
        descriptor: {
          name,
          description: spec.description,
          unit: spec.unit,
          valueType: spec.valueType === "int" ? ValueType.INT : ValueType.DOUBLE,
        },
        aggregationTemporality: temporality,
        dataPointType: DataPointType.SUM,
        dataPoints,
        isMonotonic: true,
      });
    }
    const rm: ResourceMetrics = { resource: b.resource, scopeMetrics: [{ scope: b.scope, metrics }] };
    this.queued++;
    this.metricChain = this.metricChain
      .then(() => exportAsync(this.options.metricExporter, rm))
      .finally(() => this.queued--);
  }

  private flushLogs(): void {
    if (this.logs.length === 0) return;
    const batch = this.logs;
    this.logs = [];
    this.queued++;
    this.logChain = this.logChain
      .then(() => exportAsync(this.options.logExporter, batch))
      .finally(() => this.queued--);
  }

  async closeSession(handle: SessionHandle, at: number): Promise<void> {
    const s = this.sessions.get(handle);
    if (!s) return;
    this.advanceTo(at);
    this.sessions.delete(handle);
    s.closed = true;
    this.collect(s, at);
  }

  advanceTo(at: number): void {
    if (at > this.now) this.now = at;
    for (let s = this.ticks.peek(); s && s.nextTick <= at; s = this.ticks.peek()) {
      this.ticks.pop();
      if (s.closed) continue;
      this.collect(s, s.nextTick);
      s.nextTick += this.options.metricExportIntervalMs;
      this.ticks.push(s);
    }
    if (this.options.live && at >= this.nextLogFlush) {
      this.flushLogs();
      this.nextLogFlush = at + this.options.logExportIntervalMs;
    }
  }

  backpressure(): Promise<void> | undefined {
    if (this.queued < 3) return undefined;
    return Promise.all([this.metricChain, this.logChain]).then(() => undefined);
  }

  async shutdown(): Promise<void> {
    for (const handle of [...this.sessions.keys()]) await this.closeSession(handle, this.now);
    for (const [id, b] of [...this.buffers]) this.flushBuffer(id, b);
    this.flushLogs();
    await Promise.all([this.metricChain, this.logChain]);
  }
}
