import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot, REPO_ROOT, ROOT_MARKER, repoPath } from "../src/index.js";

describe("the repository root", () => {
  it("is the directory holding pnpm-workspace.yaml and the packages", () => {
    expect(existsSync(join(REPO_ROOT, ROOT_MARKER))).toBe(true);
    expect(existsSync(join(REPO_ROOT, "packages/repo/package.json"))).toBe(true);
  });

  it("is found from any directory below it, src/ and dist/ alike", () => {
    expect(findRepoRoot(join(REPO_ROOT, "packages/repo/src"))).toBe(REPO_ROOT);
    expect(findRepoRoot(join(REPO_ROOT, "packages/repo/dist"))).toBe(REPO_ROOT);
    expect(findRepoRoot(REPO_ROOT)).toBe(REPO_ROOT);
  });

  it("is the nearest marker up, and an error where there is none", () => {
    const dir = mkdtempSync(join(tmpdir(), "cc-otel-repo-"));
    mkdirSync(join(dir, "a/b"), { recursive: true });
    expect(() => findRepoRoot(join(dir, "a/b"))).toThrow(/cannot find the cc-otel repository root/);
    writeFileSync(join(dir, "a", ROOT_MARKER), "");
    expect(findRepoRoot(join(dir, "a/b"))).toBe(join(dir, "a"));
  });

  it("resolves repository-relative paths, under another root on request", () => {
    expect(repoPath("stack/versions.json")).toBe(join(REPO_ROOT, "stack/versions.json"));
    expect(repoPath("x/y.md", "/elsewhere")).toBe("/elsewhere/x/y.md");
  });
});
