import { type GeneratedFile, REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { withEventMetricsConnector } from "./event-metrics.js";
import { withKnownEventNames } from "./event-names.js";
import { withPrivacyProcessor } from "./privacy.js";

/** The collector config every deployment runs (compose, the native harness, k8s/ copies it). */
export const CONFIG_PATH = "stack/collector/config.yaml";

/**
 * stack/collector/config.yaml with its regions derived from the contract brought up to date: the
 * `transform/privacy` processor, the event names `transform/count` knows and the
 * `signal_to_metrics/events` connector. Everything else in
 * the file is hand-written, so it is generated in place: it must exist under `root`.
 */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const config = readRepoFile(CONFIG_PATH, root);
  if (config === undefined) throw new Error(`${CONFIG_PATH} is missing under ${root}: it is hand-written`);
  return [
    {
      path: CONFIG_PATH,
      content: withEventMetricsConnector(withKnownEventNames(withPrivacyProcessor(config))),
      from: "@cc-otel/contract (privacyProcessor(), knownEventNamePattern(), eventMetricsConnector()) into the hand-written config",
      inPlace: true,
    },
  ];
}
