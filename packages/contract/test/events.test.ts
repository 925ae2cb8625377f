import { describe, expect, it } from "vitest";
import {
  CHARTED_EVENT_NAMES,
  EVENT_COMMON_ATTRIBUTES,
  EVENT_NAMES,
  EVENTS,
  eventBody,
  SCOPES,
  SENSITIVE_EVENT_ATTRIBUTES,
} from "../src/index.js";

describe("events", () => {
  it("has a body of claude_code.<name>", () => {
    expect(eventBody("api_request")).toBe("claude_code.api_request");
    for (const name of EVENT_NAMES) expect(name).not.toMatch(/^claude_code\./);
  });

  it("charts the five roadmap events and assistant_response, not start-up bookkeeping", () => {
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
    expect(EVENT_NAMES).toContain("plugin_loaded");
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

  it("marks user content as sensitive", () => {
    expect(SENSITIVE_EVENT_ATTRIBUTES).toEqual(["prompt", "prompt_text", "response", "tool_input"]);
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
