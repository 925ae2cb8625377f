import { mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type GeneratedFile, readRepoFile, staleFiles, writeFiles } from "../src/index.js";

const files: GeneratedFile[] = [
  { path: "a.txt", content: "a\n", from: "test" },
  { path: "deep/er/b.txt", content: "b\n", from: "test" },
];

describe("generated files", () => {
  it("are all stale in an empty root, and written with their directories", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-gen-"));
    expect(staleFiles(files, root).map((f) => f.path)).toEqual(["a.txt", "deep/er/b.txt"]);
    expect(writeFiles(files, root).map((f) => f.path)).toEqual(["a.txt", "deep/er/b.txt"]);
    expect(readFileSync(join(root, "deep/er/b.txt"), "utf8")).toBe("b\n");
    expect(staleFiles(files, root)).toEqual([]);
  });

  it("write only what differs: a fresh file keeps its modification time", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-gen-"));
    writeFiles(files, root);
    const old = new Date("2020-01-01T00:00:00Z");
    utimesSync(join(root, "a.txt"), old, old);
    writeFileSync(join(root, "deep/er/b.txt"), "edited by hand\n");
    expect(writeFiles(files, root).map((f) => f.path)).toEqual(["deep/er/b.txt"]);
    expect(statSync(join(root, "a.txt")).mtime.getTime()).toBe(old.getTime());
    expect(readFileSync(join(root, "deep/er/b.txt"), "utf8")).toBe("b\n");
  });

  it("read as undefined when missing", () => {
    const root = mkdtempSync(join(tmpdir(), "cc-otel-gen-"));
    expect(readRepoFile("nope.txt", root)).toBeUndefined();
    writeFileSync(join(root, "yes.txt"), "y");
    expect(readRepoFile("yes.txt", root)).toBe("y");
  });
});
