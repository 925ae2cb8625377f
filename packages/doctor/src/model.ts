/** One line of the report. Only `fail` makes the doctor exit non-zero. */
export type Status = "ok" | "warn" | "fail" | "skip" | "note";

export type Section = "config" | "stack" | "probe";

export interface Check {
  readonly id: string;
  readonly section: Section;
  readonly status: Status;
  /** What was found, one line. */
  readonly title: string;
  /** Extra context (where a value came from, what was measured). */
  readonly detail?: string;
  /** The fix, one line. Every `fail` and `warn` has one. */
  readonly fix?: string;
}

export interface Report {
  readonly checks: readonly Check[];
  /** Loud notes printed after the checks (e.g. a skipped Loki read-back). */
  readonly notes: readonly string[];
  readonly probeId?: string;
  /** True when no check failed: Claude Code's data would reach Prometheus and Loki. */
  readonly ok: boolean;
}
