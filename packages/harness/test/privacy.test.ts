import {
  CONTENT_FIELDS,
  EVENTS,
  type EventName,
  eventBody,
  LOG_CONTENT_ENV,
  SCOPES,
  SERVICE_NAME,
} from "@cc-otel/contract";
import { stringAttr } from "@cc-otel/otlp-sink";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { logsRequest, postOtlpJson } from "../src/otlp-json.js";
import {
  collectorErrors,
  type ExtraCollector,
  type NativeStack,
  startExtraCollector,
  startNativeStack,
} from "../src/stack.js";

/**
 * Every content field the contract lists on events, sent to the real collector with a canary in it:
 * by default no canary reaches Loki's ingestion boundary (the field is dropped, or reduced to its safe
 * keys); a collector with CC_OTEL_LOG_CONTENT=true passes every field through as sent. The real CLI's
 * own runs with each content toggle are in packages/e2e (privacy-real-cli); this test covers the fields
 * those runs cannot make happen (a system prompt event, hook definitions...).
 */

const resource = { "service.name": SERVICE_NAME, "service.version": "2.1.331" };
const eventFields = CONTENT_FIELDS.filter((f) => f.signal === "event");

/** A tool_parameters JSON as the CLI sends it with OTEL_LOG_TOOL_DETAILS=1 (observed, 2.1.331). */
function toolParameters(canary: string, command = "/usr/local/bin/pytest"): string {
  return JSON.stringify({
    bash_command: command,
    full_command: `${command} -k ${canary}`,
    description: `Run ${canary}`,
    timeout: 120000,
    mcp_server_name: "github",
    mcp_tool_name: "get_pull_request",
  });
}

/** Marks which field's record this is (not a Claude Code attribute). */
const FIELD = "test.content_field";

function canaryOf(owner: string, key: string, run: string): string {
  return `CANARY-${run}-${owner}-${key}`;
}

/** One event per content field, the field holding its canary; the user id says which run it is. */
async function sendAll(endpoint: string, run: string): Promise<void> {
  const now = Date.now();
  const records: { body: string; timeMs: number; attributes: Record<string, string | number> }[] =
    eventFields.map((f, n) => {
      const canary = canaryOf(f.owner, f.key, run);
      return {
        body: eventBody(f.owner as EventName),
        timeMs: now + n,
        attributes: {
          "event.name": f.owner,
          "user.id": `u-${run}`,
          [FIELD]: `${f.owner}.${f.key}`,
          [f.key]: f.key === "tool_parameters" ? toolParameters(canary) : canary,
        },
      };
    });
  // Harmless fields of the same names stay: an api_error's `error` is the API's message.
  records.push({
    body: eventBody("api_error"),
    timeMs: now + records.length,
    attributes: {
      "event.name": "api_error",
      "user.id": `u-${run}`,
      error: `api-error-${run}`,
      status_code: 529,
    },
  });
  // A command line starting with VAR=value keeps no command name at all.
  records.push({
    body: eventBody("tool_decision"),
    timeMs: now + records.length + 1,
    attributes: {
      "event.name": "tool_decision",
      "user.id": `u-${run}`,
      tool_parameters: toolParameters(`env-${run}`, "API_TOKEN=sk-secret"),
    },
  });
  const res = await postOtlpJson(endpoint, "logs", logsRequest({ resource, scope: SCOPES.events, records }));
  expect(res.status, res.text).toBe(200);
}

describe("privacy of events on the real collector", () => {
  let stack: NativeStack;
  let optIn: ExtraCollector;
  const recordsOf = (run: string) =>
    stack.loki.sink.logs.filter((r) => stringAttr(r.attributes, "user.id") === `u-${run}`);
  const expected = eventFields.length + 2;

  beforeAll(async () => {
    stack = await startNativeStack({ quiet: true });
    optIn = await startExtraCollector(stack, { name: "otelcol-opt-in", env: { [LOG_CONTENT_ENV]: "true" } });
    await sendAll(stack.collector.httpEndpoint, "default");
    await sendAll(optIn.httpEndpoint, "optin");
    await stack.loki.sink.waitFor(
      () => recordsOf("default").length === expected && recordsOf("optin").length === expected,
      30_000,
    );
  });
  afterAll(async () => {
    await optIn?.stop();
    await stack?.stop();
  });

  it("lists content fields on every event the CLI puts content in", () => {
    const owners = new Set(eventFields.map((f) => f.owner));
    for (const e of [
      "user_prompt",
      "assistant_response",
      "tool_result",
      "tool_decision",
      "api_request_body",
      "api_response_body",
    ])
      expect(owners, e).toContain(e);
  });

  it("by default, no canary of any content field reaches Loki", () => {
    const stored = JSON.stringify(
      recordsOf("default").map((r) => r.attributes),
      (_k, v) => (typeof v === "bigint" ? String(v) : v),
    );
    for (const f of eventFields)
      expect(stored, `${f.owner}.${f.key}`).not.toContain(canaryOf(f.owner, f.key, "default"));
    expect(stored).not.toContain("sk-secret");
  });

  it("drops content fields and keeps what is safe", () => {
    for (const f of eventFields) {
      const record = recordsOf("default").find(
        (r) => stringAttr(r.attributes, FIELD) === `${f.owner}.${f.key}`,
      );
      expect(record, `${f.owner}.${f.key}`).toBeDefined();
      if (f.spec.byDefault === "drop")
        expect(record?.attributes, `${f.owner}.${f.key}`).not.toHaveProperty(f.key);
    }
    // tool_parameters keeps the MCP names and the bare command name, nothing else.
    const reduced = recordsOf("default")
      .map((r) => stringAttr(r.attributes, "tool_parameters"))
      .filter((v): v is string => v !== undefined)
      .map((v) => JSON.parse(v));
    expect(reduced).toContainEqual({
      bash_command: "pytest",
      mcp_server_name: "github",
      mcp_tool_name: "get_pull_request",
    });
    expect(reduced).toContainEqual({ mcp_server_name: "github", mcp_tool_name: "get_pull_request" });
    const apiError = recordsOf("default").find((r) => stringAttr(r.attributes, "event.name") === "api_error");
    expect(stringAttr(apiError?.attributes ?? {}, "error")).toBe("api-error-default");
  });

  it("with CC_OTEL_LOG_CONTENT=true, keeps every content field exactly as sent", () => {
    for (const f of eventFields) {
      const canary = canaryOf(f.owner, f.key, "optin");
      const record = recordsOf("optin").find(
        (r) => stringAttr(r.attributes, FIELD) === `${f.owner}.${f.key}`,
      );
      expect(record, `${f.owner}.${f.key}`).toBeDefined();
      const value = stringAttr(record?.attributes ?? {}, f.key);
      expect(value).toBe(f.key === "tool_parameters" ? toolParameters(canary) : canary);
    }
  });

  it("logs no errors in either collector", () => {
    expect(collectorErrors(stack)).toEqual([]);
    expect(collectorErrors(optIn)).toEqual([]);
  });

  it("sends each field on an event whose contract entry has it", () => {
    for (const f of eventFields)
      expect(Object.keys(EVENTS[f.owner as EventName].attributes), `${f.owner}.${f.key}`).toContain(f.key);
  });
});
