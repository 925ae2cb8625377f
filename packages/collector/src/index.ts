export {
  EVENT_METRICS_CONNECTOR,
  renderEventMetricsEntry,
  withEventMetricsConnector,
} from "./event-metrics.js";
export { COUNT_PROCESSOR, withKnownEventNames } from "./event-names.js";
export { CONFIG_PATH, generatedFiles } from "./generate.js";
export * from "./names.js";
export { PRIVACY_PROCESSOR, renderPrivacyEntry, withPrivacyProcessor } from "./privacy.js";
export { entryRange, indentLines, sectionRange, type TextRange } from "./yaml-blocks.js";
