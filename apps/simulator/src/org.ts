import { createHash } from "node:crypto";
import type { Faker } from "@faker-js/faker";
// The English locale alone: the package's main entry loads every locale (~30 MB more RSS).
import { faker as englishFaker } from "@faker-js/faker/locale/en";
import type { Attrs } from "./attributes.js";
import { pluginsFor } from "./bookkeeping.js";
import { MAIN_MODEL_WEIGHTS, MODELS, type ModelKey } from "./models.js";
import { clamp, Rng } from "./random.js";

/**
 * The simulated organisation: who the developers are and how each one works. Everything that
 * stays fixed for a person across sessions lives here (identity, machine, CLI version, model,
 * habits); sessions and prompts are drawn later from the developer's own generator.
 */

export type PermissionMode = "default" | "acceptEdits" | "plan" | "bypassPermissions";

export interface Team {
  readonly id: string;
  readonly department: string;
  readonly costCenter: string;
}

export const TEAMS: readonly Team[] = [
  { id: "platform", department: "Engineering", costCenter: "CC-1100" },
  { id: "payments", department: "Engineering", costCenter: "CC-1200" },
  { id: "web", department: "Engineering", costCenter: "CC-1300" },
  { id: "mobile", department: "Engineering", costCenter: "CC-1400" },
  { id: "sre", department: "Operations", costCenter: "CC-3100" },
  { id: "data-eng", department: "Data", costCenter: "CC-2100" },
  { id: "ml", department: "Data", costCenter: "CC-2200" },
  { id: "security", department: "Security", costCenter: "CC-4100" },
];

export interface Developer {
  readonly index: number;
  readonly name: string;
  readonly email: string;
  /** 64-hex SHA-256 of the e-mail: stable across runs and sessions. */
  readonly userId: string;
  readonly cliVersion: string;
  /** claude.ai login: the CLI then also sends account uuid, organisation id and e-mail. */
  readonly login: { readonly accountUuid: string; readonly organizationId: string } | undefined;
  readonly provider: "firstParty" | "bedrock" | "vertex";
  readonly customBaseUrl: boolean;
  readonly terminal: string;
  readonly os: { readonly type: "darwin" | "linux" | "windows"; readonly version: string };
  /** As the CLI reports it: OTel's host.arch names (amd64, not Node's x64). */
  readonly arch: "arm64" | "amd64";
  readonly team: Team | undefined;
  /** OTEL_RESOURCE_ATTRIBUTES of the run: added to every developer's resource. */
  readonly extraResource: Readonly<Record<string, string>>;
  readonly mainModel: string;
  readonly subagentModel: string;
  readonly effort: "low" | "medium" | "high" | undefined;
  readonly speed: "normal" | "fast";
  /** Writes to the 1-hour cache instead of the 5-minute one (billed 2x input). */
  readonly oneHourCache: boolean;
  readonly permissionMode: PermissionMode;
  /** Has MCP servers (GitHub, Linear, Slack) configured. */
  readonly usesMcp: boolean;
  /** Share of this developer's sessions that are `claude -p` runs from scripts or CI. */
  readonly headlessShare: number;
  /** Plugins loaded at start-up, one plugin_loaded event each: the default bundle and the user's. */
  readonly plugins: readonly Attrs[];
  readonly languages: readonly string[];
  /** Hours (UTC) the working day starts and ends. */
  readonly workStart: number;
  readonly workEnd: number;
  /** Mean prompts per session and median seconds between prompts. */
  readonly promptsPerSession: number;
  readonly thinkMedianSec: number;
  /** Hooks in the user's settings (hook_registered at start-up, their runs around tool calls). */
  readonly hooks: readonly Hook[];
  /** MCP servers the CLI connects to at start-up (developers with usesMcp). */
  readonly mcpServers: readonly string[];
  readonly rng: Rng;
  /**
   * Draws for behaviour added after the first simulator release (hooks, compaction, raw bodies,
   * retries exhausted...): its own stream, so `rng`'s draws, and every seeded run's sessions and
   * costs, stay as they were.
   */
  readonly extraRng: Rng;
  /** Draws for made-up content (OTEL_LOG_* toggles): turning a toggle on changes nothing else. */
  readonly contentRng: Rng;
}

