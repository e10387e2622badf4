import type { Host } from "../lab/host.ts";

/** Every rule firedrill adds carries this comment, with the fault id after it. */
export const RULE_TAG = "firedrill:";

export function ruleTag(faultId: string): string {
  return `${RULE_TAG}${faultId}`;
}

/** Inserts filter-table rules on the host, each tagged with the fault's id. */
export async function addRules(host: Host, faultId: string, rules: string[][]): Promise<void> {
  for (const rule of rules) {
    const [verb, chain, ...spec] = rule;
    await host.execOrThrow(["iptables", "-w", verb ?? "-I", chain ?? "OUTPUT", ...spec, "-m", "comment", "--comment", ruleTag(faultId)]);
  }
}

/**
 * Removes exactly the rules tagged with this fault id (or every firedrill rule, with
 * no id), in every table, and returns them. Rules are read back from iptables-save and
 * deleted by their own specification, so nothing else on the host is touched.
 */
export async function removeTaggedRules(host: Host, faultId?: string): Promise<string[]> {
  const tag = faultId ? ruleTag(faultId) : RULE_TAG;
  const removed: string[] = [];
  for (const { table, rule } of await taggedRules(host, tag)) {
    const spec = splitRule(rule.replace(/^-A /, ""));
    const result = await host.exec(["iptables", "-w", "-t", table, "-D", ...spec]);
    if (result.exitCode === 0) removed.push(rule);
  }
  return removed;
}

export async function taggedRules(host: Host, tag = RULE_TAG): Promise<Array<{ table: string; rule: string }>> {
  const dump = await host.execOrThrow(["iptables-save"]);
  const found: Array<{ table: string; rule: string }> = [];
  let table = "filter";
  for (const line of dump.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1).trim();
    else if (line.startsWith("-A ") && line.includes(tag)) found.push({ table, rule: line.trim() });
  }
  return found;
}

/** A rule's counters, as the kernel keeps them: packets and bytes that matched it so far. */
export interface RuleCount {
  table: string;
  rule: string;
  packets: number;
  bytes: number;
}

/**
 * The counters of the rules tagged with this fault id. Host-level proof that a rule did
 * its work: a dropped packet leaves no answer to time, but the rule counts it.
 */
export async function taggedRuleCounts(host: Host, faultId: string): Promise<RuleCount[]> {
  return parseRuleCounts(await host.execOrThrow(["iptables-save", "-c"]), ruleTag(faultId));
}

/** Reads `iptables-save -c` output ("[packets:bytes] -A CHAIN ...") for the rules carrying `tag`. */
export function parseRuleCounts(dump: string, tag: string): RuleCount[] {
  const found: RuleCount[] = [];
  let table = "filter";
  for (const line of dump.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1).trim();
    const match = /^\[(\d+):(\d+)\]\s+(-A .*)$/.exec(line.trim());
    if (match && line.includes(tag)) found.push({ table, rule: match[3]!, packets: Number(match[1]), bytes: Number(match[2]) });
  }
  return found;
}

/** Splits an iptables-save rule into arguments, keeping quoted comments whole. */
export function splitRule(rule: string): string[] {
  const args: string[] = [];
  for (const match of rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) args.push(match[1] ?? match[2] ?? "");
  return args;
}
