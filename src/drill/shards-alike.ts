import { inputError } from "../errors/firedrill-error.ts";
import type { HostFactsOfOne } from "../agent/read-host-facts.ts";
import { codeText } from "./code-identity.ts";
import type { HostFacts } from "./host-facts.ts";
import type { RunRecord } from "./run-record.ts";

/** A run record and the file it was read from (named in every refusal). */
export interface RecordIn {
  file: string;
  run: RunRecord;
}

/**
 * What shards must agree on to be one drill: everything their verdicts were judged
 * under. A certificate merged from shards judged differently would claim, for all of
 * them, what only one was judged under (one shard's load, another's budgets).
 */
const ALIKE: ReadonlyArray<[string, (run: RunRecord) => string]> = [
  ["profile", (run) => run.profile.name],
  ["profile digest (the profile file changed between shards)", (run) => run.profile.digest],
  ["firedrill version", (run) => run.firedrill],
  ["firedrill's code (its version and the digest of its sources)", (run) => codeText(run.code)],
  ["stack", (run) => run.stack],
  ["shard count", (run) => (run.shard ? String(run.shard.total) : "unsharded")],
  ["plan (the scenarios selected by --scenario or the profile's scenarios:)", (run) => run.plan.join(", ")],
  ["budget layers (the profile's budgets and the --budget flags)", (run) => canonicalJson(run.layers)],
  ["traffic (--traffic or the profile's traffic:)", (run) => run.askedTraffic ?? run.traffic],
  ["inventory", (run) => (run.inventory ? `${run.inventory.name} (${run.inventory.file}, digest ${run.inventory.digest})` : "a local lab")],
  ["scenario time limit (FIREDRILL_SCENARIO_TIME_LIMIT)", (run) => (run.timeLimitMs === undefined ? "unknown" : `${run.timeLimitMs} ms`)],
];

type HostOfOne = Omit<HostFactsOfOne, "host" | "daemonJson" | "iptables" | "cgroupDriver"> & { cgroupDriver?: string };

/** The host facts a certificate reports, each as every host had it (a lab's hosts may differ). */
const HOST_FACTS: ReadonlyArray<[string, (host: HostOfOne) => string]> = [
  ["engine version", (h) => h.engineVersion],
  ["engine API version", (h) => h.apiVersion],
  ["kernel", (h) => h.kernel],
  ["operating system", (h) => h.operatingSystem],
  ["cgroup driver and version", (h) => `${h.cgroupDriver ?? "?"} v${h.cgroupVersion}`],
  ["storage driver", (h) => h.storageDriver],
  ["logging driver", (h) => h.loggingDriver],
  ["live restore", (h) => (h.liveRestore ? "on" : "off")],
  ["security options", (h) => h.securityOptions.join(", ") || "none"],
];

/**
 * Refuses (MERGE_MISMATCH, 64) records not judged alike, naming the first field that
 * differs with every value and its files. A shard whose lab never came up has no host
 * facts: it is judged on nothing, so it is held to the others' facts by none.
 */
export function requireAlike(records: readonly RecordIn[]): void {
  for (const [what, value] of ALIKE) requireSame(records, what, (r) => value(r.run));
  const withFacts = records.filter((r) => r.run.hostFacts);
  requireSame(withFacts, "host facts: hosts / managers", (r) => `${r.run.hostFacts!.hosts} / ${r.run.hostFacts!.managers}`);
  for (const [what, value] of HOST_FACTS) requireSame(withFacts, `host facts: ${what}`, (r) => hostsOf(r.run.hostFacts!).map(value).filter(unique).join(", "));
}

function requireSame(records: readonly RecordIn[], what: string, value: (record: RecordIn) => string): void {
  const files = new Map<string, string[]>();
  for (const record of records) files.set(value(record), [...(files.get(value(record)) ?? []), record.file]);
  if (files.size <= 1) return;
  throw inputError(
    "MERGE_MISMATCH",
    `the results to merge differ in ${what}: ${[...files].map(([v, f]) => `${v} (${f.join(", ")})`).join("; ")}`,
    "Merge only the shards of one drill: the same firedrill, profile file, stack, --scenario, --budget, --traffic, inventory, FIREDRILL_SCENARIO_TIME_LIMIT and --shard count, on hosts of one configuration. Run the odd shard again like the others.",
  );
}

function hostsOf(facts: HostFacts): HostOfOne[] {
  return facts.perHost?.length ? facts.perHost : [facts];
}

function unique<T>(item: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(item) === index;
}

/** JSON with sorted keys and no empty objects: `{flags: {}}` and `{}` override nothing alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? "{}";
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!value || typeof value !== "object") return value;
  const entries = Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => [k, canonical(v)] as const)
    .filter(([, v]) => !(v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}
