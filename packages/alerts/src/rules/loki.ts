import { EVENTS, type EventName, LOKI_FIELDS, LOKI_SELECTOR, lokiField } from "@cc-otel/contract";
import { type Runbook, type Severity, T } from "../model.js";

/**
 * API errors exist only as events (`api_error` log records in Loki). The stack's collector counts
 * them into a Prometheus counter (api-errors.ts reads it); this LogQL variant is for setups whose
 * collector does not count events, for Loki's ruler. It is generated to packages/alerts/generated/loki-alert-rules.yml but NOT loaded by the
 * stack (stack/loki/loki.yaml has no ruler), and it cannot be tested here: real Loki is not
 * available to the test harness. The test only parses the LogQL.
 */
export interface LokiAlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly labels: Readonly<Record<string, string>>;
  readonly summary: string;
  readonly description: string;
  readonly runbook: Runbook;
}

const ev = (name: EventName) => {
  if (!(name in EVENTS)) throw new Error(`unknown event ${name}`);
  return name;
};

export const API_ERROR_RATIO = 0.1;
export const API_ERROR_MIN_COUNT = 5;

const count = (matcher: string) =>
  `sum(count_over_time(${LOKI_SELECTOR} | ${LOKI_FIELDS.eventName}${matcher} [15m]))`;

export const apiErrorRatio: LokiAlertRule = {
  alert: "ClaudeCodeApiErrorRatioHighLoki",
  expr: `(\n  ${count(`="${ev("api_error")}"`)}\n  /\n  ${count(`=~"${ev("api_request")}|${ev("api_error")}"`)}\n) > ${API_ERROR_RATIO}\nand\n${count(`="${ev("api_error")}"`)} >= ${API_ERROR_MIN_COUNT}`,
  for: "10m",
  severity: "warning",
  labels: { component: "api" },
  summary: "Many Claude Code API requests are failing",
  description: `${T.percent} of Claude Code's API requests failed over the last 15 minutes (at least ${API_ERROR_MIN_COUNT} errors). Look at the api_error events' status_code and error in the dashboard's Errors row: 401/403 is credentials, 429 rate limits, 5xx the API or a proxy.`,
  runbook: {
    meaning: `More than ${API_ERROR_RATIO * 100}% of API calls ended in an \`api_error\` event over 15 minutes, with at least ${API_ERROR_MIN_COUNT} errors. \`api_error\` is emitted only when a request finally fails (after retries).`,
    causes: [
      "429: rate limits or usage limits of the organisation.",
      "401/403: expired or revoked credentials, a misconfigured gateway.",
      "5xx / overloaded: the API or a proxy in between (ANTHROPIC_BASE_URL).",
      "Network errors (no status_code): proxy, VPN, DNS.",
    ],
    actions: [
      `Break errors down: \`sum by (${lokiField("api_error", "status_code")}) (count_over_time(${LOKI_SELECTOR} | ${LOKI_FIELDS.eventName}="${ev("api_error")}" [15m]))\`.`,
      "Check Anthropic's status page for 5xx; the organisation's limits for 429.",
      "For one user only, it is their credentials or network.",
    ],
    confirm: `${count(`="${ev("api_error")}"`)}`,
  },
};
