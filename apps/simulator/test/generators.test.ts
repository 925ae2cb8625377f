import { costUsd, EVENTS, modelFamily, priceOf } from "@cc-otel/contract";
import type { ReadableLogRecord } from "@opentelemetry/sdk-logs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildOrganisation, MODELS, Rng, sha256Hex } from "../src/index.js";
import { attrs, DAY, eventName, type InMemoryRun, NOW, runInMemory } from "./support/in-memory.js";

/** The behaviour model, checked on what the real generators hand to the exporters. */

const ms = (r: ReadableLogRecord) => r.hrTime[0] * 1000 + Math.round(r.hrTime[1] / 1e6);

function bySession(logs: ReadableLogRecord[]): Map<string, ReadableLogRecord[]> {
  const out = new Map<string, ReadableLogRecord[]>();
  for (const r of logs) {
    const id = String(attrs(r)["session.id"]);
    const list = out.get(id) ?? [];
    list.push(r);
    out.set(id, list);
  }
  return out;
}

describe("organisation", () => {
  it("gives every developer a unique e-mail and user.id = sha256(email), reproducibly", () => {
    const devs = buildOrganisation(new Rng("org"), { users: 300, teams: true, cliVersion: "2.1.331" });
    expect(new Set(devs.map((d) => d.email)).size).toBe(300);
    for (const d of devs) {
      expect(d.userId).toBe(sha256Hex(d.email));
      expect(d.userId).toMatch(/^[0-9a-f]{64}$/);
      expect(d.team).toBeDefined();
    }
    const again = buildOrganisation(new Rng("org"), { users: 300, teams: true, cliVersion: "2.1.331" });
    expect(again.map((d) => d.email)).toEqual(devs.map((d) => d.email));
    // A mixed organisation: several families, dated and undated ids, logins and API keys, lagging CLIs.
    const families = new Set(devs.map((d) => modelFamily(d.mainModel)));
    expect(families).toContain("claude-opus-4-5");
    expect(families).toContain("claude-sonnet-4-5");
    expect(devs.some((d) => /-\d{8}$/.test(d.mainModel))).toBe(true);
    expect(devs.some((d) => !/-\d{8}$/.test(d.mainModel))).toBe(true);
    expect(devs.some((d) => d.login) && devs.some((d) => !d.login)).toBe(true);
    expect(devs.some((d) => d.cliVersion !== "2.1.331")).toBe(true);
    expect(new Set(devs.map((d) => d.team?.department)).size).toBeGreaterThan(2);
  });

  it("uses only model ids the contract can price", () => {
    for (const m of Object.values(MODELS)) for (const id of m.ids) expect(() => priceOf(id)).not.toThrow();
  });
});

