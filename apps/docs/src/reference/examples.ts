import {
  type EventMetricName,
  type EventName,
  eventMetricSeries,
  exactGrowth,
  LOKI_SELECTOR,
  lokiFieldFor,
  type MetricName,
  PROMETHEUS_SERIES,
  prometheusLabelFor,
} from "@cc-otel/contract";

/** The LogQL selector of one event: the stream, then its name in structured metadata. */
export const ev = (name: EventName) => `${LOKI_SELECTOR} | ${lokiFieldFor("event.name")}="${name}"`;

/** How much a running total grew over `window`: the contract's exact growth (see the metrics page). */
const grew = (series: string, window: string) => exactGrowth(series, window);
const S = PROMETHEUS_SERIES;

/** Example queries, one per metric: a new metric without one fails to compile. */
export const METRIC_EXAMPLES: Record<MetricName, { readonly what: string; readonly promql: string }> = {
  "claude_code.session.count": {
    what: "Sessions started in the last 24 hours, by how they started",
    promql: `sum by (start_type) (${grew(S["claude_code.session.count"], "24h")})`,
  },
  "claude_code.cost.usage": {
    what: "Estimated spend in the last 24 hours, by model",
    promql: `sum by (model) (${grew(S["claude_code.cost.usage"], "24h")})`,
  },
  "claude_code.token.usage": {
    what: "Tokens used in the last 24 hours, by token type",
    promql: `sum by (type) (${grew(S["claude_code.token.usage"], "24h")})`,
  },
  "claude_code.active_time.total": {
    what: "Active hours in the last 24 hours, user time vs CLI time",
    promql: `sum by (type) (${grew(S["claude_code.active_time.total"], "24h")}) / 3600`,
  },
  "claude_code.lines_of_code.count": {
    what: "Lines added and removed in the last 24 hours",
    promql: `sum by (type) (${grew(S["claude_code.lines_of_code.count"], "24h")})`,
  },
  "claude_code.code_edit_tool.decision": {
    what: "Share of code edits accepted in the last 24 hours",
    promql: `sum(${grew(`${S["claude_code.code_edit_tool.decision"]}{decision="accept"}`, "24h")})\n  / sum(${grew(S["claude_code.code_edit_tool.decision"], "24h")})`,
  },
  "claude_code.commit.count": {
    what: "Commits created by Claude Code in the last 7 days, per user",
    promql: `sum by (${prometheusLabelFor("user.id")}) (${grew(S["claude_code.commit.count"], "7d")})`,
  },
  "claude_code.pull_request.count": {
    what: "Pull requests created by Claude Code in the last 7 days",
    promql: `sum(${grew(S["claude_code.pull_request.count"], "7d")})`,
  },
};

const E = (name: EventMetricName) => eventMetricSeries(name);
/** A native histogram's growth over `window`: a histogram of what was observed in it. */
const observed = (series: string, window: string) => exactGrowth(series, window, "histogram");

/** Example queries, one per metric the collector derives from events. */
export const EVENT_METRIC_EXAMPLES: Record<
  EventMetricName,
  { readonly what: string; readonly promql: string }
> = {
  "claude_code.tool.duration": {
    what: "Tool runs in the last 24 hours, by tool",
    promql: `sum by (tool_name) (histogram_count(${observed(E("claude_code.tool.duration"), "24h")}))`,
  },
  "claude_code.api_request.duration": {
    what: "95th percentile of request duration over the last 24 hours, by model (ms)",
    promql: `histogram_quantile(0.95, sum by (model) (${observed(E("claude_code.api_request.duration"), "24h")}))`,
  },
  "claude_code.api_request.ttft": {
    what: "Median time to first token over the last 24 hours, by model (ms)",
    promql: `histogram_quantile(0.5, sum by (model) (${observed(E("claude_code.api_request.ttft"), "24h")}))`,
  },
  "claude_code.prompt.length": {
    what: "Prompts of the last 24 hours under 50 characters",
    promql: `sum(${grew(`${E("claude_code.prompt.length")}_bucket{le="49"}`, "24h")})`,
  },
  "claude_code.api_error.count": {
    what: "Failed requests in the last 24 hours, by HTTP status",
    promql: `sum by (status_code) (${grew(E("claude_code.api_error.count"), "24h")})`,
  },
  "claude_code.tool_decision.count": {
    what: "Permission decisions in the last 24 hours, by where they came from and what they were",
    promql: `sum by (source, decision) (${grew(E("claude_code.tool_decision.count"), "24h")})`,
  },
};

