/**
 * Decoded OTLP as plain typed objects. Every attribute value keeps its OTLP kind (`string` vs `int`
 * vs `double` vs `bool`...), because the point of the sink is to let tests check that a sender uses
 * exactly the value types the real Claude Code CLI uses. The kind names match the contract's
 * `OtlpValueType` for the four scalar kinds.
 */

export type OtlpSignal = "metrics" | "logs" | "traces";
export type OtlpTransport = "grpc" | "http/protobuf" | "http/json";

export type AttributeValue =
  | { readonly type: "string"; readonly value: string }
  /** int64 on the wire: a bigint so that no precision is lost. */
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "double"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "bytes"; readonly value: Uint8Array }
  | { readonly type: "array"; readonly value: readonly AttributeValue[] }
  | { readonly type: "kvlist"; readonly value: Attributes }
  /** An AnyValue with no field set. */
  | { readonly type: "empty" };

export type AttributeType = AttributeValue["type"];

/** Attributes keyed by name. A key sent twice keeps the last value, as the collector does. */
export type Attributes = Readonly<Record<string, AttributeValue>>;

export interface ReceivedScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
}

export type Temporality = "delta" | "cumulative" | "unspecified";

export interface ReceivedNumberDataPoint {
  readonly attributes: Attributes;
  /** Unix nanoseconds. 0n when the sender left it unset. */
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  readonly value:
    | { readonly type: "int"; readonly value: bigint }
    | { readonly type: "double"; readonly value: number };
  readonly flags: number;
}

export interface ReceivedHistogramDataPoint {
  readonly attributes: Attributes;
  readonly startTimeUnixNano: bigint;
  readonly timeUnixNano: bigint;
  readonly count: bigint;
  readonly sum: number | undefined;
  readonly bucketCounts: readonly bigint[];
  readonly explicitBounds: readonly number[];
}

interface MetricBase {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
}

export interface ReceivedSum extends MetricBase {
  readonly kind: "sum";
  readonly temporality: Temporality;
  readonly isMonotonic: boolean;
  readonly dataPoints: readonly ReceivedNumberDataPoint[];
}

export interface ReceivedGauge extends MetricBase {
  readonly kind: "gauge";
  readonly dataPoints: readonly ReceivedNumberDataPoint[];
}

export interface ReceivedHistogram extends MetricBase {
  readonly kind: "histogram";
  readonly temporality: Temporality;
  readonly dataPoints: readonly ReceivedHistogramDataPoint[];
}

/** Exponential histograms and summaries: kept by name only; Claude Code sends neither. */
export interface ReceivedOtherMetric extends MetricBase {
  readonly kind: "exponentialHistogram" | "summary" | "empty";
  readonly dataPointCount: number;
}

export type ReceivedMetric = ReceivedSum | ReceivedGauge | ReceivedHistogram | ReceivedOtherMetric;

export interface ReceivedScopeMetrics {
  readonly scope: ReceivedScope;
  readonly schemaUrl: string;
  readonly metrics: readonly ReceivedMetric[];
}

export interface ReceivedResourceMetrics {
  readonly resource: Attributes;
  readonly schemaUrl: string;
  readonly scopeMetrics: readonly ReceivedScopeMetrics[];
  readonly transport: OtlpTransport;
}

/** One log record with its resource and scope, so that tests need not walk the nesting. */
export interface ReceivedLogRecord {
  readonly resource: Attributes;
  readonly scope: ReceivedScope;
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: AttributeValue | undefined;
  readonly attributes: Attributes;
  /** LogRecord.event_name (field 12); "" when unset. */
  readonly eventName: string;
  /** Hex, "" when unset. */
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: number;
  readonly droppedAttributesCount: number;
  readonly transport: OtlpTransport;
}

export interface ReceivedSpanEvent {
  readonly name: string;
  readonly timeUnixNano: bigint;
  readonly attributes: Attributes;
}

/** One span with its resource and scope, flattened like ReceivedLogRecord. */
export interface ReceivedSpan {
  readonly resource: Attributes;
  readonly scope: ReceivedScope;
  /** Hex; parentSpanId is "" for a root span. */
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  /** Span.SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly attributes: Attributes;
  readonly events: readonly ReceivedSpanEvent[];
  /** Status.StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly transport: OtlpTransport;
}

/** One export request as it arrived, for checking transport details (headers, compression). */
export interface ReceivedRequest {
  readonly signal: OtlpSignal;
  readonly transport: OtlpTransport;
  /** Lower-cased header / gRPC metadata names. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * HTTP: the content-encoding, "gzip" or "identity". gRPC: always "grpc" — grpc-js undoes
   * grpc-encoding before any handler runs and removes the header, so the sink cannot tell.
   */
  readonly encoding: string;
  /** Size of the (decompressed) OTLP message. */
  readonly bytes: number;
  /** Data points (metrics), log records (logs) or spans (traces) in the request. */
  readonly items: number;
  /** Status the sink answered with: 200 / gRPC OK is 0 here, else the HTTP status it sent. */
  readonly status: number;
}
