import type { MetricName } from "@cc-otel/contract";
import type { Attrs } from "./attributes.js";
import type { Developer } from "./org.js";

/**
 * Where simulated telemetry goes. Two implementations produce the same OTLP shape:
 *
 * - SdkEmitter (real time): one MeterProvider and LoggerProvider per session, exactly like one CLI
 *   process, exporting on the SDK's own wall-clock timers.
 * - DirectEmitter (backfill / full speed): aggregates per export interval itself and hands the
 *   same ResourceMetrics / ReadableLogRecord structures straight to the same OTLP exporters, with
 *   past or compressed timestamps the SDK readers cannot produce.
 *
 * A test runs one seed through both and compares what a receiver decodes.
 */

/** One CLI process: a developer's session. */
export interface SessionHandle {
  readonly developer: Developer;
  readonly sessionId: string;
  /** Resource attributes of the developer's CLI. */
  readonly resource: Attrs;
}

export interface Emitter {
  readonly kind: "sdk" | "direct";
  /** All times are the emitted timestamps, unix ms. */
  openSession(session: SessionHandle, at: number): void;
  add(session: SessionHandle, metric: MetricName, value: number, attributes: Attrs, at: number): void;
  log(session: SessionHandle, body: string, attributes: Attrs, at: number): void;
  /** The CLI exits: final metric export of the session. */
  closeSession(session: SessionHandle, at: number): Promise<void>;
  /** Time has reached `at`: export intervals due by then are exported. */
  advanceTo(at: number): void;
  /** A promise to await before generating more, when exports lag behind; undefined otherwise. */
  backpressure(): Promise<void> | undefined;
  /** Flushes everything and releases the exporters. */
  shutdown(): Promise<void>;
}
