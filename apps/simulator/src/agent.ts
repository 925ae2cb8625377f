import { MANAGED_SETTINGS_RESOLVED } from "./bookkeeping.js";
import { type ContentSettings, NO_CONTENT } from "./content.js";
import { ConversationContext } from "./context.js";
import { MODELS } from "./models.js";
import type { Developer } from "./org.js";
import { type Action, planCompactCommand, planPrompt } from "./prompt.js";
import { clamp } from "./random.js";
import { type EffectWindow, inWindow, type Scenario } from "./scenarios.js";
import { SessionTelemetry, type TelemetryTarget } from "./session-telemetry.js";
import { type TimeZone, UTC } from "./zone.js";

/**
 * One developer's day: working hours, lunch, sessions separated by breaks, prompts separated by
 * think time. Plans ahead one prompt at a time into a queue of timed actions; the engine runs the
 * actions of all developers in time order. A developer never has two sessions open at once (the
 * collector's delta-to-cumulative conversion depends on it once session.id is dropped).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface AgentEnv {
  readonly scenario: Scenario;
  /** Outage (errors) or runaway-loop (spike) windows, simulated time. */
  readonly windows: readonly EffectWindow[];
  readonly target: TelemetryTarget;
  /** Where the team works: hours, lunch and weekends are its local time. UTC when absent. */
  readonly zone?: TimeZone;
  /** The CLI's content toggles (OTEL_LOG_*) for every developer; all off when absent. */
  readonly content?: ContentSettings;
}

interface PlannedSession {
  readonly tel: SessionTelemetry;
  readonly conversation: ConversationContext;
  readonly spike: boolean;
  /** A `claude -p` run from a script: one prompt, no terminal, no user time. */
  readonly headless: boolean;
  promptsLeft: number;
}

