import type { ContentToggle } from "@cc-otel/contract";
import type { Rng } from "./random.js";

/**
 * The CLI's content toggles (OTEL_LOG_USER_PROMPTS, OTEL_LOG_TOOL_DETAILS, ...): off by default, as on
 * the CLI. A run that turns one on sends what the CLI then sends — prompt text, whole command lines,
 * raw API bodies — made-up text of the right size, so a stack's privacy settings can be tried without
 * anyone's real work in it.
 */

export type ContentSettings = Readonly<Record<ContentToggle, boolean>>;

export const NO_CONTENT: ContentSettings = {
  OTEL_LOG_USER_PROMPTS: false,
  OTEL_LOG_ASSISTANT_RESPONSES: false,
  OTEL_LOG_TOOL_DETAILS: false,
  OTEL_LOG_TOOL_CONTENT: false,
  OTEL_LOG_RAW_API_BODIES: false,
};

/** What the CLI accepts as "on" for a boolean variable. */
function truthy(value: string | undefined): boolean {
  return /^(1|true|yes|on)$/i.test(value?.trim() ?? "");
}

/** The toggles as the environment sets them, the way the CLI reads them. */
export function contentFromEnv(env: NodeJS.ProcessEnv): ContentSettings {
  const out: Record<string, boolean> = {};
  for (const key of Object.keys(NO_CONTENT)) out[key] = truthy(env[key]);
  return out as ContentSettings;
}

const WORDS =
  "the a to of and in for with on that this is it as be by from at or not an are fix add test build refactor update remove rename check handle return error value type function module config file path request response cache query user session token cost model tool service client server handler parser schema index table column migration branch commit review deploy release log metric event trace span dashboard alert panel".split(
    " ",
  );

/** Made-up prose of exactly `length` characters. */
export function fakeText(rng: Rng, length: number): string {
  let out = "";
  while (out.length < length) out += `${out ? " " : ""}${WORDS[rng.int(0, WORDS.length - 1)]}`;
  return out.slice(0, length);
}

/** The CLI cuts a raw API body it logs at 60 KiB and says so in body_truncated. */
export const RAW_BODY_LIMIT = 61_440;

/** The CLI cuts tool_input at 4 KiB with this marker. */
export function toolInputJson(input: Readonly<Record<string, unknown>>): string {
  const json = JSON.stringify(input);
  return json.length > 4096 ? `${json.slice(0, 4096)}\u2026[truncated]` : json;
}
