// How scripts/stack.mjs calls Docker Compose, apart so that tests run the same arguments through the
// real Compose CLI (packages/harness/test/compose.test.ts) and check the version rule without Docker.
import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The oldest Compose that runs stack/compose.yaml, from stack/versions.json (compose.minimum):
 * `env_file` entries with `required: false` need 2.24.0; `depends_on` with `required: false` 2.20.2.
 * @param {string} stackDir
 * @returns {string}
 */
export function minimumCompose(stackDir) {
  return JSON.parse(readFileSync(join(stackDir, "versions.json"), "utf8")).compose.minimum;
}

/**
 * `docker compose` and the project's file, as every stack command starts.
 * @param {string} stackDir
 * @returns {string[]}
 */
export function composeArgs(stackDir) {
  return ["compose", "--project-directory", stackDir, "-f", join(stackDir, "compose.yaml")];
}

/**
 * Major, minor and patch of `docker compose version --short` ("2.24.6", "v2.20.2", "2.29.1-desktop.1").
 * @param {string} text
 * @returns {[number, number, number] | undefined}
 */
export function parseComposeVersion(text) {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * Why this Compose cannot run the stack, or undefined when it can.
 * @param {string} short the output of `docker compose version --short`
 * @param {string} minimum
 * @returns {string | undefined}
 */
export function composeVersionProblem(short, minimum) {
  const found = parseComposeVersion(short);
  const min = parseComposeVersion(minimum);
  if (!min) throw new Error(`stack/versions.json: compose.minimum '${minimum}' is not a version`);
  if (!found) return `cannot read the Docker Compose version from '${short.trim()}'`;
  for (let i = 0; i < 3; i++) {
    if ((found[i] ?? 0) > (min[i] ?? 0)) return undefined;
    if ((found[i] ?? 0) < (min[i] ?? 0))
      return `needs Docker Compose ${minimum} or newer, found ${short.trim()}: update Docker Desktop, or the docker-compose-plugin package (Docker's apt/yum repository)`;
  }
  return undefined;
}

/**
 * `stack:logs [service...] [--follow | --no-follow] [compose logs options]`: follows in a terminal,
 * prints and exits when piped (`pnpm stack:logs otel-collector | grep ...` returns) or with --no-follow.
 * @param {string[]} rest
 * @param {boolean} isTTY
 * @returns {string[]} the arguments after `docker compose ...`
 */
export function logsArgs(rest, isTTY) {
  const follow = rest.includes("--follow") || (isTTY && !rest.includes("--no-follow"));
  const passed = rest.filter((a) => a !== "--follow" && a !== "--no-follow");
  return ["logs", "--tail", "200", ...(follow ? ["--follow"] : []), ...passed];
}
