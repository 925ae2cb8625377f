import { type GeneratedFile, REPO_ROOT, readRepoFile } from "@cc-otel/repo";
import { withKnownEventNames } from "./event-names.js";
import { withPrivacyProcessor } from "./privacy.js";

/** The collector config every deployment runs (compose, the native harness, k8s/ copies it). */
export const CONFIG_PATH = "stack/collector/config.yaml";

/**
 * stack/collector/config.yaml with its two regions derived from the contract brought up to date:
 * the `transform/privacy` processor and the event names `transform/count` knows. Everything else in
 * the file is hand-written, so it is generated in place: it must exist under `root`.
 */
export function generatedFiles(root: string = REPO_ROOT): GeneratedFile[] {
  const config = readRepoFile(CONFIG_PATH, root);
  if (config === undefined) throw new Error(`${CONFIG_PATH} is missing under ${root}: it is hand-written`);
  return [
    {
      path: CONFIG_PATH,
      content: withKnownEventNames(withPrivacyProcessor(config)),
      from: "@cc-otel/contract (privacyProcessor(), knownEventNamePattern()) into the hand-written config",
      inPlace: true,
    },
  ];
}
