import { privacyProcessor } from "@cc-otel/contract";
import { stringify } from "yaml";
import { PROCESSOR } from "./names.js";
import { entryRange, indentLines, replaceRange, sectionRange } from "./yaml-blocks.js";

/** The processor's key under `processors:`. */
export const PRIVACY_PROCESSOR = PROCESSOR.privacy;

/**
 * `transform/privacy:` as it stands under `processors:` in config.yaml: the contract's
 * privacyProcessor() as YAML, indented two spaces, no trailing newline. lineWidth 0: one OTTL
 * statement per line, never folded, so a diff shows which statement changed.
 */
export function renderPrivacyEntry(): string {
  const yaml = stringify({ [PRIVACY_PROCESSOR]: privacyProcessor() }, { lineWidth: 0 });
  return indentLines(yaml.replace(/\n$/, ""), 2);
}

/** The config with its `transform/privacy` processor replaced by the contract's; the rest as written. */
export function withPrivacyProcessor(config: string): string {
  const processors = sectionRange(config, "processors");
  return replaceRange(config, entryRange(config, PRIVACY_PROCESSOR, 2, processors), renderPrivacyEntry());
}
