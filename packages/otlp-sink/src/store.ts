import type { ReceivedLogRecord, ReceivedRequest, ReceivedResourceMetrics, ReceivedSpan } from "./types.js";

/** Running totals, kept even when the sink does not retain the decoded data. */
export interface SinkStats {
  metricsRequests: number;
  logsRequests: number;
  tracesRequests: number;
  rejectedRequests: number;
  dataPoints: number;
  logRecords: number;
  spans: number;
  /** Decompressed OTLP bytes accepted. */
  bytes: number;
}

/**
 * What the sink has received, and the waiters to wake when more arrives. Arrays are cleared in place
 * on reset() so that references a test holds stay valid.
 */
export class SinkStore {
  readonly metrics: ReceivedResourceMetrics[] = [];
  readonly logs: ReceivedLogRecord[] = [];
  readonly spans: ReceivedSpan[] = [];
  readonly requests: ReceivedRequest[] = [];
  readonly stats: SinkStats = emptyStats();
  private readonly listeners = new Set<() => void>();

  constructor(
    /** false: count only (benchmarks with millions of points would not fit in memory). */
    readonly retain: boolean,
  ) {}

  addRequest(r: ReceivedRequest): void {
    if (this.retain) this.requests.push(r);
    if (r.status !== 0) this.stats.rejectedRequests++;
    else {
      this.stats.bytes += r.bytes;
      if (r.signal === "metrics") this.stats.metricsRequests++;
      else if (r.signal === "logs") this.stats.logsRequests++;
      else this.stats.tracesRequests++;
    }
  }

  addMetrics(rms: readonly ReceivedResourceMetrics[], points: number): void {
    // A ResourceMetrics without scope metrics carries no data: it is what an empty export (a
    // client's connection check) looks like, and tests iterate resources expecting data.
    for (const rm of rms) if (rm.scopeMetrics.length > 0) this.metrics.push(rm);
    this.stats.dataPoints += points;
    this.notify();
  }

  addLogs(records: readonly ReceivedLogRecord[], count: number): void {
    for (const r of records) this.logs.push(r);
    this.stats.logRecords += count;
    this.notify();
  }

  addSpans(spans: readonly ReceivedSpan[], count: number): void {
    for (const s of spans) this.spans.push(s);
    this.stats.spans += count;
    this.notify();
  }

  reset(): void {
    this.metrics.length = 0;
    this.logs.length = 0;
    this.spans.length = 0;
    this.requests.length = 0;
    Object.assign(this.stats, emptyStats());
  }

  /** Resolves once `ready()` is true, checking now and after every accepted export. */
  waitFor(ready: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        let ok: boolean;
        try {
          ok = ready();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (ok) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`waitFor timed out after ${timeoutMs} ms; the sink holds ${describe()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
    });
  }

  private notify(): void {
    for (const l of [...this.listeners]) l();
  }
}

function emptyStats(): SinkStats {
  return {
    metricsRequests: 0,
    logsRequests: 0,
    tracesRequests: 0,
    rejectedRequests: 0,
    dataPoints: 0,
    logRecords: 0,
    spans: 0,
    bytes: 0,
  };
}