describe("a simulated week", () => {
  let run: InMemoryRun;
  beforeAll(async () => {
    run = await runInMemory({ seed: "week", users: 6, days: 7 });
  });

  it("prices every api_request with the contract's formula, to the micro-dollar", () => {
    const requests = run.logs.filter((r) => eventName(r) === "api_request");
    expect(requests.length).toBeGreaterThan(500);
    for (const r of requests) {
      const a = attrs(r);
      const creation = a.cache_creation_tokens as number;
      expect(creation).toBe((a.cache_creation_5m_tokens as number) + (a.cache_creation_1h_tokens as number));
      const expected = costUsd(String(a.model), {
        input: a.input_tokens as number,
        output: a.output_tokens as number,
        cacheRead: a.cache_read_tokens as number,
        cacheCreation: creation,
        cacheCreation1h: a.cache_creation_1h_tokens as number,
      });
      expect(a.cost_usd).toBe(expected);
      expect(a.cost_usd_micros).toBe(Math.round(expected * 1e6));
      expect(a.ttft_ms as number).toBeLessThanOrEqual(a.duration_ms as number);
    }
  });

  it("keeps the cost and token metrics equal to the sums over api_request events", () => {
    const requests = run.logs.filter((r) => eventName(r) === "api_request").map(attrs);
    const sum = (k: string) => requests.reduce((s, a) => s + (a[k] as number), 0);
    expect(run.ledger.totals.costUsd).toBeCloseTo(sum("cost_usd"), 6);
    expect(run.ledger.totals.eventCostUsd).toBeCloseTo(sum("cost_usd"), 6);
    expect(run.ledger.totals.tokens).toEqual({
      input: sum("input_tokens"),
      output: sum("output_tokens"),
      cacheRead: sum("cache_read_tokens"),
      cacheCreation: sum("cache_creation_tokens"),
    });
  });

  it("has realistic cache behaviour: most input read from the cache", () => {
    const t = run.ledger.totals.tokens;
    const ratio = t.cacheRead / (t.cacheRead + t.cacheCreation + t.input);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(0.98);
  });

  it("numbers every session's events 0, 1, 2... in emission order", () => {
    for (const events of bySession(run.logs).values()) {
      expect(events.map((r) => attrs(r)["event.sequence"])).toEqual(events.map((_, i) => i));
      const times = events.map(ms);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
  });

  it("links everything one prompt caused with one prompt.id", () => {
    const prompts = new Map<string, ReadableLogRecord[]>();
    for (const r of run.logs) {
      const a = attrs(r);
      const spec = EVENTS[eventName(r) as keyof typeof EVENTS];
      if ("bookkeeping" in spec) {
        expect(a["prompt.id"]).toBeUndefined();
        continue;
      }
      const id = String(a["prompt.id"]);
      const list = prompts.get(id) ?? [];
      list.push(r);
      prompts.set(id, list);
    }
    expect(prompts.size).toBeGreaterThan(100);
    for (const events of prompts.values()) {
      const names = events.map(eventName);
      expect(names[0]).toBe("user_prompt");
      expect(names.filter((n) => n === "user_prompt")).toHaveLength(1);
      expect(new Set(events.map((r) => attrs(r)["session.id"])).size).toBe(1);
      const last = names.at(-1);
      const complete = names.includes("assistant_response") || names.includes("api_error");
      // A prompt still running when the window closed is cut short; every other one ends properly.
      if (complete)
        expect([
          "assistant_response",
          "api_error",
          "api_retries_exhausted",
          "tool_result",
          "tool_decision",
          // Stop hooks run after the answer; /compact ends with its compaction.
          "hook_execution_complete",
          "compaction",
        ]).toContain(last);
      const requestIds = new Set(
        events.filter((r) => eventName(r) === "api_request").map((r) => attrs(r).request_id),
      );
      const accepted = new Set<unknown>();
      for (const r of events) {
        const a = attrs(r);
        if (eventName(r) === "tool_decision") {
          expect(requestIds).toContain(a.request_id);
          if (a.decision === "accept") accepted.add(a.tool_use_id);
        }
        if (eventName(r) === "tool_result") expect(accepted).toContain(a.tool_use_id);
        if (eventName(r) === "assistant_response") expect(requestIds).toContain(a.request_id);
      }
    }
  });

  it("never runs two sessions of one developer at the same time", () => {
    const spans = new Map<string, [number, number][]>();
    for (const events of bySession(run.logs).values()) {
      const user = String(attrs(events[0] as ReadableLogRecord)["user.id"]);
      const list = spans.get(user) ?? [];
      list.push([ms(events[0] as ReadableLogRecord), ms(events.at(-1) as ReadableLogRecord)]);
      spans.set(user, list);
    }
    for (const list of spans.values()) {
      list.sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < list.length; i++) expect(list[i]?.[0]).toBeGreaterThan(list[i - 1]?.[1] as number);
    }
  });

  it("works office hours on weekdays, with quiet nights and weekends", () => {
    let night = 0;
    let weekend = 0;
    let weekday = 0;
    for (const r of run.logs) {
      const d = new Date(ms(r));
      if (d.getUTCHours() < 6 || d.getUTCHours() >= 22) night++;
      if (d.getUTCDay() === 0 || d.getUTCDay() === 6) weekend++;
      else weekday++;
    }
    expect(night).toBe(0);
    expect(weekend).toBeLessThan(weekday * 0.1);
  });

  it("emits start-up bookkeeping, code edits, both active-time kinds and several tools", () => {
    const names = new Set(run.logs.map(eventName));
    for (const e of ["plugin_loaded", "managed_settings_resolved", "tool_decision", "tool_result"])
      expect(names).toContain(e);
    const m = run.ledger.metrics;
    expect(Object.keys(m["claude_code.active_time.total"].by.type ?? {}).sort()).toEqual(["cli", "user"]);
    expect(m["claude_code.lines_of_code.count"].by.type?.added).toBeGreaterThan(
      m["claude_code.lines_of_code.count"].by.type?.removed ?? 0,
    );
    expect(m["claude_code.code_edit_tool.decision"].by.decision?.accept).toBeGreaterThan(0);
    expect(m["claude_code.session.count"].total).toBe(bySession(run.logs).size);
    const tools = new Set(
      run.logs.filter((r) => eventName(r) === "tool_result").map((r) => attrs(r).tool_name),
    );
    for (const t of ["Read", "Edit", "Bash", "Grep"]) expect(tools).toContain(t);
  });

  it("starts every session like the CLI: managed settings, then the three bundled plugins first", () => {
    for (const events of bySession(run.logs).values()) {
      const names = events.map(eventName);
      expect(names[0]).toBe("managed_settings_resolved");
      expect(attrs(events[0] as ReadableLogRecord)).toMatchObject({
        "managed_settings.trigger": "startup",
        "managed_settings.sources": [],
      });
      const plugins = events
        .filter((r) => eventName(r) === "plugin_loaded")
        .map((r) => attrs(r)["plugin.name"]);
      expect(plugins.slice(0, 3)).toEqual([
        "cc-plugin-agents-md",
        "cc-plugin-privacy",
        "cc-plugin-plugin-authoring",
      ]);
      expect(names.indexOf("user_prompt")).toBeGreaterThan(names.lastIndexOf("plugin_loaded"));
    }
  });

  it("logs an instant tool decision before the api_request that asked for it, as the CLI does", () => {
    let before = 0;
    let after = 0;
    for (const events of bySession(run.logs).values()) {
      const requestSeq = new Map<unknown, number>();
      for (const r of events)
        if (eventName(r) === "api_request")
          requestSeq.set(attrs(r).request_id, attrs(r)["event.sequence"] as number);
      for (const r of events) {
        const a = attrs(r);
        if (eventName(r) !== "tool_decision") continue;
        const seq = requestSeq.get(a.request_id);
        if (seq === undefined) continue;
        if ((a["event.sequence"] as number) < seq) {
          before++;
          expect(a.source).not.toMatch(/^user/);
        } else after++;
      }
    }
    expect(before).toBeGreaterThan(50);
    expect(after).toBeGreaterThan(50);
  });

  it("runs some sessions headless like `claude -p` in a script: one prompt, query_source sdk", async () => {
    // Its own, larger organisation: about a quarter of developers script the CLI, so six of them
    // may include just one who does (3 or 4 such sessions a week, depending on how its timing fell).
    const run = await runInMemory({ seed: "week", users: 24, days: 7 });
    const headless = [...bySession(run.logs).values()].filter(
      (events) => attrs(events[0] as ReadableLogRecord)["terminal.type"] === "non-interactive",
    );
    expect(headless.length).toBeGreaterThan(3);
    for (const events of headless) {
      expect(events.filter((r) => eventName(r) === "user_prompt")).toHaveLength(1);
      for (const r of events.filter((e) => eventName(e) === "api_request")) {
        expect(["sdk", "subagent"]).toContain(attrs(r).query_source);
      }
    }
    expect(run.ledger.metrics["claude_code.token.usage"].by.query_source?.sdk).toBeGreaterThan(0);
  });

  it("reproduces the run event for event from the seed, and another seed differs", async () => {
    const again = await runInMemory({ seed: "week", users: 6, days: 7 });
    expect(again.ledger).toEqual(run.ledger);
    expect(again.logs.map((r) => [r.hrTime, r.body, r.attributes])).toEqual(
      run.logs.map((r) => [r.hrTime, r.body, r.attributes]),
    );
    const other = await runInMemory({ seed: "other", users: 6, days: 7 });
    expect(other.ledger.totals.costUsd).not.toBe(run.ledger.totals.costUsd);
  });
});

