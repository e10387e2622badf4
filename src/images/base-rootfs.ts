import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import { environmentError, harnessError } from "../errors/firedrill-error.ts";
import { log } from "../util/log.ts";
import { imageExists } from "../docker/image-exists.ts";
import { pathExists } from "../util/path-exists.ts";

const UPSTREAM = "debian:bookworm-slim";
const LOCAL = "firedrill/rootfs:bookworm-minbase";
const PHASE = "images:rootfs";

/**
 * The root filesystem the base image starts from: Debian's own slim image when a
 * registry can be reached, otherwise a minimal Debian made here with debootstrap
 * (machines without registry access still reach the Debian mirror).
 */
export async function ensureRootfs(docker: Docker): Promise<string> {
  if (await imageExists(docker, UPSTREAM)) return UPSTREAM;
  if (await imageExists(docker, LOCAL)) return LOCAL;
  if (await tryPull(docker, UPSTREAM)) return UPSTREAM;
  const cached = rootfsCacheFile();
  if (await pathExists(cached)) {
    log(PHASE, `${UPSTREAM} cannot be pulled; importing ${LOCAL} from ${cached}`);
    await importTar(docker, LOCAL, createReadStream(cached));
    return LOCAL;
  }
  log(PHASE, `${UPSTREAM} cannot be pulled; making ${LOCAL} with debootstrap (kept in ${cached} for next time)`);
  await debootstrapImport(docker, LOCAL, cached);
  return LOCAL;
}

/**
 * Where the debootstrapped root filesystem is kept, as a tar: it outlives the images
 * (a cold build, \`firedrill clean --images\`) so that making the base again is an import
 * of a few seconds instead of a Debian install. FIREDRILL_CACHE moves it.
 */
export function rootfsCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.FIREDRILL_CACHE ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "firedrill");
  return path.join(dir, "rootfs-bookworm-minbase.tar");
}

async function importTar(docker: Docker, reference: string, tar: NodeJS.ReadableStream): Promise<void> {
  const [repo, tag] = reference.split(":") as [string, string];
  const stream = await docker.importImage(tar as unknown as string, { repo, tag });
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (error) => (error ? reject(error) : resolve())));
  log(PHASE, `imported ${reference}`);
}

async function tryPull(docker: Docker, reference: string): Promise<boolean> {
  const pull = new Promise<boolean>((resolve) => {
    docker.pull(reference, (error: Error | null, stream: NodeJS.ReadableStream) => {
      if (error) return resolve(false);
      docker.modem.followProgress(stream, (err) => resolve(!err));
    });
  });
  const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000).unref());
  return Promise.race([pull, timeout]);
}

async function debootstrapImport(docker: Docker, reference: string, cacheFile: string): Promise<void> {
  const mirror = process.env.FIREDRILL_DEBIAN_MIRROR ?? "http://deb.debian.org/debian";
  const dir = await mkdtemp(path.join(os.tmpdir(), "firedrill-rootfs-"));
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    await run("debootstrap", ["--variant=minbase", "bookworm", dir, mirror], (line) => {
      if (/^I: (Retrieving|Validating|Extracting|Installing|Configuring) /.test(line)) return;
      log(PHASE, line);
    });
    await mkdir(path.dirname(cacheFile), { recursive: true });
    // Caches and documentation are dropped: every host pulls these layers.
    await run("tar", [
      "-C", dir,
      "--exclude=./var/cache/apt/*.bin",
      "--exclude=./var/cache/apt/archives/*.deb",
      "--exclude=./var/lib/apt/lists/*",
      "--exclude=./usr/share/doc/*",
      "--exclude=./usr/share/man/*",
      "--exclude=./usr/share/locale/*",
      "-cf", partial, ".",
    ], (line) => log(PHASE, line));
    // Renamed only once whole: an interrupted run leaves no half a root filesystem to import.
    await rename(partial, cacheFile);
    await importTar(docker, reference, createReadStream(cacheFile));
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

function run(command: string, args: string[], onLine: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    const tail: string[] = [];
    const take = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        onLine(line);
      }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "ENOENT"
          ? environmentError(
              "ROOTFS_UNAVAILABLE",
              `No base image: ${UPSTREAM} cannot be pulled and \`${command}\` is not installed`,
              "Install debootstrap (`apt-get install -y debootstrap`, as root), or make Docker Hub reachable.",
            )
          : error,
      ),
    );
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(
            harnessError("ROOTFS_FAILED", `${command} ${args.join(" ")} exited with ${code}`, "Read its output below; it needs root and the Debian mirror.", {
              evidence: tail.join("\n"),
            }),
          ),
    );
  });
}
