import type { AttributeSpec } from "./attributes.js";
import { b, dropped, i, opt, s } from "./define.js";

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
  /** Start-up and housekeeping: emitted, counted, tolerated, not charted. */
  readonly bookkeeping?: boolean;
  /**
   * Where the attribute list comes from: "observed" in runs of the real CLI (the conformance test
   * checks the simulator against them), or read from the pinned CLI's "code" only (the event needs
   * a setup the tests do not make: an MCP server, a login, a survey...). Types of the latter are
   * read from the code too (`String(x)` = string).
   */
  readonly evidence: "observed" | "code";
  /** More keys than those listed may come (the CLI spreads a dynamic object into it). */
  readonly openAttributes?: boolean;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

/**
 * `tool_parameters`: JSON the CLI builds per tool call. By default it holds only MCP server and tool
 * names; OTEL_LOG_TOOL_DETAILS adds the whole command line, its description, file paths' tools... The
 * safe keys stay; `bash_command` (the command line's first word) is cut to a bare command name.
 */
const toolParameters = s(
  "JSON of the call's parameters: MCP server/tool names by default; with OTEL_LOG_TOOL_DETAILS=1 also bash_command, full_command, description, timeout, skill_name, subagent_type, git_commit_id, git_branch.",
  {
    optional: true,
    content: {
      toggles: ["OTEL_LOG_TOOL_DETAILS"],
      byDefault: {
        keepJsonKeys: [
          "bash_command",
          "mcp_server_name",
          "mcp_tool_name",
          "skill_name",
          "subagent_type",
          "dangerouslyDisableSandbox",
        ],
        commandNameKeys: ["bash_command"],
      },
      keeps:
        "the MCP server and tool names, skill and subagent names, and the command's bare name (no arguments, path or VAR=value prefix)",
    },
  },
);

const model = s("Model id as sent.");
const querySource = s("main, subagent, sdk (print mode), compact...", { open: true });
const querySourceOpt = s("main, subagent, sdk (print mode), compact...", { open: true, optional: true });
const effort = s("Reasoning effort when set.", opt);
const speed = s("Speed mode.", { values: ["normal", "fast"], open: true });
const pluginName = s("Plugin name (a placeholder for plugins the CLI does not name).", opt);
const pluginIdHash = s("Hash of the plugin id.", opt);
const safeMode = s('"true" or "false" — a STRING.', { values: ["true", "false"] });

