import { CONTENT_FIELDS } from "@cc-otel/contract";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { contentFromEnv, NO_CONTENT } from "../src/index.js";
import { attrs, eventName, type InMemoryRun, runInMemory } from "./support/in-memory.js";

/**
 * What the CLI 2.1 sends beyond the original events, and what its content toggles add — checked on
 * the generators' own output. Shapes are checked against the real CLI by the conformance test.
 */

const named = (run: InMemoryRun, name: string) => run.logs.filter((r) => eventName(r) === name);
const ALL_ON = { ...NO_CONTENT, ...Object.fromEntries(Object.keys(NO_CONTENT).map((k) => [k, true])) };

describe("newer events, content toggles off (the CLI's default)", () => {
  let run: InMemoryRun;
  beforeAll(async () => {
    run = await runInMemory({ seed: "newer", scenario: "errors", users: 8, days: 3 });
  });

  it("follows the api_error of every exhausted retry burst with api_retries_exhausted", () => {
    const exhausted = named(run, "api_retries_exhausted");
    expect(exhausted.length).toBeGreaterThan(0);
    for (const r of exhausted) {
      const prompt = run.logs.filter((x) => attrs(x)["prompt.id"] === attrs(r)["prompt.id"]);
      const i = prompt.indexOf(r);
      const error = prompt[i - 1] as ReadableLogRecord;
      expect(eventName(error)).toBe("api_error");
      expect(attrs(r).total_attempts).toBe(attrs(error).attempt);
      expect(attrs(r).total_attempts as number).toBeGreaterThan(1);
      expect(attrs(r).status_code).toBe(attrs(error).status_code);
    }
    // A request refused at once (400, 413) has no burst to sum up.
    const single = named(run, "api_error").filter((r) => attrs(r).attempt === 1);
    expect(single.length).toBeGreaterThan(0);
    expect(exhausted.length).toBe(named(run, "api_error").length - single.length);
  });

  it("compacts a full context (auto) or on /compact (manual) with a request of its own, then reports it", () => {
    const compactions = named(run, "compaction");
    expect(new Set(compactions.map((c) => attrs(c).trigger))).toEqual(new Set(["auto", "manual"]));
    for (const c of compactions) {
      const a = attrs(c);
      expect(Number(a.post_tokens)).toBeLessThan(Number(a.pre_tokens));
      if (a.trigger === "manual") {
        const prompt = run.logs.find((x) => attrs(x)["prompt.id"] === a["prompt.id"]) as ReadableLogRecord;
        expect(attrs(prompt)).toMatchObject({ "event.name": "user_prompt", command_name: "compact" });
        expect(attrs(prompt)).not.toHaveProperty("message.uuid");
      }
      const before = run.logs.filter((x) => attrs(x)["prompt.id"] === a["prompt.id"]);
      const i = before.indexOf(c);
      expect(eventName(before[i - 1] as ReadableLogRecord)).toBe("assistant_response");
      expect(attrs(before[i - 2] as ReadableLogRecord).query_source).toBe("compact");
    }
  });

  it("reports hooks (registered at start-up, run around tool calls and at the end), MCP connections and subagents", () => {
    expect(named(run, "hook_registered").length).toBeGreaterThan(0);
    const starts = named(run, "hook_execution_start");
    expect(starts.length).toBe(named(run, "hook_execution_complete").length);
    expect(new Set(starts.map((r) => attrs(r).hook_event))).toEqual(
      new Set(["PreToolUse", "PostToolUse", "Stop"]),
    );
    expect(named(run, "mcp_server_connection").length).toBeGreaterThan(0);
    expect(named(run, "subagent_completed").length).toBeGreaterThan(0);
  });

  it("sends no content: redacted prompts and answers, MCP names alone in tool_parameters, no bodies", () => {
    for (const r of named(run, "user_prompt")) expect(attrs(r).prompt).toBe("<REDACTED>");
    for (const r of named(run, "assistant_response")) expect(attrs(r).response).toBe("<REDACTED>");
    expect(named(run, "api_request_body")).toEqual([]);
    const params = run.logs.map((r) => attrs(r).tool_parameters).filter((p) => p !== undefined);
    expect(params.length).toBeGreaterThan(0);
    for (const p of params)
      expect(Object.keys(JSON.parse(String(p))).sort()).toEqual(["mcp_server_name", "mcp_tool_name"]);
    for (const r of named(run, "tool_result")) {
      expect(attrs(r)).not.toHaveProperty("tool_input");
      expect(attrs(r)).not.toHaveProperty("error");
      // A failed call names its error's class and has no result size, as the CLI's do.
      if (attrs(r).success === "false") {
        expect(attrs(r).error_type).toEqual(expect.any(String));
        expect(attrs(r)).not.toHaveProperty("tool_result_size_bytes");
      }
    }
  });
});

