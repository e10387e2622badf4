import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import lockfile from "proper-lockfile";

/**
 * Makes something once per machine: when `isDone` says it is missing, `make` runs under a
 * lock file in the temporary folder, after `isDone` is asked again. Two runs starting at once
 * (two shards, two test files) take turns instead of making it twice; a lock left by a killed
 * run goes stale after a minute. The lock is waited for up to 10 minutes (a cold image build).
 */
export async function makeOnceUnderLock<T>(lockName: string, isDone: () => Promise<boolean>, done: T, make: () => Promise<T>): Promise<T> {
  if (await isDone()) return done;
  const lockPath = path.join(os.tmpdir(), `${lockName}.lock`);
  await writeFile(lockPath, "", { flag: "a" });
  const release = await lockfile.lock(lockPath, { retries: { retries: 600, minTimeout: 1000, maxTimeout: 1000 }, stale: 60_000 });
  try {
    return (await isDone()) ? done : await make();
  } finally {
    await release();
  }
}
