import { type EVENTS, eventMetricLabel } from "@cc-otel/contract";
import { ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { EXTRA, INVENTORY } from "../inventory.js";
import { eventCount, orZeroLike, quantile, STEP, total } from "../queries/promql.js";
import { barGauge, LAST_24H, pie, timeseries } from "./kinds.js";

const TOOL_METRIC = "claude_code.tool.duration";
const DECISIONS = "claude_code.tool_decision.count";
const TOOL = eventMetricLabel(TOOL_METRIC, "tool_name");
const SUCCESS = eventMetricLabel(TOOL_METRIC, "success");
const SOURCE = eventMetricLabel(DECISIONS, "source");
/** The CLI sends success as the STRING "true" or "false"; the contract types the literal. */
const SUCCEEDED: (typeof EVENTS.tool_result.attributes.success.values)[number] = "true";

const FROM_EVENTS =
  "From the collector's event metrics (tool_result events aggregated as they arrive: exact, stamped on arrival).";
const FILTER_NOTE = "Follows the department, team, user and terminal filters.";

export function toolPanels() {
  const calls = (window?: string) => eventCount(TOOL_METRIC, [], [TOOL], window);
  return [
    timeseries({
      id: 17,
      title: INVENTORY[17],
      description: `Tool calls over time, stacked by tool: the number of tool_result events per step, by tool_name (histogram_count of the tool-duration histogram's growth over the step). ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: calls(STEP), legend: "{{tool_name}}" }],
      unit: "short",
      bars: true,
      stacked: true,
      w: 8,
      h: 8,
    }),
    pie({
      id: 26,
      title: INVENTORY[26],
      description: `Share of each tool among all tool calls over the dashboard range: the number of tool_result events by tool_name. ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: calls(), instant: true, legend: "{{tool_name}}" }],
      unit: "short",
      w: 8,
      h: 8,
    }),
    pie({
      id: 22,
      title: INVENTORY[22],
      description: `Where tool permission decisions came from in the last 24 h (config, user_temporary, user_permanent, user_reject, hook...): the number of tool_decision events by source. ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(DECISIONS, [], [SOURCE]), instant: true, legend: "{{source}}" }],
      timeFrom: LAST_24H,
      unit: "short",
      w: 8,
      h: 8,
    }),
    barGauge({
      id: EXTRA.toolSuccessRate,
      title: "Tool Success Rate",
      description: `Share of each tool's calls that succeeded over the dashboard range: tool_result events with success="true" / all of that tool's tool_result events. A tool whose every call failed shows 0 %. ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        {
          expr: `${orZeroLike(eventCount(TOOL_METRIC, [[SUCCESS, "=", SUCCEEDED]], [TOOL]), calls())} / ${calls()}`,
          instant: true,
          legend: "{{tool_name}}",
        },
      ],
      unit: "percentunit",
      decimals: 1,
      w: 12,
      h: 8,
    })
      .min(0)
      .max(1)
      .thresholds(
        new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
          { value: null, color: "red" },
          { value: 0.8, color: "yellow" },
          { value: 0.95, color: "green" },
        ]),
      ),
    timeseries({
      id: EXTRA.toolDuration,
      title: "Tool Duration (p50 / p95)",
      description: `How long tools take: median and 95th percentile of tool_result duration_ms per step, by tool_name, from the native histogram of the durations (histogram_quantile: within one bucket's width, a few percent). ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: quantile(0.5, TOOL_METRIC, [TOOL]), legend: "p50 {{tool_name}}" },
        { expr: quantile(0.95, TOOL_METRIC, [TOOL]), legend: "p95 {{tool_name}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
  ];
}
