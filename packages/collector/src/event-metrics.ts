import { eventMetricsConnector } from "@cc-otel/contract";
import { stringify } from "yaml";
import { CONNECTOR } from "./names.js";
import { entryRange, indentLines, replaceRange, sectionRange } from "./yaml-blocks.js";

/** The connector's key under `connectors:`. */
export const EVENT_METRICS_CONNECTOR = CONNECTOR.eventMetrics;

/**
 * `signal_to_metrics/events:` as it stands under `connectors:` in config.yaml: the contract's
 * eventMetricsConnector() as YAML, indented two spaces (lineWidth 0: one OTTL expression per line).
 */
export function renderEventMetricsEntry(): string {
  const yaml = stringify({ [EVENT_METRICS_CONNECTOR]: eventMetricsConnector() }, { lineWidth: 0 });
  return indentLines(yaml.replace(/\n$/, ""), 2);
}

/** The config with its `signal_to_metrics/events` connector replaced by the contract's; the rest as written. */
export function withEventMetricsConnector(config: string): string {
  const connectors = sectionRange(config, "connectors");
  return replaceRange(
    config,
    entryRange(config, EVENT_METRICS_CONNECTOR, 2, connectors),
    renderEventMetricsEntry(),
  );
}
