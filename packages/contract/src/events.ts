import type { AttributeSpec } from "./attributes.js";

/**
 * Claude Code events, sent as OTLP log records. Body = `claude_code.<name>`; attribute
 * `event.name` = `<name>` without the prefix. Value types are mixed on purpose: the CLI sends
 * `prompt_length`, `duration_ms` of tool_result and `success` as strings. Keep them exactly.
 */

export const EVENT_BODY_PREFIX = "claude_code.";

/** On every event. */
export const EVENT_COMMON_ATTRIBUTES = {
  "event.name": { type: "string", description: "Event name without the `claude_code.` prefix." },
  "event.timestamp": { type: "string", description: "ISO-8601 time the event happened." },
  "event.sequence": { type: "int", description: "Monotonic per-session sequence number." },
  "prompt.id": {
    type: "string",
    description: "UUID linking every event one user prompt caused (absent on start-up events).",
    optional: true,
  },
} as const satisfies Record<string, AttributeSpec>;

export interface EventSpec {
  readonly description: string;
  /** Start-up bookkeeping: emitted, tolerated, not charted. */
  readonly bookkeeping?: boolean;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

// Generic so that literal `values` survive into the types (EVENTS.tool_result.attributes.success.values
// is readonly ["true", "false"], not string[]).
const s = <const X extends Partial<AttributeSpec> = Record<never, never>>(description: string, extra?: X) =>
  ({ type: "string", description, ...extra }) as { type: "string"; description: string } & X;
const i = <const X extends Partial<AttributeSpec> = Record<never, never>>(description: string, extra?: X) =>
  ({ type: "int", description, ...extra }) as { type: "int"; description: string } & X;

export const EVENTS = {
  user_prompt: {
    description: "The user submitted a prompt.",
    attributes: {
      prompt_length: s("Prompt length in characters — sent as a STRING."),
      prompt: s("Prompt text; the literal `<REDACTED>` unless OTEL_LOG_USER_PROMPTS=1.", { sensitive: true }),
      prompt_text: s("Prompt text field (redacted like `prompt`).", { sensitive: true, optional: true }),
      "message.uuid": s("UUID of the message."),
    },
  },
  api_request: {
    description: "One successful request to the Messages API.",
    attributes: {
      model: s("Model id as sent."),
      input_tokens: i("Uncached input tokens."),
      output_tokens: i("Output tokens."),
      cache_read_tokens: i("Tokens read from the prompt cache."),
      cache_creation_tokens: i("Tokens written to the prompt cache (5 min + 1 h)."),
      cache_creation_5m_tokens: i("Tokens written to the 5-minute cache."),
      cache_creation_1h_tokens: i("Tokens written to the 1-hour cache."),
      cost_usd: { type: "double", description: "Client-side cost estimate in USD." },
      cost_usd_micros: i("cost_usd in millionths of a dollar."),
      duration_ms: i("Request duration in ms."),
      ttft_ms: i("Time to first token in ms."),
      request_id: s("API request id."),
      speed: s("Speed mode.", { values: ["normal", "fast"], open: true }),
      query_source: s("main, subagent, ...", { open: true }),
      effort: s("Reasoning effort when set.", { optional: true }),
    },
  },
  api_error: {
    description: "A request that finally failed (retried-then-succeeded requests emit none).",
    attributes: {
      model: s("Model id as sent."),
      error: s("Error message."),
      status_code: i("HTTP status (absent for network errors).", { optional: true }),
      duration_ms: i("Duration of the last attempt in ms."),
      attempt: i("Attempts made."),
      speed: s("Speed mode.", { open: true }),
      query_source: s("main, subagent, ...", { open: true }),
    },
  },
  tool_decision: {
    description: "A permission decision on a tool use.",
    attributes: {
      tool_name: s("Tool (Read, Edit, Bash, mcp__server__tool...)."),
      decision: s("accept or reject.", { values: ["accept", "reject"] }),
      source: s("Where the decision came from.", {
        values: ["config", "user_temporary", "user_permanent", "user_reject", "hook"],
        open: true,
      }),
      tool_use_id: s("Tool use id."),
      tool_source: s("builtin, mcp, ...", { values: ["builtin", "mcp"], open: true }),
      permission_mode: s("Permission mode.", {
        values: ["default", "acceptEdits", "plan", "bypassPermissions"],
        open: true,
      }),
      request_id: s("API request that asked for the tool."),
    },
  },
  tool_result: {
    description: "A tool finished.",
    attributes: {
      tool_name: s("Tool name."),
      success: s('"true" or "false" — a STRING.', { values: ["true", "false"] }),
      duration_ms: s("Tool duration in ms — a STRING."),
      tool_input_size_bytes: s("Size of the tool input — a STRING."),
      tool_result_size_bytes: s("Size of the tool result — a STRING."),
      tool_use_id: s("Tool use id."),
      request_id: s("API request that asked for the tool."),
      error: s("Error message on failure.", { optional: true }),
      tool_input: s("Tool input, only with OTEL_LOG_TOOL_DETAILS=1.", { optional: true, sensitive: true }),
    },
  },
  assistant_response: {
    description: "The assistant's final answer to a prompt.",
    attributes: {
      response_length: i("Response length in characters."),
      response: s("Response text; `<REDACTED>` by default.", { sensitive: true }),
      model: s("Model id as sent."),
      request_id: s("API request id."),
      "message.uuid": s("UUID of the message."),
      query_source: s("main, subagent, ...", { open: true }),
    },
  },
  plugin_loaded: {
    description: "Start-up bookkeeping: a plugin loaded. Attributes are not documented; tolerate any.",
    bookkeeping: true,
    attributes: {},
  },
  managed_settings_resolved: {
    description: "Start-up bookkeeping: managed settings were resolved. Attributes are not documented.",
    bookkeeping: true,
    attributes: {},
  },
} as const satisfies Record<string, EventSpec>;

export type EventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
/** The events the dashboard charts (the roadmap's 5 plus assistant_response). */
export const CHARTED_EVENT_NAMES = EVENT_NAMES.filter(
  (n) => !("bookkeeping" in EVENTS[n] && EVENTS[n].bookkeeping),
) as Exclude<EventName, "plugin_loaded" | "managed_settings_resolved">[];

export type EventAttributeKey<E extends EventName> = keyof (typeof EVENTS)[E]["attributes"] & string;

export function eventBody(name: EventName): `claude_code.${EventName}` {
  return `${EVENT_BODY_PREFIX}${name}` as `claude_code.${EventName}`;
}

/** Attribute keys that carry user content; removed by the collector unless the user opts in. */
export const SENSITIVE_EVENT_ATTRIBUTES = [
  ...new Set(
    EVENT_NAMES.flatMap((e) =>
      Object.entries(EVENTS[e].attributes as Record<string, AttributeSpec>)
        .filter(([, spec]) => spec.sensitive)
        .map(([k]) => k),
    ),
  ),
].sort();