export const EVENTS = {
  user_prompt: {
    description: "The user submitted a prompt (or a slash command).",
    evidence: "observed",
    attributes: {
      prompt_length: s("Prompt length in characters — sent as a STRING."),
      prompt: s("Prompt text; the literal `<REDACTED>` unless OTEL_LOG_USER_PROMPTS=1.", {
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "prompt_length"),
      }),
      prompt_text: s("Prompt text again (redacted like `prompt`).", {
        optional: true,
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "prompt_length"),
      }),
      "message.uuid": s("UUID of the message (absent for slash commands).", opt),
      command_name: s("Slash command, when the prompt is one (e.g. `compact`).", opt),
      command_source: s("Where the slash command comes from (builtin, plugin, user...).", opt),
    },
  },
  api_request: {
    description: "One successful request to the Messages API.",
    evidence: "observed",
    attributes: {
      model,
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
      speed,
      query_source: querySource,
      effort,
    },
  },
  api_error: {
    description:
      "A request that finally failed: a 4xx at once, a 429/5xx or connection error after its last retry (retried-then-succeeded requests emit none).",
    evidence: "observed",
    attributes: {
      model,
      error: s("Error message (the API's or the network's)."),
      status_code: i("HTTP status (absent for network errors).", opt),
      duration_ms: i("Duration of the last attempt in ms."),
      attempt: i("Attempts made."),
      request_id: s("API request id of the last attempt.", opt),
      client_request_id: s("Client-side request id, when set.", opt),
      speed: s("Speed mode.", { open: true }),
      query_source: querySource,
      effort,
    },
  },
  api_retries_exhausted: {
    description:
      "Right after the api_error of a request that failed on every retry (a 429/5xx/529 burst): how long the retries took.",
    evidence: "observed",
    attributes: {
      model,
      error: s("Error message of the last attempt."),
      status_code: i("HTTP status of the last attempt (absent for network errors).", opt),
      total_attempts: i("Attempts made, the first included."),
      total_retry_duration_ms: i("Time from the first attempt to giving up, in ms."),
      speed,
      query_source: querySourceOpt,
      effort,
    },
  },
  api_refusal: {
    description: "The model refused a request (a safety stop).",
    evidence: "code",
    attributes: {
      model,
      request_id: s("API request id."),
      speed,
      attempt: i("Attempt number."),
      server_fallback_hop: i("Server-side fallback hop, when one happened.", opt),
      query_source: querySourceOpt,
      effort,
      has_category: b("Whether the refusal named a category.", opt),
      has_explanation: b("Whether the refusal came with an explanation.", opt),
      category: s("Refusal category (only with OTEL_LOG_TOOL_DETAILS=1).", opt),
    },
  },
  api_request_body: {
    description: "Only with OTEL_LOG_RAW_API_BODIES=1: the raw Messages API request the CLI sent.",
    evidence: "observed",
    attributes: {
      body: s("The request JSON: system prompt, the whole conversation, file contents (cut by the CLI).", {
        content: dropped(["OTEL_LOG_RAW_API_BODIES"], "body_length"),
      }),
      body_length: s("Length of the whole body in characters — a STRING."),
      body_truncated: s('"true" when the CLI cut the body — a STRING.', opt),
      model,
      query_source: querySource,
      request_body_id: s("UUID pairing the request with its api_response_body."),
    },
  },
  api_response_body: {
    description: "Only with OTEL_LOG_RAW_API_BODIES=1: the raw Messages API response the CLI received.",
    evidence: "observed",
    attributes: {
      body: s("The response JSON: the model's whole answer and tool calls.", {
        content: dropped(["OTEL_LOG_RAW_API_BODIES"], "body_length"),
      }),
      body_length: s("Length of the whole body in characters — a STRING."),
      body_truncated: s('"true" when the CLI cut the body — a STRING.', opt),
      model,
      query_source: querySource,
      request_id: s("API request id."),
      request_body_id: s("UUID of the api_request_body this answers."),
      "message.id": s("Messages API message id."),
      "message.uuid": s("UUID of the message."),
    },
  },
  tool_decision: {
    description: "A permission decision on a tool use.",
    evidence: "observed",
    attributes: {
      tool_name: s("Tool (Read, Edit, Bash, mcp__server__tool...)."),
      decision: s("accept or reject.", { values: ["accept", "reject"] }),
      source: s("Where the decision came from.", {
        values: ["config", "user_temporary", "user_permanent", "user_reject", "hook"],
        open: true,
      }),
      tool_use_id: s("Tool use id."),
      tool_source: s("builtin, mcp, ...", { values: ["builtin", "mcp"], open: true }),
      tool_parameters: toolParameters,
      permission_mode: s("Permission mode.", {
        values: ["default", "acceptEdits", "plan", "bypassPermissions"],
        open: true,
      }),
      decision_source: s("Finer source of the decision (rule, classifier, hook...).", opt),
      decision_type: s("Finer kind of the decision.", opt),
      classifier_verdict: s("Auto mode's classifier: allow or block.", opt),
      classifier_category: s("Auto mode's block category (with OTEL_LOG_TOOL_DETAILS=1).", opt),
      request_id: s("API request that asked for the tool.", opt),
    },
  },
  tool_result: {
    description: "A tool finished.",
    evidence: "observed",
    attributes: {
      tool_name: s("Tool name."),
      success: s('"true" or "false" — a STRING.', { values: ["true", "false"] }),
      duration_ms: s("Tool duration in ms — a STRING."),
      error_type: s("Kind of failure (ShellError, ...), on failure.", opt),
      error: s("Error message on failure, only with OTEL_LOG_TOOL_DETAILS=1.", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "error_type"),
      }),
      tool_parameters: toolParameters,
      tool_input: s(
        "JSON of the tool's input (a file Write writes, an Edit's text), only with OTEL_LOG_TOOL_DETAILS=1.",
        {
          optional: true,
          content: dropped(["OTEL_LOG_TOOL_DETAILS"], "tool_input_size_bytes"),
        },
      ),
      tool_input_size_bytes: s("Size of the tool input — a STRING."),
      tool_result_size_bytes: s("Size of the tool result — a STRING (absent on failure).", opt),
      tool_use_id: s("Tool use id."),
      decision_source: s("Finer source of the permission decision.", opt),
      decision_type: s("Finer kind of the permission decision.", opt),
      mcp_server_scope: s("Scope of the MCP server (MCP tools).", opt),
      "vcs.ref.head.revision": s("Commit the tool created (git commits by Bash).", opt),
      "vcs.ref.head.name": s("Branch of that commit.", opt),
      "vcs.ref.head.type": s('"branch".', opt),
      request_id: s("API request that asked for the tool.", opt),
    },
  },
  assistant_response: {
    description: "The assistant's final answer to a prompt.",
    evidence: "observed",
    attributes: {
      response_length: i("Response length in characters."),
      response: s(
        "Response text; `<REDACTED>` unless OTEL_LOG_USER_PROMPTS or OTEL_LOG_ASSISTANT_RESPONSES is 1.",
        {
          content: dropped(["OTEL_LOG_USER_PROMPTS", "OTEL_LOG_ASSISTANT_RESPONSES"], "response_length"),
        },
      ),
      model,
      request_id: s("API request id."),
      "message.uuid": s("UUID of the message."),
      query_source: querySource,
    },
  },
  system_prompt: {
    description: "Only with OTEL_LOG_USER_PROMPTS=1, once per distinct system prompt: its text.",
    evidence: "code",
    attributes: {
      system_prompt_hash: s("Hash of the system prompt."),
      system_prompt: s("The system prompt (CLAUDE.md files, environment, instructions).", {
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "system_prompt_length, system_prompt_hash"),
      }),
      system_prompt_length: s("Length in characters — a STRING."),
      system_prompt_truncated: s('"true" when the CLI cut it.', opt),
    },
  },
  tool: {
    description: "Only with OTEL_LOG_USER_PROMPTS=1, once per distinct tool definition sent to the model.",
    evidence: "code",
    attributes: {
      tool_name: s("Tool name."),
      tool_hash: s("Hash of the definition."),
      tool: s("The tool's JSON definition (MCP tools: their servers' descriptions and schemas).", {
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "tool_name, tool_hash"),
      }),
      tool_truncated: s('"true" when the CLI cut it.', opt),
    },
  },
  compaction: {
    description: "The conversation was compacted (summarised), by /compact or automatically.",
    evidence: "observed",
    attributes: {
      trigger: s("manual or auto.", { values: ["manual", "auto"], open: true }),
      success: s('"true" or "false" — a STRING.', { values: ["true", "false"] }),
      duration_ms: s("Duration in ms — a STRING."),
      pre_tokens: s("Context tokens before — a STRING.", opt),
      post_tokens: s("Context tokens after — a STRING.", opt),
      error: s("Error message when it failed.", opt),
      precompute_reuse: s("Whether a precomputed summary was reused.", opt),
    },
  },
  subagent_completed: {
    description: "A subagent (Task tool) finished.",
    evidence: "code",
    attributes: {
      agent_type: s("Built-in agent type, or `custom`."),
      "agent.source": s("Where the agent is defined.", opt),
      is_built_in: b("Whether the agent is built in."),
      is_async: b("Whether it ran in the background."),
      total_tokens: i("Tokens it used."),
      total_tool_uses: i("Tool calls it made."),
      duration_ms: i("Duration in ms."),
      model,
      final_model: s("Model at the end (a fallback may switch it)."),
      model_swapped: b("Whether the model changed during the run."),
      plugin_id_hash: pluginIdHash,
      "plugin.name": pluginName,
    },
  },
  hook_registered: {
    description: "Start-up: a hook from settings or a plugin was registered.",
    evidence: "observed",
    bookkeeping: true,
    attributes: {
      hook_event: s("PreToolUse, PostToolUse, Stop, SessionStart..."),
      hook_type: s("command, prompt, ..."),
      hook_source: s("Which settings or plugin it comes from."),
      safe_mode: safeMode,
      hook_matcher: s("The tool matcher, when the hook has one.", opt),
      "plugin.name": pluginName,
      plugin_id_hash: pluginIdHash,
    },
  },
  hook_execution_start: {
    description: "The hooks of one hook event start running.",
    evidence: "observed",
    attributes: {
      hook_event: s("PreToolUse, PostToolUse, Stop, ..."),
      hook_name: s("Hook event and matcher, e.g. `PreToolUse:Bash`."),
      num_hooks: s("Hooks run — a STRING."),
      managed_only: s('"true" when only managed hooks may run — a STRING.'),
      hook_source: s("policySettings or merged."),
      safe_mode: safeMode,
      hook_definitions: s("The hooks' definitions: their command lines.", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "num_hooks"),
      }),
    },
  },
  hook_execution_complete: {
    description: "The hooks of one hook event finished: how many succeeded, blocked or failed.",
    evidence: "observed",
    attributes: {
      hook_event: s("PreToolUse, PostToolUse, Stop, ..."),
      hook_name: s("Hook event and matcher."),
      num_hooks: s("Hooks run — a STRING."),
      num_success: s("Succeeded — a STRING."),
      num_blocking: s("Blocked the action — a STRING."),
      num_non_blocking_error: s("Failed without blocking — a STRING."),
      num_cancelled: s("Cancelled — a STRING."),
      total_duration_ms: s("Duration in ms — a STRING."),
      stdout_chars: s("Characters the hooks printed — a STRING."),
      additional_context_chars: s("Characters of context they added — a STRING."),
      system_message_chars: s("Characters of system message — a STRING."),
      initial_user_message_chars: s("Characters of initial user message — a STRING."),
      num_outputs_persisted: s("Outputs kept — a STRING."),
      managed_only: s('"true" when only managed hooks may run — a STRING.'),
      hook_source: s("policySettings or merged."),
      safe_mode: safeMode,
      hook_definitions: s("The hooks' definitions: their command lines.", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "num_hooks"),
      }),
    },
  },
  hook_plugin_metrics: {
    description: "Per-plugin hook counters.",
    evidence: "code",
    openAttributes: true,
    attributes: {
      plugin_id: s("Plugin id."),
      hook_event: s("Hook event."),
    },
  },
  permission_mode_changed: {
    description: "The permission mode changed (default, acceptEdits, plan...).",
    evidence: "code",
    attributes: {
      from_mode: s("Mode before."),
      to_mode: s("Mode after."),
      trigger: s("What changed it.", opt),
    },
  },
  mcp_server_connection: {
    description: "Start-up: an MCP server connected, or failed to.",
    evidence: "code",
    bookkeeping: true,
    attributes: {
      status: s("connected, failed, ..."),
      transport_type: s("stdio, sse, http, ..."),
      server_scope: s("Where the server is configured."),
      duration_ms: s("Connection time in ms — a STRING."),
      is_plugin: b("Whether a plugin provides the server."),
      plugin_id_hash: pluginIdHash,
      "plugin.name": pluginName,
      error_code: s("Error code on failure — a STRING.", opt),
      server_name: s("Server name (only for servers the CLI may name).", opt),
      error: s("Error message on failure (only for those servers).", opt),
    },
  },
  skill_activated: {
    description: "A skill was activated.",
    evidence: "code",
    attributes: {
      "skill.name": s("Skill name, or `custom_skill`."),
      invocation_trigger: s("What activated it."),
      "skill.source": s("Where the skill comes from.", opt),
      "skill.kind": s("Kind of skill.", opt),
      "plugin.name": pluginName,
      "marketplace.name": s("Marketplace of its plugin.", opt),
    },
  },
  at_mention: {
    description: "An @-mention in a prompt was resolved.",
    evidence: "code",
    attributes: {
      mention_type: s("file, agent, ..."),
      success: s('"true" or "false" — a STRING.'),
    },
  },
  auth: {
    description: "A login or token action.",
    evidence: "code",
    attributes: {
      action: s("What was done."),
      success: s('"true" or "false" — a STRING.'),
      auth_method: s("How."),
      error_category: s("Kind of failure.", opt),
      status_code: s("HTTP status on failure — a STRING.", opt),
    },
  },
  internal_error: {
    description: "An internal CLI error.",
    evidence: "code",
    attributes: {
      error_name: s("Error class."),
      error_code: s("Error code."),
    },
  },
  safety_event: {
    description: "A safety check (sandbox, classifier) acted on a tool use.",
    evidence: "code",
    openAttributes: true,
    attributes: {
      tool_name: s("Tool (or `other_tool`).", opt),
      classifier_category: s("Classifier category (with OTEL_LOG_TOOL_DETAILS=1).", opt),
      tool_use_id: s("Tool use id.", opt),
      sandbox_violation_count: s("Sandbox violations — a STRING.", opt),
      sandbox_enabled: s('"true" or "false" — a STRING.'),
    },
  },
  feedback_survey: {
    description: "The in-CLI feedback survey was shown or answered.",
    evidence: "code",
    attributes: {
      event_type: s("appeared, responded, ..."),
      appearance_id: s("Id of the survey appearance."),
      response: s("The rating chosen.", opt),
      survey_type: s("Kind of survey."),
      enabled_via_override: b("Whether an override enabled it.", opt),
      event_origin: s("Where the event came from.", opt),
      event_origin_server: s("Server of that origin.", opt),
    },
  },
  plugin_loaded: {
    description: "Start-up: a plugin was loaded (the three bundled ones in every session).",
    evidence: "observed",
    bookkeeping: true,
    attributes: {
      "plugin.name": s("Plugin name."),
      "marketplace.name": s("Marketplace (builtin for bundled plugins)."),
      "plugin.scope": s("default-bundle, user, project..."),
      enabled_via: s("How it was enabled."),
      plugin_id_hash: s("Hash of the plugin id."),
      has_hooks: b("Whether it brings hooks."),
      has_mcp: b("Whether it brings MCP servers."),
      host_owned_mcp: b("Whether its MCP servers belong to the host."),
      skill_path_count: i("Skill paths."),
      command_path_count: i("Command paths."),
      agent_path_count: i("Agent paths."),
      safe_mode: safeMode,
    },
  },
  plugin_installed: {
    description: "A plugin was installed.",
    evidence: "code",
    bookkeeping: true,
    attributes: {
      "plugin.name": s("Plugin name (only for plugins the CLI may name).", opt),
      "plugin.version": s("Plugin version.", opt),
      "marketplace.name": s("Marketplace.", opt),
      "marketplace.is_official": s('"true" or "false" — a STRING.'),
      "install.trigger": s("What installed it.", opt),
      "install.disabled_by_default": s('"true" when installed disabled.', opt),
    },
  },
  managed_settings_resolved: {
    description:
      "Start-up (and on change): the organisation's managed settings were resolved. With OTEL_LOG_MANAGED_SETTINGS=1 also the settings themselves, secrets replaced by the CLI with [REDACTED].",
    evidence: "observed",
    bookkeeping: true,
    attributes: {
      "managed_settings.trigger": s("startup, change, refused."),
      "managed_settings.sources": {
        type: "array",
        description: "Where managed settings came from (an OTLP array of strings).",
      },
      "managed_settings.source_behavior": s("How several sources combine (first-wins...)."),
      "managed_settings.helper.state": s("State of the settings helper."),
      "managed_settings.helper.applied": s("What the helper applied."),
      "managed_settings.helper.entry": s("The helper entry used.", opt),
      "managed_settings.helper.path": s("Path of the helper.", opt),
      "managed_settings.helper.script_sha256": s("Hash of the helper script.", opt),
      "managed_settings.resolved_sha256": s("Hash of the resolved settings.", opt),
      "managed_settings.settings": s(
        "The resolved settings, secrets redacted (OTEL_LOG_MANAGED_SETTINGS=1).",
        opt,
      ),
      "managed_settings.settings_truncated": b("Whether the settings were cut.", opt),
      "error.type": s("Why settings were refused.", opt),
    },
  },
  retention_sweep: {
    description: "Housekeeping: old transcripts were cleaned up.",
    evidence: "code",
    bookkeeping: true,
    openAttributes: true,
    attributes: {
      result: s("What happened."),
      period_days: s("Retention period — a STRING."),
      used_default: s('"true" when the default period applied — a STRING.'),
      skip_reason: s("Why it was skipped.", opt),
      transcripts_deleted: s("Transcripts deleted — a STRING.", opt),
      session_files_deleted: s("Session files deleted — a STRING.", opt),
      error_count: s("Errors — a STRING.", opt),
    },
  },
} as const satisfies Record<string, EventSpec>;

export type EventName = keyof typeof EVENTS;
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];
/** The events the dashboard charts; the others are counted and kept in Loki. */
export const CHARTED_EVENT_NAMES = [
  "user_prompt",
  "api_request",
  "api_error",
  "tool_decision",
  "tool_result",
  "assistant_response",
] as const satisfies readonly EventName[];
export type ChartedEventName = (typeof CHARTED_EVENT_NAMES)[number];

export type EventAttributeKey<E extends EventName> = keyof (typeof EVENTS)[E]["attributes"] & string;

export function eventBody(name: EventName): `claude_code.${EventName}` {
  return `${EVENT_BODY_PREFIX}${name}` as `claude_code.${EventName}`;
}
