import { PROM_LABELS, promLabel, promSeries, SERVICE_NAME } from "@cc-otel/contract";
import { type AlertRule, type RuleGroup, T } from "../model.js";
import type { AlertOptions } from "../options.js";

/**
 * Optional, off by default: a user who used Claude Code regularly and then sent nothing. That is
 * usually a holiday, sometimes a broken setup (a new laptop without the settings, an IDE that does
 * not inherit the shell's variables). It lives in its own file that Prometheus does not load until
 * it is renamed to *.yml (README.md).
 */
const ACTIVE = promSeries("claude_code.active_time.total");
const USER = PROM_LABELS.userId;

export function userSilenceGroup(opts: AlertOptions): RuleGroup {
  const series = (user: string, type: string) =>
    `${ACTIVE}{${PROM_LABELS.job}="${SERVICE_NAME}", ${USER}="${user}", ${promLabel("claude_code.active_time.total", "type")}="${type}"}`;
  const silent: AlertRule = {
    alert: "ClaudeCodeUserSilent",
    expr: `count by (${USER}) (count_over_time(${ACTIVE}[${opts.userActiveWithin}] offset ${opts.userSilentFor}))\nunless\ncount by (${USER}) (count_over_time(${ACTIVE}[${opts.userSilentFor}]))`,
    for: "1h",
    severity: "info",
    labels: { component: "usage" },
    summary: "A previously active Claude Code user has sent no telemetry for a while",
    description: `User ${T.label(USER)} was active in the ${opts.userActiveWithin} before the last ${opts.userSilentFor} but has sent no telemetry since. If they still use Claude Code, their telemetry setup is broken: ask them to run pnpm run doctor (or check CLAUDE_CODE_ENABLE_TELEMETRY and the OTLP endpoint in their settings).`,
    runbook: {
      meaning: `A \`${USER}\` with active time in the ${opts.userActiveWithin} before the last ${opts.userSilentFor} has no samples at all in the last ${opts.userSilentFor}. Off by default because holidays trigger it too.`,
      causes: [
        "Holiday, leave, or a change of tools — nothing to do.",
        "A new machine or a reinstalled CLI without the telemetry settings.",
        "Claude Code started from an IDE that does not see the shell's environment variables.",
        "The user's network can no longer reach the collector (VPN, new office).",
      ],
      actions: [
        "Ask the user whether they still use Claude Code.",
        "If so, have them run `pnpm run doctor` (or check the settings per the Claude Code setup page).",
        `Tune the windows with the generator options userActiveWithin / userSilentFor (now ${opts.userActiveWithin} / ${opts.userSilentFor}).`,
      ],
      confirm: `max by (${USER}) (timestamp(${ACTIVE}))`,
    },
    tests: {
      interval: "1h",
      fires: [
        {
          title: "active for 10 days, then silent for 4",
          series: [
            { series: series("u-gone", "cli"), values: "0+60x240 _x96" },
            { series: series("u-gone", "user"), values: "0+30x240 _x96" },
          ],
          at: "14d",
          expect: [{ labels: { [USER]: "u-gone" }, value: 2 }],
        },
      ],
      quiet: [
        {
          title: "active all along",
          series: [{ series: series("u-here", "cli"), values: "0+60x340" }],
          at: "14d",
          expect: [],
        },
        {
          title: "silent for only 2 days (a weekend)",
          series: [{ series: series("u-weekend", "cli"), values: "0+60x288 _x48" }],
          at: "14d",
          expect: [],
        },
        {
          title: "new user, active only this week",
          series: [{ series: series("u-new", "cli"), values: "_x240 0+60x96" }],
          at: "14d",
          expect: [],
        },
      ],
    },
  };
  return {
    name: "claude-code-user-silence",
    interval: "15m",
    help: "Optional: previously active users who stopped sending telemetry (off by default).",
    recording: [],
    alerts: [silent],
  };
}
