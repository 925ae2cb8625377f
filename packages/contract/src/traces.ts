import type { AttributeSpec, ContentSpec } from "./attributes.js";
import { b, dropped, i, opt, s } from "./define.js";

/**
 * Claude Code's traces (beta): exported only with CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1 and
 * OTEL_TRACES_EXPORTER=otlp, under scope `com.anthropic.claude_code.tracing`. One trace per prompt:
 * an interaction span with the model requests, tool calls and permission waits under it. Every span
 * also carries the standard attributes (user.id, session.id, terminal.type...). Observed with CLI
 * 2.1.331 (shared/claude-code-telemetry.md); spans marked `evidence: "code"` were read from the CLI's
 * code and need a setup the tests do not make (hooks with detailed tracing, MCP servers...).
 */

export const TRACES_SCOPE = "com.anthropic.claude_code.tracing";

/** The client settings that turn traces on (both are needed). */
export const TRACES_SETTINGS = {
  CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: "1",
  OTEL_TRACES_EXPORTER: "otlp",
} as const;

export interface SpanEventSpec {
  readonly description: string;
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
}

export interface SpanSpec {
  readonly description: string;
  readonly evidence: "observed" | "code";
  readonly attributes: Readonly<Record<string, AttributeSpec>>;
  readonly events?: Readonly<Record<string, SpanEventSpec>>;
  /** When a failed span's status message repeats content (the error text of a content attribute). */
  readonly statusMessage?: ContentSpec;
}

/** On every span besides the standard attributes. */
export const SPAN_COMMON_ATTRIBUTES = {
  "gen_ai.provider.name": s("`anthropic`."),
  "span.type": s("The span's kind: interaction, llm_request, tool, tool.execution, ..."),
  "gen_ai.conversation.id": s("The session id."),
} as const satisfies Record<string, AttributeSpec>;

const length = (what: string) =>
  i(`Length of ${what} in characters (with the CLI's *_truncated marker).`, opt);

