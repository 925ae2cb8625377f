import { CLI_DEFAULTS } from "@cc-otel/contract";
import { afterEach, describe, expect, it } from "vitest";
import { type MessagesApi, startMessagesApi, telemetryEnv } from "../src/index.js";

/** The scripted Messages API the real CLI talks to in the conformance and privacy tests. */

let api: MessagesApi | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function stream(url: string, messages: unknown[]): Promise<string> {
  const res = await fetch(`${url}/v1/messages?beta=true`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "claude-sonnet-4-5", stream: true, tools: [{ name: "Bash" }], messages }),
  });
  expect(res.headers.get("content-type")).toBe("text/event-stream");
  return res.text();
}

describe("scripted Messages API", () => {
  it("asks for each tool use in turn, one per request, then answers", async () => {
    api = await startMessagesApi({
      toolUses: [
        { name: "Bash", input: { command: "echo one" } },
        { name: "Read", input: { file_path: "/tmp/x" } },
      ],
      answer: "all done",
    });
    const result = { role: "user", content: [{ type: "tool_result", tool_use_id: "t", content: "ok" }] };
    const first = await stream(api.url, [{ role: "user", content: "go" }]);
    expect(first).toContain('"name":"Bash"');
    expect(first).toContain('"stop_reason":"tool_use"');
    const second = await stream(api.url, [{ role: "user", content: "go" }, result]);
    expect(second).toContain('"name":"Read"');
    const third = await stream(api.url, [{ role: "user", content: "go" }, result, result]);
    expect(third).toContain("all done");
    expect(third).toContain('"stop_reason":"end_turn"');
    expect(api.calls.map((c) => c.stream)).toEqual([true, true, true]);
  });

  it("refuses every request with the scripted status", async () => {
    api = await startMessagesApi({ failWith: 529 });
    const res = await fetch(`${api.url}/v1/messages`, { method: "POST", body: "{}" });
    expect(res.status).toBe(529);
    expect(((await res.json()) as { error: { type: string } }).error.type).toBe("overloaded_error");
  });
});

describe("telemetry settings", () => {
  it("are the variables the docs give users, plus the toggles and the traces beta asked for", () => {
    const env = telemetryEnv({
      protocol: "grpc",
      endpoint: `http://127.0.0.1:${CLI_DEFAULTS.otlpPorts.grpc}`,
      traces: true,
      content: ["OTEL_LOG_USER_PROMPTS"],
    });
    expect(env).toMatchObject({
      CLAUDE_CODE_ENABLE_TELEMETRY: "1",
      OTEL_METRICS_EXPORTER: "otlp",
      OTEL_LOGS_EXPORTER: "otlp",
      OTEL_TRACES_EXPORTER: "otlp",
      CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: "1",
      OTEL_LOG_USER_PROMPTS: "1",
    });
    expect(telemetryEnv({ protocol: "grpc", endpoint: "x" })).not.toHaveProperty("OTEL_TRACES_EXPORTER");
  });
});
