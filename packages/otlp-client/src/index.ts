/**
 * @cc-otel/otlp-client: the OTLP client plumbing the simulator and the doctor share —
 * OTEL_EXPORTER_OTLP_* resolved per the OpenTelemetry specification, and exporters built from it.
 */
export {
  COMPRESSIONS,
  type Compression,
  counterTemporality,
  DEFAULT_TIMEOUT_MS,
  inspectOtlpEnv,
  isHttpUrl,
  type OtlpEnv,
  OtlpEnvError,
  type OtlpEnvironment,
  type OtlpEnvProblem,
  otlpVariables,
  type ResolveOptions,
  resolveOtlpEnv,
  type SignalExport,
  TEMPORALITY_PREFERENCES,
  TEMPORALITY_VARIABLE,
  type TemporalityPreference,
} from "./env.js";
export {
  createLogExporter,
  createMetricExporter,
  createTraceExporter,
  type ExportTarget,
  type MetricExporterOptions,
  metadataOf,
} from "./exporters.js";
export { type ParsedHeaders, parseOtlpHeaders } from "./headers.js";
export {
  defaultBaseEndpoint,
  defaultSignalUrl,
  PROTOCOLS,
  type Protocol,
  SIGNALS,
  type Signal,
  signalUrlFromBase,
} from "./protocols.js";