describe("scenarios", () => {
  it("errors: api_error only for final failures, many of them in the outage window", async () => {
    const { logs, ledger } = await runInMemory({ scenario: "errors", users: 10, days: 1 });
    const errors = logs.filter((r) => eventName(r) === "api_error").map(attrs);
    expect(errors.length).toBeGreaterThan(20);
    for (const e of errors) {
      if (e.status_code === 400 || e.status_code === 413) expect(e.attempt).toBe(1);
      else expect(e.attempt).toBe(11);
    }
    const statuses = new Set(errors.map((e) => e.status_code));
    expect(statuses).toContain(529);
    expect(statuses).toContain(500);
    // Retried-then-successful requests emit nothing: errors are a small share of requests overall.
    expect(ledger.events.api_error).toBeLessThan(ledger.events.api_request / 5);
    const outage = errors.filter((_, i) => {
      const h = new Date(
        ms(logs.filter((r) => eventName(r) === "api_error")[i] as ReadableLogRecord),
      ).getUTCHours();
      return h >= 13 && h < 17;
    });
    expect(outage.length).toBeGreaterThan(errors.length / 2);
  });

  it("spike: a runaway loop multiplies the cost of its developers inside the window", async () => {
    const steady = await runInMemory({ scenario: "steady", users: 6, days: 1, seed: "s" });
    const spike = await runInMemory({ scenario: "spike", users: 6, days: 1, seed: "s" });
    expect(spike.ledger.totals.costUsd).toBeGreaterThan(steady.ledger.totals.costUsd * 1.5);
    expect(
      spike.ledger.metrics["claude_code.cost.usage"].by.model?.["claude-opus-4-1-20250805"],
    ).toBeGreaterThan(50);
  });

  it("team: team.id, department and cost_center on resources, and copied on every point and event like the CLI does", async () => {
    const { metrics, logs } = await runInMemory({ scenario: "team", users: 16, days: 1 });
    for (const rm of metrics)
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics)
          for (const p of m.dataPoints)
            expect(p.attributes["team.id"]).toBe(rm.resource.attributes["team.id"]);
    for (const r of logs) expect(attrs(r).department).toBe(r.resource.attributes.department);
    const resources = metrics.map((rm) => rm.resource.attributes);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) {
      expect(typeof r["team.id"]).toBe("string");
      expect(typeof r.department).toBe("string");
      expect(typeof r.cost_center).toBe("string");
    }
    expect(new Set(resources.map((r) => r["team.id"])).size).toBe(8);
  });

  it("adds OTEL_RESOURCE_ATTRIBUTES to every resource without overriding the CLI's own", async () => {
    const { metrics, logs } = await runInMemory({
      resourceAttributes: { "deployment.environment": "demo", "service.name": "not-claude" },
    });
    for (const r of [...metrics.map((m) => m.resource), ...logs.map((l) => l.resource)]) {
      expect(r.attributes["deployment.environment"]).toBe("demo");
      expect(r.attributes["service.name"]).toBe("claude-code");
    }
  });

  it("backfill covers exactly the window before now", async () => {
    const { ledger } = await runInMemory({ days: 2 });
    expect(Date.parse(ledger.window.start)).toBeGreaterThanOrEqual(NOW - 2 * DAY);
    expect(Date.parse(ledger.window.end)).toBeLessThanOrEqual(NOW);
  });
});
