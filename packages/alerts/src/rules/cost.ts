import {
  exactGrowth,
  LOKI_FIELDS,
  LOKI_SELECTOR,
  PROM_LABELS,
  promLabel,
  promSeries,
  SERVICE_NAME,
} from "@cc-otel/contract";
import { type AlertRule, type RuleGroup, T } from "../model.js";
import { type AlertOptions, BUDGET_RECORD } from "../options.js";

/**
 * Cost: recording rules that every cost alert and a human can query, then the alerts. Windows are
 * at least 15 minutes: Claude Code exports metrics every 60 s.
 *
 * "Daily" means the ROLLING last 24 hours, not the calendar day: PromQL has no "since midnight"
 * range, and a rolling window does not reset at a time zone's midnight.
 *
 * Spend over a window is the contract's exactGrowth(), the formula the dashboard's cost panels use:
 * Claude Code's cost series are sparse, and increase()/rate() drop the growth before a window's
 * first sample and extrapolate the rest, so an alert would disagree with the panel it points to.
 */

const COST = promSeries("claude_code.cost.usage");
/** USD spent over `window`, summed by `by`: the one definition of spend, shared with the dashboard. */
export const spend = (window: string, by: readonly string[] = []) =>
  `sum${by.length ? ` by (${by.join(", ")})` : ""} (${exactGrowth(COST, window)})`;
export const COST_RECORDS = {
  increase24h: "claude_code:cost_usd:increase24h",
  perHour1h: "claude_code:cost_usd_per_hour:rate1h",
  perHour15m: "claude_code:cost_usd_per_hour:rate15m",
  perHour1hAvg7d: "claude_code:cost_usd_per_hour:rate1h_avg7d",
} as const;

/** Labels of the cost series in the unit tests: what the collector writes for one user and model. */
const costSeries = (user: string, model = "claude-sonnet-4-5") =>
  `${COST}{${PROM_LABELS.job}="${SERVICE_NAME}", ${PROM_LABELS.userId}="${user}", ${promLabel("claude_code.cost.usage", "model")}="${model}"}`;

/** The budget the unit tests run with (they write their own budget file). */
export const TEST_BUDGET_USD = 100;
const budget = T.query2(BUDGET_RECORD);
const budgetFile = "stack/prometheus/rules/claude-code-budget.yml";