/** A hook from settings.json: a command run on a hook event, for tools matching `matcher`. */
export interface Hook {
  readonly event: "PreToolUse" | "PostToolUse" | "Stop";
  /** A tool-name pattern (`Bash`, `Edit|Write`); absent: every call. */
  readonly matcher?: string;
}

/** Hook set-ups people actually use: a guard on shell commands, a formatter after edits, a notification. */
const HOOK_SETUPS: readonly (readonly Hook[])[] = [
  [{ event: "PreToolUse", matcher: "Bash" }],
  [{ event: "PostToolUse", matcher: "Edit|Write|MultiEdit" }],
  [{ event: "Stop" }],
  [
    { event: "PreToolUse", matcher: "Bash" },
    { event: "PostToolUse", matcher: "Edit|Write|MultiEdit" },
    { event: "Stop" },
  ],
];

function extrasFor(
  userId: string,
  usesMcp: boolean,
): Pick<Developer, "hooks" | "mcpServers" | "extraRng" | "contentRng"> {
  const extraRng = new Rng(`${userId}:extra`);
  const hooks = extraRng.chance(0.3) ? (HOOK_SETUPS[extraRng.int(0, HOOK_SETUPS.length - 1)] ?? []) : [];
  return {
    hooks,
    mcpServers: usesMcp ? ["github", "linear", "slack"] : [],
    extraRng,
    contentRng: new Rng(`${userId}:content`),
  };
}

export interface OrgOptions {
  readonly users: number;
  readonly teams: boolean;
  readonly cliVersion: string;
  /** E-mail domain; drawn by faker when absent. */
  readonly domain?: string;
  readonly extraResource?: Readonly<Record<string, string>>;
}

const LANGUAGE_STACKS: Readonly<Record<string, readonly string[]>> = {
  web: ["TypeScript", "TypeScript", "JavaScript", "CSS", "HTML", "JSON", "Markdown"],
  backend: ["Go", "Go", "SQL", "YAML", "Markdown", "Shell"],
  python: ["Python", "Python", "Python", "SQL", "YAML", "Markdown", "JSON"],
  jvm: ["Java", "Java", "Kotlin", "YAML", "Markdown", "XML"],
  systems: ["Rust", "Rust", "TOML", "Shell", "Markdown"],
  mobile: ["Swift", "Kotlin", "TypeScript", "JSON", "Markdown"],
  ops: ["YAML", "YAML", "Shell", "HCL", "Python", "Markdown", "Dockerfile"],
};

const TEAM_STACK: Readonly<Record<string, keyof typeof LANGUAGE_STACKS>> = {
  platform: "backend",
  payments: "jvm",
  web: "web",
  mobile: "mobile",
  sre: "ops",
  "data-eng": "python",
  ml: "python",
  security: "systems",
};

const TERMINALS: Readonly<Record<Developer["os"]["type"], Readonly<Record<string, number>>>> = {
  darwin: { "iTerm.app": 30, vscode: 28, Apple_Terminal: 12, cursor: 14, WezTerm: 6, tmux: 10 },
  linux: { "xterm-256color": 35, vscode: 30, tmux: 20, xterm: 10, cursor: 5 },
  windows: { vscode: 70, cursor: 20, xterm: 10 },
};

const OS_VERSIONS = {
  darwin: ["24.6.0", "25.0.0", "25.1.0", "25.2.0"],
  linux: ["6.8.0-87-generic", "6.14.0-1015-aws", "6.11.0-29-generic", "6.16.8-arch1-1"],
  windows: ["10.0.26100", "10.0.22631"],
} as const;

/** Older CLI versions a minority of developers have not updated from. */
function laggingVersion(current: string, rng: Rng): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
  if (!m) return current;
  const patch = Math.max(0, Number(m[3]) - rng.int(1, 14));
  return `${m[1]}.${m[2]}.${patch}`;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function emailLocalPart(first: string, last: string): string {
  return `${first}.${last}`
    .normalize("NFKD")
    .replace(/[^A-Za-z.]/g, "")
    .toLowerCase();
}

