import { describe, expect, it } from "vitest";
import { Rng } from "../src/index.js";

function sample(n: number, draw: () => number): number[] {
  return Array.from({ length: n }, draw);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1] as number;

describe("Rng", () => {
  it("repeats the same sequence for the same seed and differs for another", () => {
    const a = sample(50, () => new Rng("s").next());
    expect(new Set(a).size).toBe(1);
    const r1 = new Rng(42);
    const r2 = new Rng(42);
    const r3 = new Rng(43);
    const s1 = sample(100, () => r1.next());
    expect(sample(100, () => r2.next())).toEqual(s1);
    expect(sample(100, () => r3.next())).not.toEqual(s1);
  });

  it("forks independent but reproducible children", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    expect(sample(10, () => a.fork("x").next())).toEqual(sample(10, () => b.fork("x").next()));
    const parent = new Rng(7);
    const c1 = parent.fork("dev-0");
    const c2 = parent.fork("dev-1");
    expect(sample(20, () => c1.next())).not.toEqual(sample(20, () => c2.next()));
  });

  it("draws uniform values in range and integers inclusive of both ends", () => {
    const r = new Rng(1);
    const xs = sample(20_000, () => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
    const ints = new Set(sample(2_000, () => r.int(1, 3)));
    expect([...ints].sort()).toEqual([1, 2, 3]);
  });

  it("has the distributions' centres where the generators rely on them", () => {
    const r = new Rng(3);
    expect(median(sample(20_000, () => r.logNormal(120, 0.9)))).toBeGreaterThan(110);
    expect(median(sample(20_000, () => r.logNormal(120, 0.9)))).toBeLessThan(130);
    expect(mean(sample(20_000, () => r.geometric(4)))).toBeCloseTo(4, 0);
    expect(mean(sample(20_000, () => r.exponential(10)))).toBeCloseTo(10, 0);
    expect(mean(sample(20_000, () => r.poisson(3)))).toBeCloseTo(3, 1);
    expect(mean(sample(20_000, () => r.normal(5, 2)))).toBeCloseTo(5, 1);
  });

  it("picks weighted keys in proportion", () => {
    const r = new Rng(9);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) counts[r.weighted({ a: 3, b: 1 })]++;
    expect(counts.a / 20_000).toBeCloseTo(0.75, 1);
  });

  it("makes version-4 UUIDs and ids of the requested alphabet", () => {
    const r = new Rng(5);
    for (let i = 0; i < 200; i++) {
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(r.hex(64)).toMatch(/^[0-9a-f]{64}$/);
    expect(r.base62(22)).toMatch(/^[0-9A-Za-z]{22}$/);
  });
});
