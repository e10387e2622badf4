import { onInterrupt } from "../util/interrupts.ts";
import { type ChildProcess, spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile } from "node:fs/promises";
import { constants as os } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as delay } from "node:timers/promises";
import { environmentError } from "../errors/firedrill-error.ts";
import { K6_INSTALL_HINT } from "./k6-executable.ts";
import { type K6Output, K6OutputReader, type K6SummaryThresholds, parseK6Summary } from "./k6-output.ts";
import type { TrafficGenerator } from "./traffic-generator.ts";
import type { K6Outcome, TrafficRecord } from "./traffic-record.ts";
import { pathExists } from "../util/path-exists.ts";

export interface K6TrafficOptions {
  /** The k6 to run (findK6). */
  executable: string;
  /** The script, as the user gave it (relative to the current directory). */
  script: string;
  /** The edge's origin (http://host:port): the script reads it as __ENV.BASE_URL. */
  baseUrl: string;
  /** Where k6's files go (k6-<n>.json, k6-<n>-summary.json). */
  outDir: string;
  /** More -e NAME=value for the script (PROBE_PATH...). Never a secret: arguments show in the process list. */
  vars?: Record<string, string>;
  /** The environment k6 runs in (process.env); BASE_URL is added. */
  env?: NodeJS.ProcessEnv;
  /** How long k6 may take to stop after the SIGINT before it is killed (30 s). */
  stopTimeoutMs?: number;
}

/** k6's exit codes (errext/exitcodes): a threshold crossed; stopped by a signal. */
const THRESHOLDS_HAVE_FAILED = 99;
const EXTERNAL_ABORT = 105;
const STDERR_LINES = 40;
/** Enough of stderr for its last 40 lines, however much k6 writes. */
const STDERR_KEEP = 64 * 1024;

/**
 * A team's k6 script run beside the probe for one scenario. firedrill reads k6's JSON
 * output into the same per-second record as its own load, and k6's thresholds into the
 * record's k6 outcome.
 *
 * k6 runs until the scenario ends (unless its script ends first): stop() sends SIGINT, on
 * which k6 stops its VUs, still evaluates every threshold and writes its summary, but
 * exits 105 (ExternalAbort) whether they held or not: a crossed threshold sets the exit
 * only when nothing else did (k6's internal/cmd/run.go). So when firedrill did the
 * stopping, the thresholds' verdict is read from `--summary-export` instead, and the
 * outcome is what k6 would have exited with had the script ended there: 0 or 99.
 */
export class K6Traffic implements TrafficGenerator {
  readonly spec: string;
  private child: ChildProcess | undefined;
  private exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  private stderr = "";
  private files: { output: string; summary: string } | undefined;

  readonly source = "k6";
  private unregister: (() => void) | undefined;

  constructor(private readonly options: K6TrafficOptions) {
    this.spec = `k6:${options.script}`;
  }

  /** k6's JSON output, once started: a report may keep it. */
  get outputFile(): string | undefined {
    return this.files?.output;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const { executable, script, baseUrl, outDir, vars = {}, env = process.env } = this.options;
    await mkdir(outDir, { recursive: true });
    const files = await freeFiles(outDir);
    const args = ["run", "--quiet", "--out", `json=${files.output}`, `--summary-export=${files.summary}`, "-e", `BASE_URL=${baseUrl}`];
    for (const [name, value] of Object.entries(vars)) args.push("-e", `${name}=${value}`);
    args.push(script);
    // stdout carries only k6's end-of-test summary, which the summary export has too.
    const child = spawn(executable, args, { env: { ...env, BASE_URL: baseUrl }, stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
    try {
      await new Promise<void>((resolve, reject) => {
        child.once("spawn", resolve);
        child.once("error", reject);
      });
    } catch (error) {
      throw environmentError("K6_NOT_FOUND", `${this.spec}: ${executable} could not be started: ${(error as Error).message}`, K6_INSTALL_HINT);
    }
    // A later error (a signal that cannot be sent) must not end firedrill: the exit says what happened.
    child.on("error", () => undefined);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      this.stderr += chunk;
      if (this.stderr.length > 2 * STDERR_KEEP) this.stderr = this.stderr.slice(-STDERR_KEEP);
    });
    this.child = child;
    // firedrill stopped by a signal must not leave k6 loading a lab that is being removed.
    this.unregister = onInterrupt(`stop ${this.spec}`, async () => {
      child.kill("SIGKILL");
    });
    this.exited = exited;
    this.files = files;
  }

