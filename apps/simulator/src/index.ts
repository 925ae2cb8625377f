/**
 * @cc-otel/simulator: Claude Code telemetry that a dashboard cannot tell from the real CLI.
 * runSimulation() is the whole thing; the building blocks are exported for tests and harnesses.
 */
export { DeveloperAgent } from "./agent.js";
export {
  type Attrs,
  eventAttributes,
  metricAttributes,
  resourceAttributes,
  standardAttributes,
} from "./attributes.js";
export { type ContentSettings, contentFromEnv, fakeText, NO_CONTENT } from "./content.js";
export { ConversationContext, type TokenUsage } from "./context.js";
export { DirectEmitter, type DirectEmitterOptions } from "./direct-emitter.js";
export type { Emitter, SessionHandle } from "./emitter.js";
export {
  createLogExporter,
  createMetricExporter,
  type ExportConfig,
  exportWithRetry,
  isRetryableExportError,
  PROTOCOLS,
  type Protocol,
  type RetryPolicy,
  signalUrl,
  type Temporality,
} from "./exporters.js";
export type { Journal, JournalEvent, JournalPoint, JournalValue } from "./journal.js";
export { type Ledger, LedgerRecorder, type MetricLedger } from "./ledger.js";
export { MAIN_MODEL_WEIGHTS, MODELS, modelOf } from "./models.js";
export { buildOrganisation, type Developer, sha256Hex, TEAMS } from "./org.js";
export { type Action, type PromptInput, type PromptPlan, planPrompt } from "./prompt.js";
export { Rng } from "./random.js";
export {
  type Clock,
  DEFAULT_CLI_VERSION,
  type Progress,
  type RunMode,
  runSimulation,
  SimulationError,
  type SimulationOptions,
  systemClock,
} from "./run.js";
export { effectWindows, SCENARIO_NAMES, SCENARIOS, type Scenario, type ScenarioName } from "./scenarios.js";
export { SdkEmitter, type SdkEmitterOptions } from "./sdk-emitter.js";
export { type RunStats, SessionTelemetry, type TelemetryTarget } from "./session-telemetry.js";
export { decide, MCP_TOOLS, TOOLS, type ToolSpec } from "./tools.js";
export { TimeZone } from "./zone.js";
