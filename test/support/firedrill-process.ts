import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "../../src/util/paths.ts";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A firedrill process: its output so far, a wait for a line of it, and its end. */
export function start(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [path.join(repoRoot, "bin/firedrill.js"), ...args], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const run: Run = { code: null, stdout: "", stderr: "" };
  const listeners: Array<() => void> = [];
  const changed = () => listeners.forEach((l) => l());
  child.stdout.on("data", (c: Buffer) => ((run.stdout += c.toString()), changed()));
  child.stderr.on("data", (c: Buffer) => ((run.stderr += c.toString()), changed()));
  const exited = new Promise<Run>((resolve) => child.on("exit", (code) => resolve({ ...run, code })));
  const waitForOutput = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => pattern.test(run.stdout + run.stderr) && resolve();
      listeners.push(check);
      check();
      void exited.then((r) => reject(new Error(`exited with ${r.code} before printing ${pattern}: ${r.stderr}`)));
    });
  return { child, exited, waitForOutput };
}

export function firedrill(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return start(args, env).exited;
}

