import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./paths.js";
import type { K8sObject } from "./render.js";
import { scratch } from "./scratch.js";

let collector: string | undefined;

/** The real collector (scripts/servers/build-collector.sh, cached by version). */
export function collectorBinary(): string {
  if (collector) return collector;
  const res = spawnSync("bash", [join(REPO_ROOT, "scripts/servers/build-collector.sh")], {
    cwd: REPO_ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`scripts/servers/build-collector.sh failed (exit ${res.status})`);
  const last = res.stdout.trim().split("\n").pop() ?? "";
  if (!existsSync(last)) throw new Error(`build-collector.sh printed '${last}', which does not exist`);
  collector = last;
  return last;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    configMapKeyRef?: { name: string; key: string };
  };
}
interface Container {
  name: string;
  args?: string[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  volumeMounts?: { name: string; mountPath: string }[];
}

/** What a pod of this workload would run: args with the config mounts materialised, and env. */
export interface PodRun {
  args: string[];
  env: Record<string, string>;
  /** The temporary directory holding the mounted ConfigMaps. */
  dir: string;
}

/**
 * Reproduces, outside a cluster, the process the Deployment's first container starts: each ConfigMap
 * and Secret volume is written to a temporary directory, the paths in args and env values point there,
 * and the environment is built as the kubelet builds it (envFrom first, then env). Secrets come from
 * `secrets` (name -> key -> content), since they are created by hand and not rendered.
 */
export function podRun(
  objects: K8sObject[],
  deploymentName: string,
  secrets: Record<string, Record<string, string>> = {},
): PodRun {
  // The collector is a StatefulSet, the scale-out router a Deployment: the pod template is the same.
  const deployment = objects.find(
    (o) => (o.kind === "Deployment" || o.kind === "StatefulSet") && o.metadata.name === deploymentName,
  );
  if (!deployment) throw new Error(`no Deployment or StatefulSet ${deploymentName}`);
  const podSpec = deployment.spec.template.spec;
  const container = podSpec.containers[0] as Container;
  const configMap = (name: string) => {
    const cm = objects.find((o) => o.kind === "ConfigMap" && o.metadata.name === name);
    if (!cm) throw new Error(`Deployment refers to ConfigMap ${name}, which is not rendered`);
    return cm.data ?? {};
  };
  const secret = (name: string, key: string) => {
    const v = secrets[name]?.[key];
    if (v === undefined) throw new Error(`Deployment needs Secret ${name} key ${key}; pass it to podRun`);
    return v;
  };

  const dir = scratch("pod");
  const mounted: [string, string][] = []; // [mountPath, where it is materialised]
  for (const mount of container.volumeMounts ?? []) {
    const volume = (
      podSpec.volumes as { name: string; configMap?: { name: string }; secret?: { secretName: string } }[]
    ).find((v) => v.name === mount.name);
    let files: Record<string, string>;
    if (volume?.configMap) files = configMap(volume.configMap.name);
    else if (volume?.secret) {
      const name = volume.secret.secretName;
      const data = secrets[name];
      if (!data) throw new Error(`Deployment mounts Secret ${name}; pass it to podRun`);
      files = data;
    } else continue;
    const target = join(dir, mount.name);
    mkdirSync(target, { recursive: true });
    for (const [key, text] of Object.entries(files)) writeFileSync(join(target, key), text);
    mounted.push([`${mount.mountPath}/`, `${target}/`]);
  }
  const local = (value: string) =>
    mounted.reduce((v, [mountPath, target]) => v.split(mountPath).join(target), value);
  const args = (container.args ?? []).map(local);

  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, configMap(from.configMapRef.name));
    if (from.secretRef) Object.assign(env, secrets[from.secretRef.name] ?? {});
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.secretKeyRef)
      env[e.name] = secret(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.configMapKeyRef) {
      const v = configMap(e.valueFrom.configMapKeyRef.name)[e.valueFrom.configMapKeyRef.key];
      if (v === undefined) throw new Error(`ConfigMap ${e.valueFrom.configMapKeyRef.name} lacks ${e.name}`);
      env[e.name] = v;
    } else throw new Error(`env ${e.name} has a source podRun does not know`);
  }
  for (const [k, v] of Object.entries(env)) env[k] = local(v);
  return { args, env, dir };
}

/** `otelcol validate` with the given args and environment (only that environment, plus PATH/HOME). */
export function validateCollector(args: string[], env: Record<string, string>) {
  const res = spawnSync(collectorBinary(), ["validate", ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    encoding: "utf8",
  });
  return { ok: res.status === 0, output: `${res.stdout}${res.stderr}` };
}
