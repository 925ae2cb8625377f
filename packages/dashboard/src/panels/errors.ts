import { lokiField } from "@cc-otel/contract";
import { LogsSortOrder } from "@grafana/grafana-foundation-sdk/common";
import { EXTRA } from "../inventory.js";
import { AUTO, countOverTime, events, lineFormat, quantileOverTime, rate, sum } from "../queries/logql.js";
import { logs, stat, timeseries } from "./kinds.js";

const STATUS = lokiField("api_error", "status_code");
const MODEL = lokiField("api_request", "model");
const DURATION = lokiField("api_request", "duration_ms");
const TTFT = lokiField("api_request", "ttft_ms");

const FILTER_NOTE = "Loki events; follows every filter, model included.";

export function errorPanels() {
  const errors = events("api_error");
  const requests = events("api_request");
  const errorCount = `(${sum(countOverTime(errors))} or vector(0))`;
  return [
    stat({
      id: EXTRA.apiErrorRatio,
      title: "API Error Ratio",
      description: `Share of API requests that finally failed over the dashboard range: api_error / (api_error + api_request) events. Retried-then-succeeded requests emit no api_error, so this is the user-visible failure rate. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        {
          expr: `${errorCount} / (${errorCount} + ${sum(countOverTime(requests))})`,
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
      description: `Failed API requests per minute by HTTP status: rate of api_error events per step ($__auto) × 60, by status_code (empty for network errors). ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [{ expr: `${sum(rate(errors, AUTO), [STATUS])} * 60`, legend: "HTTP {{status_code}}" }],
      unit: "short",
      bars: true,
      stacked: true,
      w: 8,
      h: 8,
    }).axisLabel("errors / min"),
    timeseries({
      id: EXTRA.apiLatency,
      title: "API Request Latency by Model (p50 / p95)",
      description: `Duration of successful API requests: median and 95th percentile of api_request duration_ms per step ($__auto), by model (quantile_over_time over the unwrapped field). ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        { expr: quantileOverTime(0.5, requests, DURATION, [MODEL]), legend: "p50 {{model}}" },
        { expr: quantileOverTime(0.95, requests, DURATION, [MODEL]), legend: "p95 {{model}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
    timeseries({
      id: EXTRA.timeToFirstToken,
      title: "Time to First Token by Model (p50 / p95)",
      description: `Time until the first streamed token: median and 95th percentile of api_request ttft_ms per step ($__auto), by model. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        { expr: quantileOverTime(0.5, requests, TTFT, [MODEL]), legend: "p50 {{model}}" },
        { expr: quantileOverTime(0.95, requests, TTFT, [MODEL]), legend: "p95 {{model}}" },
      ],
      unit: "ms",
      w: 12,
      h: 8,
    }),
    logs({
      id: EXTRA.recentApiErrors,
      title: "Recent API Errors",
      description: `The api_error events in the dashboard range, newest first, each shown with its status code, model, attempts and error message. ${FILTER_NOTE}`,
      datasource: "loki",
      targets: [
        {
          expr: `${errors} ${lineFormat(lokiField("api_error", "event.name"), [
            STATUS,
            lokiField("api_error", "model"),
            lokiField("api_error", "attempt"),
            lokiField("api_error", "error"),
          ])}`,
        },
      ],
      w: 12,
      h: 8,
    }).sortOrder(LogsSortOrder.Descending),
  ];
}
