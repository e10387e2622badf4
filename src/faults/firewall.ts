import type { Host } from "../lab/host.ts";
import { deleteArguments, parseRuleCounts, type RuleCount, rulesTagged, type SavedRule } from "./iptables-save.ts";

/** Every rule firedrill adds carries this comment, with the fault id after it. */
export const RULE_TAG = "firedrill:";

export function ruleTag(faultId: string): string {
  return `${RULE_TAG}${faultId}`;
}

/**
 * The host-side script that removes the fault's rules from every table (the agent's undo):
 * each rule read back from iptables-save and deleted by its own specification.
 */
export function removeTaggedRulesScript(faultId: string): string {
  const tag = ruleTag(faultId);
  return [
    "for table in filter nat mangle raw; do",
    `  iptables-save -t "$table" 2>/dev/null | grep -F -- '${tag}' | sed -n 's/^-A /-D /p' | while read -r rule; do`,
    '    eval "iptables -w -t $table $rule" || exit 1',
    "  done || exit 1",
    "done",
  ].join("\n");
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
  for (const saved of await taggedRules(host, tag)) {
    const result = await host.exec(["iptables", "-w", ...deleteArguments(saved)]);
    if (result.exitCode === 0) removed.push(saved.rule);
  }
  return removed;
}

export async function taggedRules(host: Host, tag = RULE_TAG): Promise<SavedRule[]> {
  return rulesTagged(await host.execOrThrow(["iptables-save"]), tag);
}

/**
 * The counters of the rules tagged with this fault id. Host-level proof that a rule did
 * its work: a dropped packet leaves no answer to time, but the rule counts it.
 */
export async function taggedRuleCounts(host: Host, faultId: string): Promise<RuleCount[]> {
  return parseRuleCounts(await host.execOrThrow(["iptables-save", "-c"]), ruleTag(faultId));
}