/** A deterministic per-(developer, day) fraction in [0, 1) that does not consume the developer's draws. */
function dayFraction(dev: Developer, day: number, salt: string): number {
  let h = 0x811c9dc5;
  const text = `${dev.userId}:${day}:${salt}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}

export class DeveloperAgent {
  private queue: Action[] = [];
  private head = 0;
  private cursor: number;
  private planned: PlannedSession | undefined;
  /** The session whose open action has run and whose close action has not. */
  private open: SessionTelemetry | undefined;
  private readonly spikeDeveloper: boolean;
  private readonly zone: TimeZone;

  constructor(
    readonly dev: Developer,
    private readonly env: AgentEnv,
    start: number,
    /** Live runs start mid-morning with everyone at work; the first session comes within minutes. */
    firstSessionWithin: number | undefined,
  ) {
    this.zone = env.zone ?? UTC;
    this.spikeDeveloper = env.scenario.spike !== undefined && dev.index < env.scenario.spike.developers;
    this.cursor =
      firstSessionWithin !== undefined && this.isWorkingAt(start)
        ? start + dev.rng.uniform(0, firstSessionWithin)
        : this.nextSessionStart(start, false);
  }

  /** Time of the next action, planning more when the queue is empty. */
  nextAt(): number {
    if (this.head >= this.queue.length) this.planMore();
    return (this.queue[this.head] as Action).at;
  }

  run(): void | Promise<void> {
    const action = this.queue[this.head++] as Action;
    if (this.head > 256) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return action.run();
  }

  /** End of the run: the CLI of an open session exits now. */
  async closeOpenSession(at: number): Promise<void> {
    const tel = this.open;
    this.open = undefined;
    if (tel) await tel.close(at);
  }

  private push(at: number, run: () => void | Promise<void>): void {
    this.queue.push({ at, run: run as () => void });
  }

  private workingDay(day: number): { start: number; end: number; lunch: [number, number] } | undefined {
    const zone = this.zone;
    const lunchStart = zone.at(day, 12) + (this.dev.index % 4) * 15 * MINUTE;
    const lunch: [number, number] = [lunchStart, lunchStart + 45 * MINUTE];
    if (zone.isWeekend(day)) {
      if (dayFraction(this.dev, day, "weekend") >= 0.1) return undefined;
      const start = zone.at(day, 10 + 5 * dayFraction(this.dev, day, "start"));
      return { start, end: start + 2.5 * HOUR, lunch };
    }
    if (dayFraction(this.dev, day, "off") < 0.04) return undefined; // leave, sick days
    return { start: zone.at(day, this.dev.workStart), end: zone.at(day, this.dev.workEnd), lunch };
  }

  private isWorkingAt(t: number): boolean {
    const day = this.workingDay(this.zone.dayOf(t));
    return (
      day !== undefined &&
      t >= day.start &&
      t < day.end - 15 * MINUTE &&
      !(t >= day.lunch[0] && t < day.lunch[1])
    );
  }

  private spikeAt(t: number): boolean {
    return this.spikeDeveloper && inWindow(this.env.windows, t);
  }

  /** When the next session starts, at or after t (after a break when `afterSession`). */
  private nextSessionStart(t: number, afterSession: boolean): number {
    const rng = this.dev.rng;
    let candidate = afterSession ? t + clamp(rng.logNormal(40 * MINUTE, 0.7), 2 * MINUTE, 3 * HOUR) : t;
    if (this.spikeDeveloper) {
      // The runaway loop starts when its window opens, whatever the hour.
      const w = this.env.windows.find((x) => x.end > t);
      if (w && w.start <= candidate) return Math.max(t + rng.uniform(5_000, 60_000), w.start);
    }
    for (let guard = 0; guard < 60; guard++) {
      const dayIndex = this.zone.dayOf(candidate);
      const day = this.workingDay(dayIndex);
      if (!day || candidate >= day.end - 15 * MINUTE) {
        candidate = this.zone.startOf(dayIndex + 1);
        continue;
      }
      if (candidate < day.start) candidate = day.start + rng.uniform(0, 25 * MINUTE);
      if (candidate >= day.lunch[0] && candidate < day.lunch[1])
        candidate = day.lunch[1] + rng.uniform(0, 10 * MINUTE);
      if (candidate >= day.end - 15 * MINUTE) {
        candidate = this.zone.startOf(dayIndex + 1);
        continue;
      }
      if (this.spikeDeveloper) {
        const w = this.env.windows.find((x) => x.end > t);
        if (w && w.start <= candidate) return Math.max(candidate, w.start);
      }
      return candidate;
    }
    return candidate;
  }

  private planMore(): void {
    if (!this.planned) this.planSessionStart();
    else this.planNextPrompt(this.planned);
  }

  private planSessionStart(): void {
    const { dev } = this;
    const rng = dev.rng;
    const at = this.cursor;
    const spike = this.spikeAt(at);
    const headless = !spike && rng.chance(dev.headlessShare);
    const tel = new SessionTelemetry(dev, rng.uuid(), this.env.target, headless);
    const startType = rng.weighted({ fresh: 76, resume: 14, continue: 10 });
    const initialContext = spike ? rng.int(90_000, 130_000) : rng.int(14_000, 24_000);
    const oneHour = dev.oneHourCache || spike;
    const conversation = new ConversationContext(initialContext, oneHour ? HOUR : 5 * MINUTE, oneHour);
    this.planned = {
      tel,
      conversation,
      spike,
      headless,
      promptsLeft: spike ? 10_000 : headless ? 1 : Math.min(80, rng.geometric(dev.promptsPerSession)),
    };
    const plugins = dev.plugins;
    const connectMs = dev.mcpServers.map(() => Math.round(dev.extraRng.logNormal(350, 0.6)));
    this.push(at, () => {
      this.open = tel;
      tel.open(at);
      tel.metric("claude_code.session.count", 1, { start_type: startType }, at);
      tel.event("managed_settings_resolved", undefined, MANAGED_SETTINGS_RESOLVED, at + 30);
      for (const hook of dev.hooks)
        tel.event(
          "hook_registered",
          undefined,
          {
            hook_event: hook.event,
            hook_type: "command",
            hook_source: "userSettings",
            safe_mode: "false",
            ...(hook.matcher ? { hook_matcher: hook.matcher } : {}),
          },
          at + 40,
        );
      for (const [i, attrs] of plugins.entries()) tel.event("plugin_loaded", undefined, attrs, at + 60 + i);
      for (const [i, server] of dev.mcpServers.entries())
        tel.event(
          "mcp_server_connection",
          undefined,
          {
            status: "connected",
            transport_type: server === "github" ? "http" : "stdio",
            server_scope: "user",
            duration_ms: connectMs[i] ?? 300,
            is_plugin: false,
          },
          at + 100 + i,
        );
    });
    // Typing the first prompt (a script passes it at once).
    this.cursor = at + 200 + (headless ? rng.int(50, 400) : Math.round(rng.logNormal(20_000, 0.7)));
  }

  private planNextPrompt(session: PlannedSession): void {
    const { dev } = this;
    const rng = dev.rng;
    const start = this.cursor;
    const spike = session.spike;
    const intensity = spike ? (this.env.scenario.spike?.intensity ?? 1) : 1;
    const model = spike ? MODELS[this.env.scenario.spike?.model ?? "opus45"].ids[0] : dev.mainModel;
    const outage = this.env.scenario.outage;
    // Now and then someone compacts a long conversation by hand (/compact) instead of prompting.
    const compactByHand =
      !spike && !session.headless && session.conversation.size > 80_000 && dev.extraRng.chance(0.08);
    const plan = (compactByHand ? planCompactCommand : planPrompt)({
      dev,
      rng,
      tel: session.tel,
      conversation: session.conversation,
      model,
      start,
      userActiveSec: this.lastThinkSec,
      failures: (t) =>
        outage && inWindow(this.env.windows, t) ? outage.failures : this.env.scenario.baseFailures,
      fatalRate: this.env.scenario.fatalRate,
      intensity,
      headless: session.headless,
      content: this.env.content ?? NO_CONTENT,
      extra: dev.extraRng,
      contentRng: dev.contentRng,
    });
    for (const a of plan.actions) this.queue.push(a);
    if (compactByHand) {
      // Not one of the session's prompts, and drawn from the extra stream: the prompts that follow
      // are the ones the seed gave before /compact existed, only later.
      this.cursor = plan.end + Math.round(dev.extraRng.logNormal(8_000, 0.6));
      return;
    }
    session.promptsLeft--;

    const thinkSec = spike
      ? rng.uniform(2, 15)
      : clamp(rng.logNormal(dev.thinkMedianSec, 0.9), 5, 30 * 60) * (plan.failed ? 0.5 : 1);
    // Reading and typing count as active user time; staring out of the window beyond 3 minutes does not.
    this.lastThinkSec = Math.round(Math.min(thinkSec, 180) * rng.uniform(0.5, 0.9) * 10) / 10;
    const next = plan.end + thinkSec * 1000;
    const stillSpiking = spike && inWindow(this.env.windows, next);
    const keepGoing = spike ? stillSpiking : session.promptsLeft > 0 && this.isWorkingAt(next);
    if (keepGoing) {
      this.cursor = next;
      return;
    }
    // The user quits the CLI a little after the last answer (or leaves it open a while); print
    // mode exits as soon as it has answered.
    const closeAt = plan.end + (session.headless ? rng.int(20, 200) : Math.round(rng.logNormal(45_000, 1.2)));
    const tel = session.tel;
    this.push(closeAt, () => {
      this.open = undefined;
      return tel.close(closeAt);
    });
    this.planned = undefined;
    this.cursor = this.nextSessionStart(closeAt, true);
  }

  private lastThinkSec = 8;
}
