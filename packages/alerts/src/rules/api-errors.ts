import { CONNECTOR } from "@cc-otel/collector/names";
import {
  EVENT_COUNT,
  exactGrowth,
  LOKI_FIELDS,
  LOKI_SELECTOR,
  lokiField,
  SERVICE_NAME,
} from "@cc-otel/contract";
import { type AlertRule, type RuleGroup, T } from "../model.js";
import { API_ERROR_MIN_COUNT, API_ERROR_RATIO } from "./loki.js";

/**
 * The API error ratio as a PROMETHEUS alert, on the event counts the stack's collector makes
 * (connector count/events in stack/collector/config.yaml).
 */
export const EVENT_COUNT_SERIES = EVENT_COUNT.series;
const EVENT = EVENT_COUNT.label;

export function apiErrorsGroup(): RuleGroup {
  const sel = (events: string) =>
    `${EVENT_COUNT_SERIES}{${EVENT}${events.includes("|") ? "=~" : "="}"${events}"}`;
  /** Events counted over 15 minutes: the contract's exact growth, as the dashboard counts them. */
  const count15m = (events: string, by = "") => `sum${by} (${exactGrowth(sel(events), "15m")})`;
  const series = (event: string) => `${EVENT_COUNT_SERIES}{job="${SERVICE_NAME}", ${EVENT}="${event}"}`;
  const ratio: AlertRule = {
    alert: "ClaudeCodeApiErrorRatioHigh",
    expr: `(\n  ${count15m("api_error")}\n  /\n  ${count15m("api_request|api_error")}\n) > ${API_ERROR_RATIO}\nand\n${count15m("api_error")} >= ${API_ERROR_MIN_COUNT}`,
    for: "10m",
    severity: "warning",
    labels: { component: "api" },
    summary: "Many Claude Code API requests are failing",
    description: `${T.percent} of Claude Code's API requests failed over the last 15 minutes (at least ${API_ERROR_MIN_COUNT} errors). Look at the api_error events' status_code and error in the dashboard's Errors row: 401/403 is credentials, 429 rate limits, 5xx the API or a proxy.`,
    runbook: {
      meaning: `More than ${API_ERROR_RATIO * 100}% of API calls ended in an \`api_error\` event over 15 minutes, with at least ${API_ERROR_MIN_COUNT} errors. \`api_error\` is emitted only when a request finally fails (after retries). Counted by the stack's collector (connector \`${CONNECTOR.eventCount}\` in stack/collector/config.yaml).`,
      causes: [
        "429: rate limits or usage limits of the organisation.",
        "401/403: expired or revoked credentials, a misconfigured gateway.",
        "5xx / overloaded: the API or a proxy in between (ANTHROPIC_BASE_URL).",
        "Network errors (no status_code): proxy, VPN, DNS.",
      ],
      actions: [
        `Break errors down in Loki: \`sum by (${lokiField("api_error", "status_code")}) (count_over_time(${LOKI_SELECTOR} | ${LOKI_FIELDS.eventName}="api_error" [15m]))\`.`,
        "Check Anthropic's status page for 5xx; the organisation's limits for 429.",
        "For one user only, it is their credentials or network.",
      ],
      confirm: count15m("api_request|api_error", ` by (${EVENT})`),
    },
    tests: {
      fires: [
        {
          title: "1 error for every 4 requests",
          series: [
            { series: series("api_request"), values: "0+4x40" },
            { series: series("api_error"), values: "0+1x40" },
          ],
          at: "30m",
          expect: [{ labels: {}, value: 0.2 }],
        },
      ],
      quiet: [
        {
          title: "1 error for every 99 requests",
          series: [
            { series: series("api_request"), values: "0+99x40" },
            { series: series("api_error"), values: "0+1x40" },
          ],
          at: "30m",
          expect: [],
        },
        {
          title: "a high ratio on too few requests (2 errors in 15 minutes)",
          series: [
            { series: series("api_request"), values: "0x25 1x15" },
            { series: series("api_error"), values: "0x25 2x15" },
          ],
          at: "30m",
          expect: [],
        },
      ],
    },
  };
  return {
    name: "claude-code-api-errors",
    help: `API error ratio from the event counts the collector makes (connector ${CONNECTOR.eventCount}).`,
    recording: [],
    alerts: [ratio],
  };
}