describe("content toggles on (OTEL_LOG_*=1)", () => {
  let off: InMemoryRun;
  let on: InMemoryRun;
  beforeAll(async () => {
    off = await runInMemory({ seed: "toggles", users: 4, days: 1 });
    on = await runInMemory({ seed: "toggles", users: 4, days: 1, content: ALL_ON });
  });

  it("reads the toggles from the environment like the CLI", () => {
    expect(contentFromEnv({ OTEL_LOG_USER_PROMPTS: "1", OTEL_LOG_TOOL_DETAILS: "true" })).toEqual({
      ...NO_CONTENT,
      OTEL_LOG_USER_PROMPTS: true,
      OTEL_LOG_TOOL_DETAILS: true,
    });
    expect(contentFromEnv({ OTEL_LOG_RAW_API_BODIES: "0" })).toEqual(NO_CONTENT);
  });

  it("fills every content field the CLI fills, with text of the advertised length", () => {
    for (const r of named(on, "user_prompt")) {
      expect(attrs(r).prompt).not.toBe("<REDACTED>");
      expect(String(attrs(r).prompt)).toHaveLength(Number(attrs(r).prompt_length));
    }
    for (const r of named(on, "assistant_response"))
      expect(String(attrs(r).response)).toHaveLength(attrs(r).response_length as number);
    const bash = named(on, "tool_result").find((r) => attrs(r).tool_name === "Bash");
    const params = JSON.parse(String(attrs(bash as ReadableLogRecord).tool_parameters));
    expect(params.full_command.startsWith(params.bash_command)).toBe(true);
    expect(attrs(bash as ReadableLogRecord).tool_input).toEqual(expect.stringContaining('"command"'));
    const requests = named(on, "api_request").length;
    expect(named(on, "api_request_body").length).toBe(requests);
    expect(named(on, "api_response_body").length).toBe(requests);
    for (const r of named(on, "api_request_body")) {
      const a = attrs(r);
      expect(String(a.body).length).toBeLessThanOrEqual(61_440);
      if (Number(a.body_length) > 61_440) expect(a.body_truncated).toBe("true");
    }
    // Every event-level content field the contract lists shows up, except those the simulator
    // has no occasion for (system prompts and tool definitions need OTEL_LOG_USER_PROMPTS on a
    // first request the CLI reports once; hook definitions need managed hooks).
    const seen = new Set(on.logs.flatMap((r) => Object.keys(attrs(r)).map((k) => `${eventName(r)}.${k}`)));
    const missing = CONTENT_FIELDS.filter((f) => f.signal === "event")
      .map((f) => `${f.owner}.${f.key}`)
      .filter((k) => !seen.has(k));
    expect(missing.sort()).toEqual([
      "hook_execution_complete.hook_definitions",
      "hook_execution_start.hook_definitions",
      "system_prompt.system_prompt",
      "tool.tool",
    ]);
  });

  it("changes nothing else: the same sessions, requests and costs as with every toggle off", () => {
    const shape = (run: InMemoryRun) =>
      run.logs
        .filter((r) => !["api_request_body", "api_response_body"].includes(eventName(r)))
        .map((r) => `${eventName(r)}:${attrs(r)["session.id"]}:${attrs(r).cost_usd ?? ""}`);
    expect(shape(on)).toEqual(shape(off));
    expect(on.ledger.totals.costUsd).toBe(off.ledger.totals.costUsd);
  });
});