  async stop(): Promise<TrafficRecord> {
    const { child, exited, files } = this;
    if (!child || !exited || !files) throw new Error(`${this.spec}: stop() before start()`);
    this.unregister?.();
    const stillRunning = child.exitCode === null && child.signalCode === null;
    if (stillRunning) child.kill("SIGINT");
    const exit = await this.waitForExit(child, exited);
    const raw = exit.code ?? 128 + (exit.signal ? (os.signals[exit.signal] ?? 0) : 0);
    const output = await readOutput(files.output);
    // A killed k6 may have left half a summary: only one that exited wrote a whole one.
    const summary = exit.signal ? undefined : await readSummary(files.summary);
    const exitCode = stillRunning && raw === EXTERNAL_ABORT && summary ? (summary.failed.length > 0 ? THRESHOLDS_HAVE_FAILED : 0) : raw;
    const outcome: K6Outcome = {
      exitCode,
      thresholds: [...new Set([...output.thresholds, ...(summary?.thresholds ?? [])])],
      ...(summary && summary.failed.length > 0 ? { failedThresholds: summary.failed } : {}),
    };
    if (exitCode !== 0 && exitCode !== THRESHOLDS_HAVE_FAILED) outcome.stderrTail = this.stderrTail();
    if (!stillRunning) outcome.endedEarly = true;
    return { source: "k6", spec: this.spec, seconds: output.seconds, requests: output.requests, k6: outcome };
  }

  /** k6's exit, after the SIGINT; killed when it is not done within the stop timeout. */
  private async waitForExit(child: ChildProcess, exited: NonNullable<K6Traffic["exited"]>) {
    const timer = new AbortController();
    const late = delay(this.options.stopTimeoutMs ?? 30_000, undefined, { signal: timer.signal }).then(
      () => undefined,
      () => undefined,
    );
    const exit = await Promise.race([exited, late]);
    timer.abort();
    if (exit) return exit;
    child.kill("SIGKILL");
    return exited;
  }

  private stderrTail(): string {
    const lines = this.stderr.split("\n").filter((l) => l.trim() !== "");
    return lines.slice(-STDERR_LINES).join("\n");
  }
}

/** k6-<n>.json and its summary for the first n with neither: k6 truncates a file it is given, and an earlier run's may be evidence. */
async function freeFiles(outDir: string): Promise<{ output: string; summary: string }> {
  for (let n = 1; ; n++) {
    const output = path.join(outDir, `k6-${n}.json`);
    const summary = path.join(outDir, `k6-${n}-summary.json`);
    if (!(await pathExists(output)) && !(await pathExists(summary))) return { output, summary };
  }
}


/**
 * k6's JSON output, streamed. k6 writes every line whole with its newline, so a last line
 * without one was cut short by a kill and is left out; no file at all (k6 failed before
 * its first sample) is no traffic.
 */
async function readOutput(file: string): Promise<K6Output> {
  const reader = new K6OutputReader(file);
  const end = await completeLength(file);
  if (end > 0) {
    const lines = createInterface({ input: createReadStream(file, { encoding: "utf8", end: end - 1 }), crlfDelay: Infinity });
    for await (const line of lines) reader.read(line);
  }
  return reader.result();
}

/** The length of the file up to and including its last newline (0 when it has none, or is not there). */
async function completeLength(file: string): Promise<number> {
  const handle = await open(file, "r").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (!handle) return 0;
  try {
    const { size } = await handle.stat();
    const chunk = Buffer.alloc(64 * 1024);
    for (let end = size; end > 0; ) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const newline = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (newline !== -1) return start + newline + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}

/** The summary export's thresholds, or undefined when k6 wrote none (it failed first, or was killed). */
async function readSummary(file: string): Promise<K6SummaryThresholds | undefined> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text === undefined || text.trim() === "" ? undefined : parseK6Summary(text, file);
}
