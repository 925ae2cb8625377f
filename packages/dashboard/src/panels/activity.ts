import { METRICS, PROM_LABELS, promLabel } from "@cc-otel/contract";
import { ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { EXTRA, INVENTORY } from "../inventory.js";
import { orZeroLike, positive, ratePerSecond, total } from "../queries/promql.js";
import { gauge, LAST_7D, LAST_24H, stat, timeseries } from "./kinds.js";

const COST = "claude_code.cost.usage";
const TOKENS = "claude_code.token.usage";
const SESSIONS = "claude_code.session.count";
const ACTIVE = "claude_code.active_time.total";
const LINES = "claude_code.lines_of_code.count";
const DECISIONS = "claude_code.code_edit_tool.decision";
const COMMITS = "claude_code.commit.count";
const PULL_REQUESTS = "claude_code.pull_request.count";

const [ADDED, REMOVED] = METRICS[LINES].attributes.type.values;
const [ACCEPT] = METRICS[DECISIONS].attributes.decision.values;

/** Added lines green, removed lines red. */
const LINE_COLORS = [
  [ADDED, "green"],
  [REMOVED, "red"],
] as const;

const FILTER_NOTE = "Follows the department, team, user and terminal filters (these metrics carry no model).";

/** Developers with any active time in the panel's range: distinct user ids whose active time grew. */
function activeDevelopers(): string {
  return `count(${total(ACTIVE, [], [PROM_LABELS.userId])} > 0)`;
}

export function activityPanels() {
  // Sessions carry no model: the per-session averages ignore the model filter on both sides.
  const sessions = positive(total(SESSIONS));
  const noModel = { except: ["model"] };
  return [
    stat({
      id: EXTRA.activeDevelopersDay,
      title: "Active Developers (24h)",
      description:
        "Distinct developers (user ids) who worked with Claude Code in the last 24 h: those whose active time (claude_code.active_time.total, user or CLI) grew. Follows the department, team, user and terminal filters.",
      datasource: "prometheus",
      targets: [{ expr: activeDevelopers(), instant: true, legend: "developers" }],
      timeFrom: LAST_24H,
      unit: "short",
      decimals: 0,
      color: "green",
      w: 4,
      h: 6,
    }),
    stat({
      id: EXTRA.activeDevelopersWeek,
      title: "Active Developers (7d)",
      description:
        "Distinct developers (user ids) who worked with Claude Code in the last 7 days: those whose active time grew. Follows the department, team, user and terminal filters.",
      datasource: "prometheus",
      targets: [{ expr: activeDevelopers(), instant: true, legend: "developers" }],
      timeFrom: LAST_7D,
      unit: "short",
      decimals: 0,
      color: "green",
      w: 4,
      h: 6,
    }),
    stat({
      id: 11,
      title: INVENTORY[11],
      description: `CLI sessions started in the last 24 h: growth of claude_code.session.count (session ids are not Prometheus labels, so this counts session starts, not distinct ids). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: `round(${total(SESSIONS)})`, instant: true, legend: "sessions" }],
      timeFrom: LAST_24H,
      unit: "short",
      decimals: 0,
      color: "blue",
      w: 4,
      h: 6,
    }),
    stat({
      id: 9,
      title: INVENTORY[9],
      description: `Active time in the last 24 h, split into user time (typing, reading) and CLI time (the CLI working): growth of claude_code.active_time.total by type. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [{ expr: total(ACTIVE, [], [promLabel(ACTIVE, "type")]), instant: true, legend: "{{type}}" }],
      timeFrom: LAST_24H,
      unit: "s",
      color: "blue",
      w: 6,
      h: 6,
    }),
    gauge({
      id: 5,
      title: INVENTORY[5],
      description: `Share of code-edit tool uses (Edit, Write, NotebookEdit, MultiEdit) that were accepted over the dashboard range: accept / all decisions of claude_code.code_edit_tool.decision (growth over the range). ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        {
          // Every edit rejected is 0 %, not "No data".
          expr: `${orZeroLike(total(DECISIONS, [[promLabel(DECISIONS, "decision"), "=", ACCEPT]]), total(DECISIONS))} / ${positive(total(DECISIONS))}`,
          instant: true,
          legend: "accepted",
        },
      ],
      unit: "percentunit",
      decimals: 1,
      min: 0,
      max: 1,
      w: 6,
      h: 6,
    }).thresholds(
      new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
        { value: null, color: "red" },
        { value: 0.6, color: "yellow" },
        { value: 0.85, color: "green" },
      ]),
    ),
    stat({
      id: 12,
      title: INVENTORY[12],
      description:
        "Per session over the dashboard range: cost, tokens and active time (user + CLI) divided by the sessions started in the range. No data when no session started. Sessions carry no model, so the model filter does not apply here (an average over some models' cost and every session would mean nothing).",
      datasource: "prometheus",
      targets: [
        {
          expr: `${total(COST, [], [], undefined, noModel)} / ${sessions}`,
          instant: true,
          legend: "cost / session",
        },
        {
          expr: `${total(TOKENS, [], [], undefined, noModel)} / ${sessions}`,
          instant: true,
          legend: "tokens / session",
        },
        { expr: `${total(ACTIVE)} / ${sessions}`, instant: true, legend: "active time / session" },
      ],
      w: 8,
      h: 8,
    })
      .overrideByQuery("A", [
        { id: "unit", value: "currencyUSD" },
        { id: "decimals", value: 3 },
      ])
      .overrideByQuery("B", [
        { id: "unit", value: "short" },
        { id: "decimals", value: 0 },
      ])
      .overrideByQuery("C", [{ id: "unit", value: "s" }]),
    stat({
      id: 13,
      title: INVENTORY[13],
      description: `Lines of code added and removed by the CLI's edits over the dashboard range: growth of claude_code.lines_of_code.count by type. Follows every filter, model included.`,
      datasource: "prometheus",
      targets: [{ expr: total(LINES, [], [promLabel(LINES, "type")]), instant: true, legend: "{{type}}" }],
      unit: "short",
      decimals: 0,
      w: 8,
      h: 8,
    }).overrides(lineColorOverrides()),
    stat({
      id: EXTRA.commitsAndPullRequests,
      title: "Commits & Pull Requests",
      description: `Git commits and pull requests the CLI created over the dashboard range: growth of claude_code.commit.count and claude_code.pull_request.count. ${FILTER_NOTE}`,
      datasource: "prometheus",
      targets: [
        { expr: `round(${total(COMMITS)})`, instant: true, legend: "commits" },
        { expr: `round(${total(PULL_REQUESTS)})`, instant: true, legend: "pull requests" },
      ],
      unit: "short",
      decimals: 0,
      color: "purple",
      w: 8,
      h: 8,
    }),
    timeseries({
      id: 23,
      title: INVENTORY[23],
      description: `Lines of code added and removed per minute, by type: the exact growth of claude_code.lines_of_code.count over each step, per minute of the step (the points add up to the range's total). Follows every filter, model included.`,
      datasource: "prometheus",
      targets: [{ expr: `${ratePerSecond(LINES, [], [promLabel(LINES, "type")])} * 60`, legend: "{{type}}" }],
      unit: "short",
      w: 24,
      h: 8,
    })
      .axisLabel("lines / min")
      .overrides(lineColorOverrides()),
  ];
}

function lineColorOverrides() {
  return LINE_COLORS.map(([name, color]) => ({
    matcher: { id: "byName", options: name },
    properties: [{ id: "color", value: { mode: "fixed", fixedColor: color } }],
  }));
}