export function costGroup(opts: AlertOptions): RuleGroup {
  const overBudget: AlertRule = {
    alert: "ClaudeCodeDailyCostOverBudget",
    expr: `${COST_RECORDS.increase24h} > ${BUDGET_RECORD}`,
    for: "5m",
    severity: "critical",
    labels: { component: "cost" },
    summary: "Claude Code spend in the last 24 hours is over the daily budget",
    description: `Claude Code cost over the last 24 hours is ${T.value2} USD, above the daily budget of ${budget} USD. Find the users and models responsible in the dashboard's Cost row; if the spend is expected, raise the budget in ${budgetFile}.`,
    runbook: {
      meaning:
        "The estimated cost Claude Code clients reported over the rolling last 24 hours exceeds the daily budget recorded in `claude-code-budget.yml`.",
      causes: [
        "More people or longer sessions than the budget was sized for.",
        "A costlier model (Opus instead of Sonnet) chosen by default or by a subagent.",
        "A runaway automation: a script or CI job running Claude Code in a loop.",
      ],
      actions: [
        "Open the dashboard's Cost row (last 24 h) and sort cost by user and by model.",
        "For a runaway automation, stop it and find its `user_id` in the dashboard's user filter.",
        "If the spend is legitimate, raise the budget: edit `claude-code-budget.yml` (or regenerate it with `--daily-budget-usd`) and reload Prometheus.",
      ],
      confirm: `topk(10, ${spend("24h", [PROM_LABELS.userId, promLabel("claude_code.cost.usage", "model")])})`,
    },
    tests: {
      fires: [
        {
          title: "0.10 USD a minute for a day: 144 USD in 24 h",
          series: [{ series: costSeries("u-heavy"), values: "0+0.1x1560" }],
          at: "25h",
          expect: [{ labels: {}, value: 144 }],
        },
        {
          title: "two users together over budget",
          series: [
            { series: costSeries("u-a"), values: "0+0.05x1560" },
            { series: costSeries("u-b", "claude-opus-4-5"), values: "0+0.05x1560" },
          ],
          at: "25h",
          expect: [{ labels: {}, value: 144 }],
        },
      ],
      quiet: [
        {
          title: "0.05 USD a minute: 72 USD in 24 h",
          series: [{ series: costSeries("u-light"), values: "0+0.05x1560" }],
          at: "25h",
          expect: [],
        },
        {
          title: "yesterday's 150 USD does not count today",
          series: [{ series: costSeries("u-yesterday"), values: "0+2.5x60 150+0x1500" }],
          at: "26h",
          expect: [],
        },
      ],
    },
  };

  const burnRate: AlertRule = {
    alert: "ClaudeCodeCostBurnRateHigh",
    expr: `${COST_RECORDS.perHour1h} * 24 > ${BUDGET_RECORD}`,
    for: "15m",
    severity: "warning",
    labels: { component: "cost" },
    summary: "At the last hour's pace, Claude Code would spend more than the daily budget",
    description: `Claude Code spent at a pace of ${T.value2} USD per day over the last hour, above the daily budget of ${budget} USD. Check who is spending now in the dashboard's Cost row before the budget is actually exceeded.`,
    runbook: {
      meaning:
        "The last hour's spend rate, projected over 24 hours, exceeds the daily budget. It warns hours before ClaudeCodeDailyCostOverBudget would fire.",
      causes: [
        "A busy working hour that the rest of the day will not repeat (then it resolves by itself).",
        "A long agentic task, a large refactor, or a subagent fan-out on an expensive model.",
        "A runaway automation.",
      ],
      actions: [
        "Look at the last hour in the dashboard's Cost row, by user and model.",
        "If one session or automation dominates, ask its owner; stop runaway jobs.",
        "If such hours are normal, raise the budget in `claude-code-budget.yml`.",
      ],
      confirm: `${spend("1h", [PROM_LABELS.userId])} * 24`,
    },
    tests: {
      fires: [
        {
          title: "6 USD an hour for two hours: 144 USD a day",
          series: [{ series: costSeries("u-fast"), values: "0+0.1x180" }],
          at: "2h",
          expect: [{ labels: {}, value: 144 }],
        },
      ],
      quiet: [
        {
          title: "3 USD an hour: 72 USD a day",
          series: [{ series: costSeries("u-slow"), values: "0+0.05x180" }],
          at: "2h",
          expect: [],
        },
        {
          title: "a 10-minute burst two hours ago",
          series: [{ series: costSeries("u-burst"), values: "0+5x10 50+0x200" }],
          at: "3h",
          expect: [],
        },
      ],
    },
  };

  const spike: AlertRule = {
    alert: "ClaudeCodeCostSpike",
    expr: `${COST_RECORDS.perHour15m} > ${opts.spikeFactor} * ${COST_RECORDS.perHour1hAvg7d}\nand\n${COST_RECORDS.perHour15m} > ${opts.spikeMinUsdPerHour}`,
    for: "5m",
    severity: "warning",
    labels: { component: "cost" },
    summary: "Claude Code spend jumped far above its usual rate",
    description: `Claude Code spend over the last 15 minutes runs at ${T.value2} USD per hour, more than ${opts.spikeFactor} times the 7-day average hourly rate (and above ${opts.spikeMinUsdPerHour} USD/h). Find the session or automation responsible in the dashboard's Cost row.`,
    runbook: {
      meaning: `The hourly spend rate over the last 15 minutes is more than ${opts.spikeFactor}× the average hourly rate of the past 7 days and above ${opts.spikeMinUsdPerHour} USD/h. A fresh installation compares against the history it has.`,
      causes: [
        "A runaway loop: an automation or agent repeating requests.",
        "A switch to a more expensive model.",
        "Many people starting at once (a workshop, a hackathon) — expected, then silence it.",
      ],
      actions: [
        "In the dashboard, narrow the time range to the last hour and look at cost by user and model.",
        `Find the session in Loki: \`${LOKI_SELECTOR} | ${LOKI_FIELDS.eventName}="api_request"\` over the spike, grouped by \`${LOKI_FIELDS.sessionId}\`.`,
        "Stop runaway jobs; tune the factor or floor with the generator options if the alert is noisy.",
      ],
      confirm: `${COST_RECORDS.perHour15m} / ${COST_RECORDS.perHour1hAvg7d}`,
    },
    tests: {
      interval: "5m",
      fires: [
        {
          title: "6 USD/h for two days, then 60 USD/h",
          series: [{ series: costSeries("u-spike"), values: "0+0.5x576 293+5x12" }],
          at: "48h50m",
          expect: [{ labels: {}, value: 60 }],
        },
      ],
      quiet: [
        {
          title: "steady 6 USD/h",
          series: [{ series: costSeries("u-steady"), values: "0+0.5x600" }],
          at: "48h50m",
          expect: [],
        },
        {
          title: "steady 30 USD/h, high but usual",
          series: [{ series: costSeries("u-high"), values: "0+2.5x600" }],
          at: "48h50m",
          expect: [],
        },
        {
          title: "20x jump below the 5 USD/h floor",
          series: [{ series: costSeries("u-tiny"), values: "0+0.01x576 5.96+0.2x12" }],
          at: "48h50m",
          expect: [],
        },
      ],
    },
  };

  return {
    name: "claude-code-cost",
    interval: "1m",
    help: "Claude Code spend: rolling 24 h total, hourly rates, and alerts against the daily budget.",
    recording: [
      {
        record: COST_RECORDS.increase24h,
        expr: spend("24h"),
        help: "USD spent over the rolling last 24 hours, all users and models.",
      },
      {
        record: COST_RECORDS.perHour1h,
        expr: spend("1h"),
        help: "USD spent over the last hour: the hourly rate.",
      },
      {
        record: COST_RECORDS.perHour15m,
        expr: `${spend("15m")} * 4`,
        help: "USD spent over the last 15 minutes, times 4: the hourly rate at that pace.",
      },
      {
        record: COST_RECORDS.perHour1hAvg7d,
        expr: `avg_over_time(${COST_RECORDS.perHour1h}[7d])`,
        help: "The 7-day average of the hourly rate: the baseline the spike alert compares against.",
      },
    ],
    alerts: [overBudget, burnRate, spike],
  };
}
