import { METRICS, type MetricName, SCOPES } from "@cc-otel/contract";
import { type Counter, type Logger, ValueType } from "@opentelemetry/api";
import { type Resource, resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type LogRecordProcessor,
  type ReadWriteLogRecord,
} from "@opentelemetry/sdk-logs";
import {
  MeterProvider,
  PeriodicExportingMetricReader,
  type PushMetricExporter,
} from "@opentelemetry/sdk-metrics";
import type { Attrs } from "./attributes.js";
import type { Emitter, SessionHandle } from "./emitter.js";

/**
 * Real-time path: the OpenTelemetry SDK itself, set up the way one Claude Code process sets it up.
 * Each session gets its own MeterProvider (its own delta/cumulative state and start times, flushed
 * when the session ends, like the CLI exiting) and LoggerProvider; the exporters and one batch log
 * processor are shared so that 500 developers do not open 500 connections.
 */

/** Lets many LoggerProviders share one batch processor without the first to shut down closing it. */
class SharedProcessor implements LogRecordProcessor {
  constructor(private readonly inner: LogRecordProcessor) {}
  onEmit(record: ReadWriteLogRecord): void {
    this.inner.onEmit(record);
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface SdkSession {
  readonly meterProvider: MeterProvider;
  readonly counters: Map<MetricName, Counter>;
  readonly loggerProvider: LoggerProvider;
  readonly logger: Logger;
  readonly meter: ReturnType<MeterProvider["getMeter"]>;
}

export interface SdkEmitterOptions {
  readonly metricExporter: PushMetricExporter;
  readonly logExporter: LogRecordExporter;
  readonly metricExportIntervalMs: number;
  readonly logExportIntervalMs: number;
}

export class SdkEmitter implements Emitter {
  readonly kind = "sdk" as const;
  private readonly sessions = new Map<SessionHandle, SdkSession>();
  private readonly resources = new Map<string, Resource>();
  private readonly batch: BatchLogRecordProcessor;
  private readonly processor: SharedProcessor;

  constructor(private readonly options: SdkEmitterOptions) {
    this.batch = new BatchLogRecordProcessor({
      exporter: options.logExporter,
      scheduledDelayMillis: options.logExportIntervalMs,
      // Big enough that a time-compressed run does not drop records between two exports.
      maxQueueSize: 200_000,
      maxExportBatchSize: 2048,
    });
    this.processor = new SharedProcessor(this.batch);
  }

  private resourceOf(session: SessionHandle): Resource {
    let r = this.resources.get(session.developer.userId);
    if (!r) {
      r = resourceFromAttributes(session.resource);
      this.resources.set(session.developer.userId, r);
    }
    return r;
  }

  openSession(session: SessionHandle): void {
    const resource = this.resourceOf(session);
    const version = session.developer.cliVersion;
    const meterProvider = new MeterProvider({
      resource,
      readers: [
        new PeriodicExportingMetricReader({
          exporter: this.options.metricExporter,
          exportIntervalMillis: this.options.metricExportIntervalMs,
          exportTimeoutMillis: Math.min(30_000, this.options.metricExportIntervalMs),
        }),
      ],
    });
    const loggerProvider = new LoggerProvider({ resource, processors: [this.processor] });
    this.sessions.set(session, {
      meterProvider,
      meter: meterProvider.getMeter(SCOPES.metrics, version),
      counters: new Map(),
      loggerProvider,
      logger: loggerProvider.getLogger(SCOPES.events, version),
    });
  }

  private get(session: SessionHandle): SdkSession {
    const s = this.sessions.get(session);
    if (!s) throw new Error(`session ${session.sessionId} used before openSession`);
    return s;
  }

  add(session: SessionHandle, metric: MetricName, value: number, attributes: Attrs): void {
    const s = this.get(session);
    let counter = s.counters.get(metric);
    if (!counter) {
      const spec = METRICS[metric];
      counter = s.meter.createCounter(metric, {
        description: spec.description,
        unit: spec.unit,
        valueType: spec.valueType === "int" ? ValueType.INT : ValueType.DOUBLE,
      });
      s.counters.set(metric, counter);
    }
    counter.add(value, attributes);
  }

  log(session: SessionHandle, body: string, attributes: Attrs, at: number): void {
    this.get(session).logger.emit({ timestamp: at, body, attributes });
  }

  async closeSession(session: SessionHandle): Promise<void> {
    const s = this.sessions.get(session);
    if (!s) return;
    this.sessions.delete(session);
    // Shutdown collects and exports the last interval, as the CLI does when it exits.
    await s.meterProvider.shutdown();
    await s.loggerProvider.shutdown();
  }

  advanceTo(): void {
    // The SDK readers run on their own timers.
  }

  backpressure(): undefined {
    return undefined;
  }

  async shutdown(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((s) => this.closeSession(s)));
    await this.batch.forceFlush();
    await this.batch.shutdown();
    await Promise.all([this.options.metricExporter.forceFlush(), this.options.logExporter.forceFlush()]);
  }
}
