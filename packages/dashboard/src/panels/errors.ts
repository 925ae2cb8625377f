import { eventMetricLabel, lokiField } from "@cc-otel/contract";
import { LogsSortOrder } from "@grafana/grafana-foundation-sdk/common";
import { EXTRA } from "../inventory.js";
import { events, lineFormat } from "../queries/logql.js";
import { eventCount, quantile, ratePerSecond, total } from "../queries/promql.js";
import { logs, pie, stat, timeseries } from "./kinds.js";

const ERRORS = "claude_code.api_error.count";
const LATENCY = "claude_code.api_request.duration";
const TTFT = "claude_code.api_request.ttft";
const STATUS = eventMetricLabel(ERRORS, "status_code");
const MODEL = eventMetricLabel(LATENCY, "model");

const FROM_EVENTS =
  "From the collector's event metrics (api_request and api_error events aggregated as they arrive: exact, stamped on arrival).";
const FILTER_NOTE = "Follows every filter, model included.";
const NO_MODEL_NOTE =
  "Follows the department, team, user and terminal filters (errors are counted by status, not model).";

export function errorPanels() {
  const failed = `(${total(ERRORS)} or vector(0))`;
  const succeeded = `(${eventCount(LATENCY, [], [], undefined, { except: ["model"] })} or vector(0))`;
  return [
    stat({
      id: EXTRA.apiErrorRatio,
      title: "API Error Ratio",
      description: `Share of API requests that finally failed over the dashboard range: api_error / (api_error + api_request) events. Retried-then-succeeded requests emit no api_error, so this is the user-visible failure rate; 100 % when every request failed, no data when there were none. ${FROM_EVENTS} ${NO_MODEL_NOTE}`,
      datasource: "prometheus",
      targets: [
        {
          expr: `${failed} / (${failed} + ${succeeded} > 0)`,
          instant: true,
          legend: "failed",
        },
      ],
      unit: "percentunit",
      decimals: 2,
      color: "red",
      w: 4,
      h: 8,
    }),
    timeseries({
      id: EXTRA.apiErrorsByStatus,
      title: "API Error Rate by Status Code",
      description: `Failed API requests per minute by HTTP status ("none": a network error): the exact growth of the API error count over each step, per minute of the step. ${FROM_EVENTS} ${NO_MODEL_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `${ratePerSecond(ERRORS, [], [STATUS])} * 60`, legend: "HTTP {{status_code}}" }],
      unit: "short",
      bars: true,
      stacked: true,
      w: 10,
      h: 8,
    }).axisLabel("errors / min"),
    pie({
      id: EXTRA.apiRequestsByModel,
      title: "API Requests by Model",
      description: `Successful API requests over the dashboard range, by model: the number of api_request events. ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: eventCount(LATENCY, [], [MODEL]), instant: true, legend: "{{model}}" }],
      unit: "short",
      w: 10,
      h: 8,
    }),
    timeseries({
      id: EXTRA.apiLatency,
      title: "API Request Latency by Model (p50 / p95 / p99)",
      description: `Duration of successful API requests per step, by model: median, 95th and 99th percentile of api_request duration_ms from the native histogram of the durations (histogram_quantile: within one bucket's width, a few percent). ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: quantile(0.5, LATENCY, [MODEL]), legend: "p50 {{model}}" },
        { expr: quantile(0.95, LATENCY, [MODEL]), legend: "p95 {{model}}" },
        { expr: quantile(0.99, LATENCY, [MODEL]), legend: "p99 {{model}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
    timeseries({
      id: EXTRA.timeToFirstToken,
      title: "Time to First Token by Model (p50 / p95)",
      description: `Time until the first streamed token per step, by model: median and 95th percentile of api_request ttft_ms from its native histogram. ${FROM_EVENTS} ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: quantile(0.5, TTFT, [MODEL]), legend: "p50 {{model}}" },
        { expr: quantile(0.95, TTFT, [MODEL]), legend: "p95 {{model}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
    logs({
      id: EXTRA.recentApiErrors,
      title: "Recent API Errors",
      description: `The api_error events in the dashboard range, newest first, each shown with its status code, model, attempts and error message. Loki events; follows every filter, model included.`,
      datasource: "loki",
      targets: [
        {
          expr: `${events("api_error")} ${lineFormat(lokiField("api_error", "event.name"), [
            lokiField("api_error", "status_code"),
            lokiField("api_error", "model"),
            lokiField("api_error", "attempt"),
            lokiField("api_error", "error"),
          ])}`,
        },
      ],
      w: 24,
      h: 8,
    }).sortOrder(LogsSortOrder.Descending),
  ];
}
