import { describe, expect, it } from "vitest";
import {
  LOKI_FIELDS,
  LOKI_SELECTOR,
  lokiField,
  lokiFieldsOf,
  METRIC_NAMES,
  PROMETHEUS_SERIES,
  prometheusLabelFor,
  prometheusNameFor,
  promLabel,
  promSeries,
} from "../src/index.js";

const PROM_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe("Prometheus names", () => {
  it("gives every metric the series name the remote-write path produces", () => {
    expect(PROMETHEUS_SERIES).toEqual({
      "claude_code.session.count": "claude_code_session_count_total",
      "claude_code.cost.usage": "claude_code_cost_usage_USD_total",
      "claude_code.token.usage": "claude_code_token_usage_tokens_total",
      "claude_code.active_time.total": "claude_code_active_time_seconds_total",
      "claude_code.lines_of_code.count": "claude_code_lines_of_code_count_total",
      "claude_code.code_edit_tool.decision": "claude_code_code_edit_tool_decision_total",
      "claude_code.commit.count": "claude_code_commit_count_total",
      "claude_code.pull_request.count": "claude_code_pull_request_count_total",
    });
  });

  it("follows the naming rules on every metric", () => {
    for (const name of METRIC_NAMES) {
      const series = promSeries(name);
      expect(series).toMatch(PROM_METRIC_NAME);
      expect(series).toMatch(/_total$/);
      expect(series).not.toMatch(/_total_total$/);
      expect(series).not.toContain(".");
    }
  });

  it("applies the translator rules to other names", () => {
    expect(prometheusNameFor("http.server.duration", "ms", false)).toBe("http_server_duration_milliseconds");
    expect(prometheusNameFor("data.sent", "By", true)).toBe("data_sent_bytes_total");
    expect(prometheusNameFor("bytes.sent", "By", true)).toBe("bytes_sent_total");
    expect(prometheusNameFor("queue.size", "{items}", false)).toBe("queue_size");
    expect(prometheusNameFor("ratio", "1", false)).toBe("ratio");
    expect(prometheusNameFor("requests.total", "", true)).toBe("requests_total");
    expect(prometheusNameFor("speed", "m/s", false)).toBe("speed_m");
  });

  it("turns attribute keys into labels", () => {
    expect(prometheusLabelFor("user.id")).toBe("user_id");
    expect(prometheusLabelFor("terminal.type")).toBe("terminal_type");
    expect(prometheusLabelFor("2fa")).toBe("key_2fa");
    expect(promLabel("claude_code.token.usage", "type")).toBe("type");
    expect(promLabel("claude_code.code_edit_tool.decision", "tool_name")).toBe("tool_name");
    expect(promLabel("claude_code.cost.usage", "team.id")).toBe("team_id");
    for (const key of ["session.id", "anthropic.custom_base_url", "query_source"]) {
      expect(prometheusLabelFor(key)).toMatch(PROM_LABEL_NAME);
    }
    // @ts-expect-error — cost.usage has no `decision` attribute
    promLabel("claude_code.cost.usage", "decision");
  });
});

describe("Loki names", () => {
  it("selects the claude-code service stream", () => {
    expect(LOKI_SELECTOR).toBe('{service_name="claude-code"}');
  });

  it("turns dots into underscores in structured metadata", () => {
    expect(LOKI_FIELDS.eventName).toBe("event_name");
    expect(LOKI_FIELDS.promptId).toBe("prompt_id");
    expect(lokiField("tool_result", "tool_name")).toBe("tool_name");
    expect(lokiField("user_prompt", "message.uuid")).toBe("message_uuid");
    expect(lokiFieldsOf("api_request")).toContain("cache_read_tokens");
    expect(lokiFieldsOf("api_request")).toContain("session_id");
    // @ts-expect-error — user_prompt has no `model` attribute
    lokiField("user_prompt", "model");
  });
});
