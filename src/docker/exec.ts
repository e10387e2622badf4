import { PassThrough } from "node:stream";
import type Docker from "dockerode";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Written to the command's stdin, then closed: the way secrets go in (never argv or env). */
  stdin?: string;
  /** The same for bytes (an archive). */
  stdinBytes?: Buffer;
  env?: string[];
  timeoutMs?: number;
  /** Run a program of the host agent's own image (in the host's pid and network namespaces), not the host's: only through an agent. */
  inAgent?: boolean;
}

/** Runs a command in a container of the given engine and collects its output. */
export async function execIn(
  docker: Docker,
  containerId: string,
  cmd: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const input = options.stdinBytes ?? options.stdin;
  const exec = await docker.getContainer(containerId).exec({
    Cmd: cmd,
    Env: options.env,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: input !== undefined,
  });
  const stream = await exec.start({ hijack: true, stdin: input !== undefined });
  const out = new PassThrough();
  const err = new PassThrough();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  out.on("data", (c: Buffer) => stdout.push(c));
  err.on("data", (c: Buffer) => stderr.push(c));
  docker.modem.demuxStream(stream, out, err);
  if (input !== undefined) stream.end(input);
  const finished = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
  const timeoutMs = options.timeoutMs ?? 120_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`${cmd.join(" ")}: no answer within ${timeoutMs / 1000}s`));
    }, timeoutMs);
  });
  try {
    await Promise.race([finished, timedOut]);
  } finally {
    clearTimeout(timer);
  }
  const { ExitCode } = await exec.inspect();
  return {
    exitCode: ExitCode ?? -1,
    stdout: Buffer.concat(stdout).toString(),
    stderr: Buffer.concat(stderr).toString(),
  };
}
