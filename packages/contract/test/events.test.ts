import { describe, expect, it } from "vitest";
import {
  CHARTED_EVENT_NAMES,
  CONTENT_EVENT_KEYS,
  CONTENT_FIELDS,
  EVENT_COMMON_ATTRIBUTES,
  EVENT_NAMES,
  EVENTS,
  eventBody,
  privacyProcessor,
  SCOPES,
} from "../src/index.js";

describe("events", () => {
  it("has a body of claude_code.<name>", () => {
    expect(eventBody("api_request")).toBe("claude_code.api_request");
    for (const name of EVENT_NAMES) expect(name).not.toMatch(/^claude_code\./);
  });

  it("charts the five roadmap events and assistant_response; every other event is still in the contract", () => {
    expect([...CHARTED_EVENT_NAMES].sort()).toEqual(
      [
        "api_error",
        "api_request",
        "assistant_response",
        "tool_decision",
        "tool_result",
        "user_prompt",
      ].sort(),
    );
    for (const name of [
      "plugin_loaded",
      "api_retries_exhausted",
      "api_request_body",
      "compaction",
      "hook_execution_complete",
    ])
      expect(EVENT_NAMES).toContain(name);
  });

  it("keeps the CLI's mixed value types exactly", () => {
    expect(EVENTS.user_prompt.attributes.prompt_length.type).toBe("string");
    expect(EVENTS.tool_result.attributes.duration_ms.type).toBe("string");
    expect(EVENTS.tool_result.attributes.success.type).toBe("string");
    expect(EVENTS.api_request.attributes.duration_ms.type).toBe("int");
    expect(EVENTS.api_request.attributes.cost_usd.type).toBe("double");
    expect(EVENTS.api_error.attributes.status_code.type).toBe("int");
    expect(EVENT_COMMON_ATTRIBUTES["event.sequence"].type).toBe("int");
    expect(EVENT_COMMON_ATTRIBUTES["event.timestamp"].type).toBe("string");
  });

  it("knows every field that can carry user content, on events, spans and span events", () => {
    expect(CONTENT_EVENT_KEYS).toEqual([
      "body",
      "error",
      "hook_definitions",
      "prompt",
      "prompt_text",
      "response",
      "system_prompt",
      "tool",
      "tool_input",
      "tool_parameters",
    ]);
    const where = (signal: string) =>
      CONTENT_FIELDS.filter((f) => f.signal === signal).map((f) => `${f.owner}.${f.key}`);
    expect(where("span")).toEqual(
      expect.arrayContaining([
        "claude_code.interaction.user_prompt",
        "claude_code.tool.full_command",
        "claude_code.tool.file_path",
        "claude_code.llm_request.system_prompt_preview",
      ]),
    );
    expect(where("span event")).toEqual(
      expect.arrayContaining([
        "claude_code.tool / tool.output.output",
        "claude_code.tool / tool.output.content",
      ]),
    );
    // Every content field names the client setting that fills it and what stays.
    for (const f of CONTENT_FIELDS) expect(f.spec.toggles.length, `${f.owner}.${f.key}`).toBeGreaterThan(0);
  });

  it("renders the collector's privacy statements: content keys dropped everywhere, ambiguous keys only where they are content", () => {
    const [events] = privacyProcessor().log_statements;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the collector's own ${env:...} syntax
    expect(events?.conditions).toEqual(['"${env:CC_OTEL_LOG_CONTENT:-false}" != "true"']);
    expect(events?.statements).toContain('delete_key(log.attributes, "prompt")');
    expect(events?.statements).toContain('delete_key(log.attributes, "body")');
    // api_error's `error` is the API's message and stays; tool_result's may quote the command.
    expect(events?.statements).toContain(
      'delete_key(log.attributes, "error") where log.attributes["event.name"] == "tool_result"',
    );
    // tool_parameters is reduced to safe keys, and always deleted before it is set again.
    const tp = events?.statements.filter((s) => s.includes("tool_parameters")) ?? [];
    expect(tp[0]).toMatch(/^set\(log\.cache\["tool_parameters"\], ParseJSON/);
    expect(tp[1]).toBe('delete_key(log.attributes, "tool_parameters")');
    expect(tp.at(-1)).toMatch(/^set\(log\.attributes\["tool_parameters"\], String\(log\.cache/);
    const [spans, spanEvents] = privacyProcessor().trace_statements;
    expect(spans?.statements).toContain('delete_key(span.attributes, "full_command")');
    expect(spanEvents?.statements).toContain('delete_key(spanevent.attributes, "output")');
  });

  it("uses separate scopes for metrics and events", () => {
    expect(SCOPES.metrics).toBe("com.anthropic.claude_code");
    expect(SCOPES.events).toBe("com.anthropic.claude_code.events");
  });
});

describe("CLI defaults", () => {
  it("export metrics every 60 s and logs every 5 s, delta by default", async () => {
    const { CLI_DEFAULTS, metricExportInterval, EVENTS } = await import("../src/index.js");
    expect(CLI_DEFAULTS.metricExportIntervalMs).toBe(60_000);
    expect(CLI_DEFAULTS.logsExportIntervalMs).toBe(5_000);
    expect(metricExportInterval()).toBe("1m");
    const success: readonly ["true", "false"] = EVENTS.tool_result.attributes.success.values;
    expect(success).toEqual(["true", "false"]);
  });
});
