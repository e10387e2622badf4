import { spawn } from "node:child_process";
import path from "node:path";
import type Docker from "dockerode";
import { FaultJournal } from "../faults/fault-journal.ts";
import { resolveImageSet } from "../images/image-catalog.ts";
import { LABEL } from "../docker/labels.ts";
import { leftovers, sweep } from "../lab/sweep.ts";
import { log } from "../util/log.ts";
import { repoRoot } from "../util/paths.ts";
import { seededRandom } from "./seeded-random.ts";

export interface AbortRound {
  round: number;
  signal: NodeJS.Signals;
  afterMs: number;
  exitCode: number | null;
  /** False when the drill ended before the signal was due: that round interrupted nothing. */
  delivered: boolean;
  /** How long the drill ran (ms). */
  ranMs: number;
  /** Anything left: labelled objects, faults still recorded, a changed bystander. */
  left: string[];
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGKILL"];

/**
 * Interrupts a drill at seeded random moments, many times, and after each checks that
 * nothing is left: no labelled container, network or volume, no fault recorded as in
 * effect (after `firedrill clean` when the drill was killed), and a bystander container
 * started beforehand, not labelled by firedrill, still running and unchanged.
 */
export async function benchAbort(docker: Docker, options: { times: number; seed: number; scenario: string; maxDelayMs: number }): Promise<AbortRound[]> {
  const random = seededRandom(options.seed);
  const images = await resolveImageSet([]);
  const bystander = await docker.createContainer({ name: `bystander-${Date.now()}`, Image: images.haproxy, Cmd: ["sleep", "infinity"] });
  await bystander.start();
  const before = await bystander.inspect();
  const rounds: AbortRound[] = [];
  try {
    for (let round = 1; round <= options.times; round++) {
      const signal = SIGNALS[Math.floor(random() * SIGNALS.length)]!;
      const afterMs = Math.round(1000 + random() * (options.maxDelayMs - 1000));
      log("bench", `round ${round}/${options.times}: ${signal} after ${(afterMs / 1000).toFixed(1)}s`);
      const { exitCode, output, delivered, ranMs } = await interruptedDrill(options.scenario, signal, afterMs);
      if (signal === "SIGKILL") await firedrill(["clean"]);
      const left = await whatIsLeft(docker, bystander, before);
      if (left.length > 0) {
        log("bench", `round ${round}: LEFT ${left.join("; ")}; the drill's last lines:\n${output.split("\n").slice(-25).join("\n")}`);
        await sweep(docker);
        for (const name of await unlabelledVolumes(docker)) await docker.getVolume(name).remove().catch(() => undefined);
      }
      rounds.push({ round, signal, afterMs, exitCode, delivered, ranMs, left });
    }
  } finally {
    await bystander.remove({ force: true });
  }
  return rounds;
}

async function whatIsLeft(docker: Docker, bystander: Docker.Container, before: Docker.ContainerInspectInfo): Promise<string[]> {
  const left: string[] = [];
  const objects = await leftovers(docker);
  for (const [kind, names] of Object.entries(objects)) if (names.length) left.push(`${kind}: ${names.join(", ")}`);
  const unlabelled = await unlabelledVolumes(docker);
  if (unlabelled.length) left.push(`unlabelled volumes: ${unlabelled.join(", ")}`);
  const faults = await new FaultJournal(docker, "").pending();
  if (faults.length) left.push(`faults recorded in effect: ${faults.map((f) => `${f.kind}@${f.host}`).join(", ")}`);
  const now = await bystander.inspect();
  if (!now.State.Running || now.State.Paused) left.push(`bystander is ${now.State.Status}`);
  if (now.State.StartedAt !== before.State.StartedAt) left.push("bystander was restarted");
  if (JSON.stringify(Object.keys(now.NetworkSettings.Networks)) !== JSON.stringify(Object.keys(before.NetworkSettings.Networks))) left.push("bystander's networks changed");
  return left;
}

/**
 * The engine makes a missing named volume when a container mounts it, without labels: a
 * host container created after its run was swept brings its volume back unseen by a label
 * sweep. Looked for by firedrill's naming.
 */
async function unlabelledVolumes(docker: Docker): Promise<string[]> {
  const { Volumes } = await docker.listVolumes({ filters: { name: ["fd-r"] } });
  return (Volumes ?? []).filter((v) => /^fd-r[a-z0-9]+-/.test(v.Name) && !v.Labels?.[LABEL.run]).map((v) => v.Name);
}

/** Runs the drill, interrupts it, and keeps its output to show when something was left. */
function interruptedDrill(
  scenario: string,
  signal: NodeJS.Signals,
  afterMs: number,
): Promise<{ exitCode: number | null; output: string; delivered: boolean; ranMs: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    let delivered = false;
    const child = spawnFiredrill(["drill", "--scenario", scenario]);
    let output = "";
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const timer = setTimeout(() => (delivered = child.kill(signal)), afterMs);
    child.on("close", (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, output, delivered, ranMs: Date.now() - t0 });
    });
  });
}

function firedrill(args: string[]): Promise<void> {
  const child = spawnFiredrill(args);
  // Output not wanted, but read: a full pipe would stall the child.
  child.stdout.resume();
  child.stderr.resume();
  return new Promise((resolve) => child.on("close", () => resolve()));
}

function spawnFiredrill(args: string[]) {
  return spawn(process.execPath, [path.join(repoRoot, "bin/firedrill.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
}

export function formatAbortBench(rounds: readonly AbortRound[]): string {
  const delivered = rounds.filter((r) => r.delivered);
  const bySignal = SIGNALS.map((s) => `${s} ${delivered.filter((r) => r.signal === s).length}`).join(", ");
  const dirty = rounds.filter((r) => r.left.length > 0);
  const s = (ms: number) => `${(ms / 1000).toFixed(1).padStart(5)}s`;
  const when = (r: AbortRound) => (r.delivered ? `at ${s(r.afterMs)}` : `due ${s(r.afterMs)}, drill ended first at ${s(r.ranMs)}`);
  return [
    `interruptions: ${delivered.length} of ${rounds.length} rounds (${bySignal})`,
    ...rounds.map((r) => `  #${r.round} ${r.signal.padEnd(7)} ${when(r)}  exit ${String(r.exitCode).padEnd(4)} ${r.left.length ? `LEFT: ${r.left.join("; ")}` : "clean"}`),
    dirty.length === 0 ? "nothing was left after any interruption" : `${dirty.length} interruption(s) left something behind`,
  ].join("\n");
}
