import {
  EVENTS,
  type EventName,
  LOKI_FIELDS,
  LOKI_SELECTOR,
  lokiField,
  lokiFieldFor,
  SERVICE_NAME,
} from "@cc-otel/contract";
import { EXTRA } from "../inventory.js";
import { events, lineFormat, str, sum, unwrapped } from "../queries/logql.js";
import { DS_VARS, SESSION_VAR } from "../variables.js";
import { logs, table } from "./kinds.js";

const SESSION = LOKI_FIELDS.sessionId;
/** The span attribute that names the session (the same standard attribute the events carry). */
const STANDARD_SESSION_KEY = "session.id";
const COST = lokiField("api_request", "cost_usd");

/** Fields the drill-down line shows when an event has them, in this order. */
const SHOWN: readonly (readonly [EventName, string])[] = [
  ["tool_result", "tool_name"],
  ["tool_decision", "decision"],
  ["tool_decision", "source"],
  ["tool_result", "success"],
  ["tool_result", "duration_ms"],
  ["api_request", "model"],
  ["api_request", "input_tokens"],
  ["api_request", "output_tokens"],
  ["api_request", "cost_usd"],
  ["api_error", "status_code"],
  ["api_error", "error"],
  ["user_prompt", "prompt_length"],
];

function shownFields(): string[] {
  return [
    ...new Set(
      SHOWN.map(([event, key]) => {
        if (!Object.hasOwn(EVENTS[event].attributes, key)) throw new Error(`${event} has no ${key}`);
        return lokiFieldFor(key);
      }),
    ),
  ];
}

/** A data link that reopens this dashboard with the clicked session in the drill-down. */
const DRILL_DOWN_URL = `/d/\${__dashboard.uid}?\${__url_time_range}&\${${DS_VARS.prometheus}:queryparam}&\${${DS_VARS.loki}:queryparam}&var-${SESSION_VAR}=\${__value.raw}`;

/**
 * The datasource the stack provisions for Claude Code's traces (stack/grafana/provisioning), when
 * compose's `traces` profile runs Jaeger: a fixed uid, so a link can name it.
 */
export const TRACES_DATASOURCE_UID = "jaeger";

/**
 * A data link to Grafana Explore: the clicked session's traces in Jaeger, searched by the session.id
 * every span of Claude Code carries, over the dashboard's time range.
 */
export function sessionTracesUrl(): string {
  const SESSION = "CCOTELSESSION";
  const FROM = "CCOTELFROM";
  const TO = "CCOTELTO";
  const pane = {
    datasource: TRACES_DATASOURCE_UID,
    queries: [
      {
        refId: "A",
        datasource: { type: "jaeger", uid: TRACES_DATASOURCE_UID },
        queryType: "search",
        service: SERVICE_NAME,
        tags: `${STANDARD_SESSION_KEY}=${SESSION}`,
      },
    ],
    range: { from: FROM, to: TO },
  };
  // Encoded around the placeholders, which Grafana fills in when the link is clicked.
  return `/explore?schemaVersion=1&panes=${encodeURIComponent(JSON.stringify({ traces: pane }))}`
    .replace(SESSION, `\${__value.raw}`)
    .replace(FROM, `\${__from}`)
    .replace(TO, `\${__to}`);
}

export function sessionPanels() {
  return [
    table({
      id: EXTRA.sessionsInRange,
      title: "Sessions in Range",
      description:
        "The 20 most expensive sessions in the dashboard range, from the events (session.id is not a Prometheus label): cost_usd of api_request events summed by session_id. Click a session id to show its events in 'Session Events', or its traces in Jaeger when traces are on (compose's traces profile). Follows the department, team, user, terminal and model filters.",
      datasource: "loki",
      targets: [
        {
          expr: `topk(20, ${sum(unwrapped("sum_over_time", events("api_request"), COST, "$__range"), [SESSION])})`,
          instant: true,
        },
      ],
      unit: "currencyUSD",
      decimals: 3,
      w: 8,
      h: 12,
    })
      .transformations([
        { id: "labelsToFields", options: { mode: "columns" } },
        { id: "merge", options: {} },
        {
          id: "organize",
          options: { excludeByName: { Time: true }, renameByName: { [SESSION]: "Session", Value: "Cost" } },
        },
        { id: "sortBy", options: { sort: [{ field: "Cost", desc: true }] } },
      ])
      .overrideByName("Session", [
        {
          id: "links",
          value: [
            { title: "Show this session's events", url: DRILL_DOWN_URL },
            { title: "This session's traces (Jaeger, when traces are on)", url: sessionTracesUrl() },
          ],
        },
      ]),
    logs({
      id: EXTRA.sessionEvents,
      title: "Session Events",
      description: `Every event of the session chosen in the 'Session id' variable, oldest first (prompts, API requests, tool decisions and results, errors, responses), with their key fields; expand a line for all its structured metadata. Empty until a session id is set; widen the time range if the session started earlier. Filters other than the session are not applied.`,
      datasource: "loki",
      targets: [
        {
          expr: `${LOKI_SELECTOR} | ${SESSION}!="" | ${SESSION}=${str(`$${SESSION_VAR}`)} ${lineFormat(LOKI_FIELDS.eventName, shownFields())}`,
          forward: true,
        },
      ],
      w: 16,
      h: 12,
    }),
  ];
}
