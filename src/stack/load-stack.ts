import { readFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { inputError } from "../errors/firedrill-error.ts";
import { describeIssues } from "../errors/zod-issues.ts";
import { paths, repoRoot } from "../util/paths.ts";
import { parseYamlData } from "../util/yaml-data.ts";
import type { Stack } from "./stack.ts";
import { type StackManifest, StackManifestSchema } from "./stack-manifest.ts";
import { parse } from "yaml";
import { pathExists } from "../util/path-exists.ts";

export const MANIFEST_FILE = "stack.yaml";
/** The stack drilled when neither --stack nor a profile names one: package.json's firedrill.defaultStack. */
export function defaultStack(): string {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { firedrill?: { defaultStack?: string } };
  const name = pkg.firedrill?.defaultStack;
  if (!name) throw new Error("package.json names no firedrill.defaultStack");
  return name;
}

const HINT = "Fix the value named above; README.md's \"Writing a stack\" explains every field of stack.yaml.";

/**
 * A stack by folder path (resolved against the current directory), or by bare name:
 * `stacks/<name>` in the current directory if there is one, else one of firedrill's own
 * stacks ("notes"). The manifest is validated and every file it names is checked to
 * exist before anything is started.
 */
export async function loadStack(dirOrName: string = defaultStack()): Promise<Stack> {
  const dir = await resolveStackDir(dirOrName);
  const file = path.join(dir, MANIFEST_FILE);
  const shown = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw inputError("STACK_NOT_FOUND", `${shown}: no stack manifest there`, "Give a stack folder holding stack.yaml (for example stacks/notes), or the name of one of firedrill's stacks/.");
    }
    throw inputError("STACK_INVALID", `${shown}: cannot be read (${(error as Error).message})`, HINT);
  }
  const invalid = (detail: string) => inputError("STACK_INVALID", `${shown}: ${detail}`, HINT);
  const data = parseYamlData(text, invalid, "a stack manifest is a mapping: namespace, compose, images, services, traffic, ...");
  const parsed = StackManifestSchema.safeParse(data);
  if (!parsed.success) throw invalid(describeIssues(parsed.error, data));
  const manifest = parsed.data;
  const named: Array<[string, string]> = [
    ...manifest.compose.map((f, i): [string, string] => [`compose.${i}`, f]),
    ...Object.entries(manifest.images).map(([k, image]): [string, string] => [`images.${k}.context`, path.join(image.context, "Dockerfile")]),
    ...(manifest.blueGreen ? [["blueGreen.compose", manifest.blueGreen.compose] as [string, string]] : []),
  ];
  for (const [field, relative] of named) {
    if (!(await pathExists(path.join(dir, relative)))) throw invalid(`${field} = ${JSON.stringify(relative)}: no such file in ${path.relative(process.cwd(), dir) || dir}`);
  }
  const composeProblem = await checkCompose(dir, manifest);
  if (composeProblem) throw invalid(composeProblem);
  return { dir, name: path.basename(dir), manifest };
}

/**
 * What firedrill adds to the compose files must merge with them: its lb is the service
 * `lb`, and the no-health-check scenario disables the declared service's health check,
 * which compose refuses beside a `healthcheck.test` of the file's own (the check must then
 * come from the image's HEALTHCHECK).
 */
async function checkCompose(dir: string, manifest: StackManifest): Promise<string | undefined> {
  for (const file of manifest.compose) {
    let compose: { services?: Record<string, { healthcheck?: { test?: unknown } } | null> } | null;
    try {
      compose = parse(await readFile(path.join(dir, file), "utf8")) as typeof compose;
    } catch (error) {
      return `compose file ${file} is not YAML: ${(error as Error).message.split("\n")[0]}`;
    }
    const services = compose?.services ?? {};
    if ("lb" in services) return `compose file ${file} declares a service "lb": that is firedrill's own lb; rename yours`;
    const checked = manifest.healthCheck?.service;
    if (checked && services[checked]?.healthcheck?.test !== undefined) {
      return `healthCheck.service = "${checked}": ${file} sets its healthcheck.test, which the no-health-check scenario cannot disable (compose refuses test beside disable); put the check in the image's HEALTHCHECK`;
    }
  }
  return undefined;
}

async function resolveStackDir(dirOrName: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(dirOrName)) return path.resolve(dirOrName);
  for (const candidate of [path.resolve(dirOrName), path.resolve("stacks", dirOrName)]) {
    if (await pathExists(path.join(candidate, MANIFEST_FILE))) return candidate;
  }
  return path.join(paths.stacks, dirOrName);
}

