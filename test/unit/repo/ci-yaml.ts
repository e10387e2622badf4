import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

/** What the CI template tests share: reading the templates, and finding their jobs. */

export const root = fileURLToPath(new URL("../../../", import.meta.url));
export const GITHUB = "ci/github/nightly-drill.yml";
export const GITLAB = "ci/gitlab/nightly-drill.gitlab-ci.yml";

export type Json = Record<string, unknown>;

export const read = (relative: string): string => readFileSync(path.join(root, relative), "utf8");

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function record(value: unknown, what: string): Json {
  assert.ok(isRecord(value), `${what} should be a mapping, got ${JSON.stringify(value)}`);
  return value;
}

export function list(value: unknown, what: string): unknown[] {
  assert.ok(Array.isArray(value), `${what} should be a list, got ${JSON.stringify(value)}`);
  return value;
}

export function text(value: unknown, what: string): string {
  assert.equal(typeof value, "string", `${what} should be a string, got ${JSON.stringify(value)}`);
  return value as string;
}

/** Parses one YAML file strictly: a single document, no errors, no warnings. */
export function loadYaml(relative: string): Json {
  const doc = parseDocument(read(relative), { prettyErrors: true, uniqueKeys: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => e.message);
  assert.deepEqual(problems, [], `${relative} is not clean YAML`);
  return record(doc.toJS(), relative);
}

/** The same, for building the test list: never throws (the "parses" test reports it). */
export function tryLoadYaml(relative: string): Json | undefined {
  try {
    return loadYaml(relative);
  } catch {
    return undefined;
  }
}

export function usesAction(step: Json, action: string): boolean {
  return typeof step.uses === "string" && (step.uses === action || step.uses.startsWith(`${action}@`));
}

export function stepsOf(job: Json, what: string): Json[] {
  return list(job.steps, `${what}.steps`).map((s, i) => record(s, `${what} step ${i}`));
}

/** The names a job's `needs:` lists (GitHub: a name or a list; GitLab: names or { job: name }). */
export function needsOf(job: Json): string[] {
  const needs = job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs];
  return needs.map((n) => (isRecord(n) ? String(n.job) : String(n)));
}

export type TwoJobs = { shardName: string; shard: Json; mergeName: string; merge: Json };

/**
 * The GitHub workflow's two jobs: the shard job (a `strategy.matrix.shard`) and the merge
 * job (which needs it).
 */
export function githubJobs(workflow: Json): TwoJobs & { shardSteps: Json[]; mergeSteps: Json[] } {
  const jobs = Object.entries(record(workflow.jobs, "jobs")).map(([name, job]) => [name, record(job, `jobs.${name}`)] as const);
  assert.equal(jobs.length, 2, `the workflow should have two jobs (the shards, the merge), has ${jobs.map(([n]) => n).join(", ")}`);
  const shards = jobs.filter(([, job]) => isRecord(job.strategy) && isRecord(job.strategy.matrix) && job.strategy.matrix.shard !== undefined);
  assert.equal(shards.length, 1, "one job should have a strategy.matrix.shard");
  const [shardName, shard] = shards[0]!;
  const merges = jobs.filter(([, job]) => needsOf(job).includes(shardName));
  assert.equal(merges.length, 1, `one job should need ${shardName}`);
  const [mergeName, merge] = merges[0]!;
  return { shardName, shard, mergeName, merge, shardSteps: stepsOf(shard, shardName), mergeSteps: stepsOf(merge, mergeName) };
}

const GITLAB_GLOBAL_KEYS = new Set(["default", "include", "stages", "variables", "workflow", "image", "services", "cache", "before_script", "after_script"]);

/** The GitLab pipeline's jobs: every top-level key that is neither a global keyword nor hidden (.name). */
export function gitlabJobEntries(pipeline: Json): [string, Json][] {
  return Object.entries(pipeline)
    .filter(([name, value]) => !name.startsWith(".") && !GITLAB_GLOBAL_KEYS.has(name) && isRecord(value))
    .map(([name, value]) => [name, value as Json]);
}

/** The GitLab pipeline's two jobs: the shard job (`parallel:`) and the merge job (which needs it). */
export function gitlabJobs(pipeline: Json): TwoJobs {
  const jobs = gitlabJobEntries(pipeline);
  assert.equal(jobs.length, 2, `${GITLAB} should define two jobs (the shards, the merge), has ${jobs.map(([n]) => n).join(", ")}`);
  const shards = jobs.filter(([, job]) => job.parallel !== undefined);
  assert.equal(shards.length, 1, "one job should have `parallel:`");
  const [shardName, shard] = shards[0]!;
  const merges = jobs.filter(([, job]) => needsOf(job).includes(shardName));
  assert.equal(merges.length, 1, `one job should need ${shardName}`);
  const [mergeName, merge] = merges[0]!;
  return { shardName, shard, mergeName, merge };
}
