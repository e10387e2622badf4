import { createHash } from "node:crypto";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";

/** Every file under `dir`, relative, sorted, so the hash does not depend on listing order. */
export async function listContext(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/**
 * A short digest of a build context: every file's path, mode bit for execution and
 * content, plus `inputs` (the base image's tag, build arguments). An unchanged context
 * gives an unchanged tag, so an image is never rebuilt for nothing.
 */
export async function hashContext(dir: string, inputs: readonly string[] = []): Promise<string> {
  const hash = createHash("sha256");
  for (const input of inputs) hash.update(`input:${input}\n`);
  for (const file of await listContext(dir)) {
    const full = path.join(dir, file);
    const executable = ((await stat(full)).mode & 0o111) !== 0;
    const body = await readFile(full);
    hash.update(`file:${file}:${executable ? "x" : "-"}:${body.length}\n`).update(body);
  }
  return hash.digest("hex").slice(0, 12);
}