export function buildOrganisation(seedRng: Rng, options: OrgOptions): Developer[] {
  // A private instance, so that concurrent runs in one process cannot reseed each other.
  const FakerClass = englishFaker.constructor as typeof Faker;
  const faker = new FakerClass({ locale: englishFaker.rawDefinitions, seed: seedRng.nextUint32() });
  const orgRng = seedRng.fork("org");
  const domain = options.domain ?? `${faker.internet.domainWord()}.dev`;
  const organizationId = orgRng.uuid();
  const taken = new Set<string>();
  const developers: Developer[] = [];
  for (let index = 0; index < options.users; index++) {
    const rng = seedRng.fork(`dev-${index}`);
    const first = faker.person.firstName();
    const last = faker.person.lastName();
    let local = emailLocalPart(first, last);
    for (let n = 2; taken.has(local); n++) local = `${emailLocalPart(first, last)}${n}`;
    taken.add(local);
    const email = `${local}@${domain}`;

    const osType = rng.weighted({ darwin: 66, linux: 29, windows: 5 });
    const arch: Developer["arch"] =
      osType === "darwin" ? (rng.chance(0.92) ? "arm64" : "amd64") : rng.chance(0.15) ? "arm64" : "amd64";
    const provider = rng.weighted({ firstParty: 88, bedrock: 8, vertex: 4 });
    const team = options.teams ? (TEAMS[index % TEAMS.length] as Team) : undefined;
    const stack = team ? TEAM_STACK[team.id] : undefined;
    const stackKey = stack ?? rng.pick(Object.keys(LANGUAGE_STACKS));
    const mainKey = rng.weighted(MAIN_MODEL_WEIGHTS);
    const main = MODELS[mainKey];
    const haiku = MODELS.haiku45;
    const workStart = clamp(rng.normal(8.9, 0.8), 6.5, 11.5);

    const base = {
      index,
      name: `${first} ${last}`,
      email,
      userId: sha256Hex(email),
      cliVersion: rng.chance(0.8) ? options.cliVersion : laggingVersion(options.cliVersion, rng),
      login:
        provider === "firstParty" && rng.chance(0.75)
          ? { accountUuid: rng.uuid(), organizationId }
          : undefined,
      provider,
      customBaseUrl: rng.chance(0.05),
      terminal: rng.weighted(TERMINALS[osType]),
      os: { type: osType, version: rng.pick(OS_VERSIONS[osType]) },
      arch,
      team,
      extraResource: options.extraResource ?? {},
      mainModel: rng.pick(main.ids),
      subagentModel: rng.chance(0.7) ? rng.pick(haiku.ids) : rng.pick(main.ids),
      effort: rng.chance(0.2) ? rng.weighted({ high: 50, medium: 35, low: 15 }) : undefined,
      speed: (mainKey satisfies ModelKey) === "opus45" && rng.chance(0.08) ? "fast" : "normal",
      oneHourCache: rng.chance(0.1),
      permissionMode: rng.weighted({ default: 68, acceptEdits: 22, plan: 4, bypassPermissions: 6 }),
      usesMcp: rng.chance(0.4),
      headlessShare: rng.chance(0.25) ? rng.uniform(0.05, 0.3) : 0,
      plugins: pluginsFor(Number(rng.weighted({ 0: 55, 1: 25, 2: 15, 3: 5 })), rng),
      languages: LANGUAGE_STACKS[stackKey] ?? ["TypeScript"],
      workStart,
      workEnd: clamp(workStart + rng.normal(8.6, 0.7), workStart + 5, 21),
      promptsPerSession: clamp(rng.logNormal(10, 0.4), 3, 40),
      thinkMedianSec: clamp(rng.logNormal(110, 0.35), 30, 400),
      rng,
    } satisfies Omit<Developer, keyof ReturnType<typeof extrasFor>>;
    developers.push({ ...base, ...extrasFor(base.userId, base.usesMcp) });
  }
  return developers;
}
