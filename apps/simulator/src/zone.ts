/**
 * The local calendar of the run's time zone. Working hours, lunch, weekends and scenario windows are
 * wall-clock times where the team sits, while every timestamp stays a UTC instant; dashboards bucket
 * by the browser's zone, so a team modelled in UTC would work at night for most viewers.
 *
 * Local days are numbered like UTC days since the epoch (day 0 is the local Thursday 1 January
 * 1970), so in UTC every result is the `t / DAY` arithmetic it replaces and seeded runs reproduce.
 * Intl is far too slow per event: each local day is resolved once (its midnight, and the instant of
 * a DST change inside it) and cached; every later lookup is arithmetic.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface LocalDay {
  /** Its local midnight and the next one, as instants. */
  readonly start: number;
  readonly end: number;
  /** Local minus UTC, ms, from the start of the day, and from `change` on (Infinity: no change). */
  readonly offset: number;
  readonly change: number;
  readonly offsetAfter: number;
}

export class TimeZone {
  /** The canonical IANA name ("europe/berlin" → "Europe/Berlin", "Etc/UTC" → "UTC"). */
  readonly name: string;
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new Map<number, LocalDay>();
  private last: LocalDay = { start: 0, end: 0, offset: 0, change: Infinity, offsetAfter: 0 };
  private lastIndex = 0;

  /**
   * Throws a RangeError for a name Intl does not know. `weekends: false` makes every day a working
   * day (see SimulationOptions.workWeekends).
   */
  constructor(
    name: string,
    private readonly options: { readonly weekends?: boolean } = {},
  ) {
    try {
      this.format = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new RangeError(`unknown time zone '${name}'`);
    }
    this.name = this.format.resolvedOptions().timeZone;
  }

  /** The local day the instant t falls on. */
  dayOf(t: number): number {
    if (t >= this.last.start && t < this.last.end) return this.lastIndex;
    let d = Math.floor((t + this.last.offset) / DAY);
    for (;;) {
      const day = this.day(d);
      if (t < day.start) d--;
      else if (t >= day.end) d++;
      else {
        this.last = day;
        this.lastIndex = d;
        return d;
      }
    }
  }

  /** Local midnight of day d. */
  startOf(d: number): number {
    return this.day(d).start;
  }

  /**
   * Local time `hours` (fractional) of day d. A time a spring-forward gap skips reads on the old
   * offset (02:30 becomes 03:30), one repeated by a fall-back is its first occurrence, as Temporal's
   * "compatible" disambiguation does.
   */
  at(d: number, hours: number): number {
    const day = this.day(d);
    const local = d * DAY + hours * HOUR;
    const before = local - day.offset;
    if (before < day.change) return before;
    const after = local - day.offsetAfter;
    return after >= day.change ? after : before;
  }

  /** 0 Sunday ... 6 Saturday, like Date#getUTCDay. */
  weekday(d: number): number {
    return (((d + 4) % 7) + 7) % 7;
  }

  isWeekend(d: number): boolean {
    if (this.options.weekends === false) return false;
    const w = this.weekday(d);
    return w === 0 || w === 6;
  }

  private day(d: number): LocalDay {
    const cached = this.days.get(d);
    if (cached) return cached;
    const start = this.midnight(d);
    const end = this.midnight(d + 1);
    const offset = this.offsetAt(start);
    const offsetAfter = this.offsetAt(end - 1);
    let change = Infinity;
    if (offsetAfter !== offset) {
      // Offsets change on a whole second: narrow the change down to it.
      let lo = start;
      let hi = end - 1;
      while (hi - lo > 1000) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.offsetAt(mid) === offset) lo = mid;
        else hi = mid;
      }
      change = hi - (((hi % 1000) + 1000) % 1000);
    }
    const day = { start, end, offset, change, offsetAfter };
    this.days.set(d, day);
    return day;
  }

  /** The first instant of local day d: its midnight, or the end of a DST gap that skips it. */
  private midnight(d: number): number {
    const local = d * DAY;
    // The instant lies within 14 h of `local` (offsets run from -12 h to +14 h), and clocks change
    // at most once in 30 h: the offsets 15 h either side are the only candidates.
    const early = this.offsetAt(local - 15 * HOUR);
    const late = this.offsetAt(local + 15 * HOUR);
    const first = local - Math.max(early, late);
    if (this.offsetAt(first) === Math.max(early, late)) return first;
    const second = local - Math.min(early, late);
    if (this.offsetAt(second) === Math.min(early, late)) return second;
    return local - early;
  }

  /** Local minus UTC at instant t, ms (Intl has whole seconds). */
  private offsetAt(t: number): number {
    const whole = t - (((t % 1000) + 1000) % 1000);
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(whole))
      if (part.type !== "literal") p[part.type] = Number(part.value);
    return Date.UTC(p.year as number, (p.month as number) - 1, p.day, p.hour, p.minute, p.second) - whole;
  }
}

/** The default zone, shared: its cache only ever holds what any run would compute. */
export const UTC = new TimeZone("UTC");
