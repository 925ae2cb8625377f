import { basename } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * Shared by every package's vitest.config.ts. When CC_OTEL_TEST_RESULTS is set (scripts/test.sh
 * sets it), each package also writes a JSON report there so the test command can print one
 * closing "N passed, N failed, N skipped" line for the whole repository.
 */
export function sharedConfig(
  packageDir: string,
  overrides: { testTimeout?: number; include?: string[]; serial?: boolean } = {},
) {
  const resultsDir = process.env.CC_OTEL_TEST_RESULTS;
  return defineConfig({
    test: {
      include: overrides.include ?? ["test/**/*.test.ts"],
      testTimeout: overrides.testTimeout ?? 10_000,
      hookTimeout: overrides.testTimeout ?? 10_000,
      // Test files that start real servers run one at a time: the machine has 2 cores.
      fileParallelism: !overrides.serial,
      reporters: resultsDir ? ["default", "json"] : ["default"],
      ...(resultsDir ? { outputFile: { json: `${resultsDir}/${basename(packageDir)}.json` } } : {}),
    },
  });
}
