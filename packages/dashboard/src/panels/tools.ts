import { type EVENTS, lokiField } from "@cc-otel/contract";
import { ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { EXTRA, INVENTORY } from "../inventory.js";
import { AUTO, countOverTime, events, quantileOverTime, sum } from "../queries/logql.js";
import { barGauge, LAST_24H, pie, timeseries } from "./kinds.js";

const TOOL = lokiField("tool_result", "tool_name");
const SOURCE = lokiField("tool_decision", "source");
const SUCCESS = lokiField("tool_result", "success");
const DURATION = lokiField("tool_result", "duration_ms");
/** The CLI sends success as the STRING "true" or "false"; the contract types the literal. */
const SUCCEEDED: (typeof EVENTS.tool_result.attributes.success.values)[number] = "true";

const FILTER_NOTE = "Loki events; follows the department, team, user and terminal filters.";

export function toolPanels() {
  const results = events("tool_result");
  return [
    timeseries({
      id: 17,
      title: INVENTORY[17],
      description: `Tool calls over time, stacked by tool: count of tool_result events per step ($__auto), by tool_name. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [{ expr: sum(countOverTime(results, AUTO), [TOOL]), legend: "{{tool_name}}" }],
      unit: "short",
      bars: true,
      stacked: true,
      w: 8,
      h: 8,
    }),
    pie({
      id: 26,
      title: INVENTORY[26],
      description: `Share of each tool among all tool calls over the dashboard range: count of tool_result events by tool_name. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [{ expr: sum(countOverTime(results), [TOOL]), instant: true, legend: "{{tool_name}}" }],
      unit: "short",
      w: 8,
      h: 8,
    }),
    pie({
      id: 22,
      title: INVENTORY[22],
      description: `Where tool permission decisions came from in the last 24 h (config, user_temporary, user_permanent, user_reject, hook...): count of tool_decision events by source. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        { expr: sum(countOverTime(events("tool_decision")), [SOURCE]), instant: true, legend: "{{source}}" },
      ],
      timeFrom: LAST_24H,
      unit: "short",
      w: 8,
      h: 8,
    }),
    barGauge({
      id: EXTRA.toolSuccessRate,
      title: "Tool Success Rate",
      description: `Share of each tool's calls that succeeded over the dashboard range: tool_result events with success="true" / all tool_result events, by tool_name. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        {
          expr: `${sum(countOverTime(events("tool_result", [[SUCCESS, "=", SUCCEEDED]])), [TOOL])} / ${sum(countOverTime(results), [TOOL])}`,
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
      description: `How long tools take: median and 95th percentile of tool_result duration_ms per step ($__auto), by tool_name (quantile_over_time over the unwrapped duration; lines whose duration is not numeric are dropped). ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        { expr: quantileOverTime(0.5, results, DURATION, [TOOL]), legend: "p50 {{tool_name}}" },
        { expr: quantileOverTime(0.95, results, DURATION, [TOOL]), legend: "p95 {{tool_name}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
  ];
}