/** Example queries, one per event: a new event without one fails to compile. */
export const EVENT_EXAMPLES: Record<EventName, { readonly what: string; readonly logql: string }> = {
  user_prompt: {
    what: "Prompts per hour",
    logql: `sum(count_over_time(${ev("user_prompt")} [1h]))`,
  },
  api_request: {
    what: "Estimated spend in the last 24 hours by model, from the events",
    logql: `sum by (model) (sum_over_time(${ev("api_request")} | unwrap cost_usd [24h]))`,
  },
  api_error: {
    what: "Failed requests in the last hour, by HTTP status",
    logql: `sum by (status_code) (count_over_time(${ev("api_error")} [1h]))`,
  },
  tool_decision: {
    what: "Permission decisions in the last 24 hours, by where they came from",
    logql: `sum by (source, decision) (count_over_time(${ev("tool_decision")} [24h]))`,
  },
  tool_result: {
    what: "Failed tool runs in the last 24 hours, by tool",
    logql: `sum by (tool_name) (count_over_time(${ev("tool_result")} | success="false" [24h]))`,
  },
  assistant_response: {
    what: "Answers per hour, by model",
    logql: `sum by (model) (count_over_time(${ev("assistant_response")} [1h]))`,
  },
  plugin_loaded: {
    what: "Plugin loads in the last 24 hours (raw lines: drop the outer `sum(count_over_time(...))` to read them)",
    logql: `sum(count_over_time(${ev("plugin_loaded")} [24h]))`,
  },
  managed_settings_resolved: {
    what: "Start-ups that resolved managed settings in the last 24 hours",
    logql: `sum(count_over_time(${ev("managed_settings_resolved")} [24h]))`,
  },
  api_retries_exhausted: {
    what: "Requests given up after their last retry in the last 24 hours, by HTTP status",
    logql: `sum by (status_code) (count_over_time(${ev("api_retries_exhausted")} [24h]))`,
  },
  api_refusal: {
    what: "Refusals in the last 24 hours, by model",
    logql: `sum by (model) (count_over_time(${ev("api_refusal")} [24h]))`,
  },
  api_request_body: {
    what: "Raw requests logged in the last hour (only with `OTEL_LOG_RAW_API_BODIES=1`), by model",
    logql: `sum by (model) (count_over_time(${ev("api_request_body")} [1h]))`,
  },
  api_response_body: {
    what: "Average length of the raw responses of the last hour, in characters",
    logql: `avg(avg_over_time(${ev("api_response_body")} | unwrap body_length [1h]))`,
  },
  system_prompt: {
    what: "Distinct system prompts seen in the last 24 hours",
    logql: `count(sum by (system_prompt_hash) (count_over_time(${ev("system_prompt")} [24h])))`,
  },
  tool: {
    what: "Tool definitions sent to the model in the last 24 hours, by tool",
    logql: `sum by (tool_name) (count_over_time(${ev("tool")} [24h]))`,
  },
  compaction: {
    what: "Compactions in the last 24 hours, manual and automatic",
    logql: `sum by (trigger) (count_over_time(${ev("compaction")} [24h]))`,
  },
  subagent_completed: {
    what: "Tokens used by subagents in the last 24 hours, by agent type",
    logql: `sum by (agent_type) (sum_over_time(${ev("subagent_completed")} | unwrap total_tokens [24h]))`,
  },
  hook_registered: {
    what: "Hooks registered at start-up in the last 24 hours, by hook event",
    logql: `sum by (hook_event) (count_over_time(${ev("hook_registered")} [24h]))`,
  },
  hook_execution_start: {
    what: "Hook runs started per hour, by hook event",
    logql: `sum by (hook_event) (count_over_time(${ev("hook_execution_start")} [1h]))`,
  },
  hook_execution_complete: {
    what: "Hook runs that blocked the action in the last 24 hours, by hook",
    logql: `sum by (hook_name) (count_over_time(${ev("hook_execution_complete")} | num_blocking!="0" [24h]))`,
  },
  hook_plugin_metrics: {
    what: "Per-plugin hook reports in the last 24 hours, by plugin",
    logql: `sum by (plugin_id) (count_over_time(${ev("hook_plugin_metrics")} [24h]))`,
  },
  permission_mode_changed: {
    what: "Permission mode changes in the last 24 hours, by the mode switched to",
    logql: `sum by (to_mode) (count_over_time(${ev("permission_mode_changed")} [24h]))`,
  },
  mcp_server_connection: {
    what: "MCP server connections in the last 24 hours, by status and transport",
    logql: `sum by (status, transport_type) (count_over_time(${ev("mcp_server_connection")} [24h]))`,
  },
  skill_activated: {
    what: "Skill activations in the last 24 hours, by skill",
    logql: `sum by (${lokiFieldFor("skill.name")}) (count_over_time(${ev("skill_activated")} [24h]))`,
  },
  at_mention: {
    what: "@-mentions resolved in the last 24 hours, by kind and success",
    logql: `sum by (mention_type, success) (count_over_time(${ev("at_mention")} [24h]))`,
  },
  auth: {
    what: "Failed login and token actions in the last 24 hours, by action",
    logql: `sum by (action) (count_over_time(${ev("auth")} | success="false" [24h]))`,
  },
  internal_error: {
    what: "Internal CLI errors in the last 24 hours, by error class",
    logql: `sum by (error_name) (count_over_time(${ev("internal_error")} [24h]))`,
  },
  safety_event: {
    what: "Safety checks that acted in the last 24 hours, by tool",
    logql: `sum by (tool_name) (count_over_time(${ev("safety_event")} [24h]))`,
  },
  feedback_survey: {
    what: "Survey answers in the last 7 days, by rating",
    logql: `sum by (response) (count_over_time(${ev("feedback_survey")} | event_type="responded" [7d]))`,
  },
  plugin_installed: {
    what: "Plugin installs in the last 7 days, by marketplace",
    logql: `sum by (${lokiFieldFor("marketplace.name")}) (count_over_time(${ev("plugin_installed")} [7d]))`,
  },
  retention_sweep: {
    what: "Transcript clean-ups in the last 7 days, by result",
    logql: `sum by (result) (count_over_time(${ev("retention_sweep")} [7d]))`,
  },
};