export const SPANS = {
  "claude_code.interaction": {
    description: "One prompt, from submission to the final answer: the trace's root.",
    evidence: "observed",
    attributes: {
      "gen_ai.operation.name": s("`invoke_agent`."),
      user_prompt: s("The prompt; `<REDACTED>` unless OTEL_LOG_USER_PROMPTS=1.", {
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "user_prompt_length"),
      }),
      user_prompt_length: i("Prompt length in characters."),
      "interaction.sequence": i("Number of the prompt in the session."),
      "parent.source": s("What started it (none for a typed prompt)."),
      queued_sends: i("Prompts queued while it ran."),
      "interaction.duration_ms": i("Duration in ms."),
    },
  },
  "claude_code.llm_request": {
    description: "One Messages API request (its retries are span events).",
    evidence: "observed",
    attributes: {
      model: s("Model id as sent."),
      "gen_ai.system": s("`anthropic`."),
      "gen_ai.request.model": s("Model requested."),
      "gen_ai.response.model": s("Model that answered.", opt),
      "gen_ai.operation.name": s("`chat`."),
      "llm_request.context": s("What the request is for: interaction, subagent, compaction..."),
      speed: s("Speed mode."),
      query_source_safe: s("main, subagent, sdk, ..."),
      duration_ms: i("Duration in ms."),
      input_tokens: i("Uncached input tokens."),
      output_tokens: i("Output tokens."),
      cache_read_tokens: i("Cache-read tokens."),
      cache_creation_tokens: i("Cache-write tokens."),
      success: b("Whether it succeeded."),
      attempt: i("Attempt that succeeded or failed last."),
      request_id: s("API request id."),
      "gen_ai.response.id": s("API request id."),
      ttft_ms: i("Time to first token in ms."),
      first_content_ms: i("Time to first content in ms."),
      stop_reason: s("end_turn, tool_use, ..."),
      "gen_ai.response.finish_reasons": { type: "array", description: "Stop reasons (an array of strings)." },
      "gen_ai.usage.input_tokens": i("All input tokens, cached ones included."),
      "gen_ai.usage.output_tokens": i("Output tokens."),
      "gen_ai.usage.cache_read.input_tokens": i("Cache-read tokens."),
      "gen_ai.usage.cache_write.input_tokens": i("Cache-write tokens."),
      system_prompt_preview: s("The system prompt's first 500 characters (OTEL_LOG_USER_PROMPTS=1).", {
        optional: true,
        content: dropped(["OTEL_LOG_USER_PROMPTS"], "system_prompt_length, system_prompt_hash"),
      }),
      system_prompt_length: i("System prompt length.", opt),
      system_prompt_hash: s("System prompt hash.", opt),
      user_system_prompt: s("A system prompt the user appended (OTEL_LOG_USER_PROMPTS=1).", {
        optional: true,
        content: dropped(["OTEL_LOG_USER_PROMPTS"]),
      }),
      tools: s("Names and hashes of the tools offered (JSON).", opt),
      tools_count: i("Tools offered.", opt),
      new_context_message_count: i("Messages new to the context.", opt),
      system_reminders_count: i("System reminders in them.", opt),
      error: s("On failure: the API's error message.", opt),
      error_class: s("On failure: its kind (server_overload, rate_limit...).", opt),
      status_code: i("On failure: the HTTP status.", opt),
    },
    events: {
      "gen_ai.request.attempt": {
        description: "One attempt of the request.",
        attributes: { attempt: i("Attempt number.") },
      },
    },
  },
  "claude_code.tool": {
    description: "One tool call, from the model's request to its result.",
    evidence: "observed",
    attributes: {
      tool_name: s("Tool name."),
      tool_name_safe: s("Tool name, MCP tools anonymised where the CLI may not name them."),
      "gen_ai.operation.name": s("`execute_tool`."),
      "gen_ai.tool.name": s("Tool name."),
      "gen_ai.tool.call.id": s("Tool use id."),
      tool_use_id: s("Tool use id."),
      bash_command_class: s("Bash: the command's class (shell_builtin, ...).", opt),
      bash_argv0: s("Bash: the command's name.", opt),
      duration_ms: i("Duration in ms."),
      full_command: s("Bash: the whole command line (OTEL_LOG_TOOL_DETAILS=1).", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "bash_argv0, bash_command_class"),
      }),
      file_path: s("File tools: the path (OTEL_LOG_TOOL_DETAILS=1).", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"]),
      }),
    },
    events: {
      "tool.output": {
        description:
          "Only with OTEL_LOG_TOOL_CONTENT=1: what the tool produced. Long values are cut; `<key>_truncated` and `<key>_original_length` say so.",
        attributes: {
          output: s("What a command printed.", {
            optional: true,
            content: dropped(["OTEL_LOG_TOOL_CONTENT"], "output_original_length when cut"),
          }),
          content: s("The content of a file read or written.", {
            optional: true,
            content: dropped(["OTEL_LOG_TOOL_CONTENT"], "content_original_length when cut"),
          }),
          diff: s("An edit's patch (JSON).", {
            optional: true,
            content: dropped(["OTEL_LOG_TOOL_CONTENT", "OTEL_LOG_TOOL_DETAILS"]),
          }),
          bash_command: s("The whole command line.", {
            optional: true,
            content: dropped(["OTEL_LOG_TOOL_CONTENT", "OTEL_LOG_TOOL_DETAILS"]),
          }),
          file_path: s("The file's path.", {
            optional: true,
            content: dropped(["OTEL_LOG_TOOL_CONTENT", "OTEL_LOG_TOOL_DETAILS"]),
          }),
        },
      },
    },
  },
  "claude_code.tool.execution": {
    description: "The tool running (after permission was given).",
    evidence: "observed",
    attributes: {
      tool_use_id: s("Tool use id."),
      "gen_ai.tool.call.id": s("Tool use id."),
      duration_ms: i("Duration in ms."),
      success: b("Whether it succeeded."),
      error: s("On failure: the error's class, or its message with OTEL_LOG_TOOL_DETAILS=1.", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "error_class"),
      }),
      error_class: s("On failure: the error's class (ShellError...).", opt),
      "error.type": s("On failure: `tool_error`.", opt),
    },
    // The failed span's status message is the same text as `error`.
    statusMessage: dropped(["OTEL_LOG_TOOL_DETAILS"], "error_class"),
  },
  "claude_code.tool.blocked_on_user": {
    description: "Waiting for the permission decision.",
    evidence: "observed",
    attributes: {
      duration_ms: i("Duration in ms."),
      decision: s("accept or reject."),
      source: s("Where the decision came from."),
    },
  },
  "claude_code.hook": {
    description: "The hooks of one hook event running.",
    evidence: "code",
    attributes: {
      hook_event: s("PreToolUse, Stop, ..."),
      hook_name: s("Hook event and matcher."),
      num_hooks: i("Hooks run."),
      hook_definitions: s("The hooks' command lines (OTEL_LOG_TOOL_DETAILS=1).", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "num_hooks"),
      }),
      duration_ms: i("Duration in ms.", opt),
      num_success: i("Succeeded.", opt),
      num_blocking: i("Blocked.", opt),
      num_non_blocking_error: i("Failed without blocking.", opt),
      num_cancelled: i("Cancelled.", opt),
    },
  },
  "claude_code.subagent.spawn": {
    description: "A subagent's run.",
    evidence: "code",
    attributes: {
      agent_id: s("Agent id.", opt),
      agent_type: s("Agent type, or `custom`."),
      parent_agent_id: s("Parent agent id.", opt),
      success: b("Whether it succeeded.", opt),
    },
  },
  "claude_code.mcp.rpc": {
    description: "One MCP tools/call.",
    evidence: "code",
    attributes: {
      "rpc.system": s("`mcp`."),
      "rpc.service": s("MCP server."),
      "rpc.method": s("`tools/call`."),
      mcp_tool: s("MCP tool."),
      attempt: i("Attempt."),
      mcp_args: s("The call's arguments (JSON).", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"]),
      }),
    },
  },
  "claude_code.compaction": {
    description: "A compaction of the conversation.",
    evidence: "code",
    attributes: {
      trigger: s("manual or auto."),
      message_count: i("Messages compacted."),
    },
  },
  "claude_code.bash.subprocess": {
    description: "The shell process of a Bash tool call.",
    evidence: "code",
    attributes: {
      "shell.type": s("bash, zsh, ..."),
      command_length: length("the command"),
      timeout_ms: i("Timeout in ms.", opt),
      command: s("The command line.", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "command_length"),
      }),
      command_prefix: s("The command's prefixes (JSON).", {
        optional: true,
        content: dropped(["OTEL_LOG_TOOL_DETAILS"], "command_length"),
      }),
      exit_code: i("Exit code.", opt),
      stdout_bytes: i("Bytes printed on stdout.", opt),
      stderr_bytes: i("Bytes printed on stderr.", opt),
      interrupted: b("Whether it was interrupted.", opt),
      backgrounded: b("Whether it went to the background.", opt),
    },
  },
} as const satisfies Record<string, SpanSpec>;

export type SpanName = keyof typeof SPANS;
export const SPAN_NAMES = Object.keys(SPANS) as SpanName[];
