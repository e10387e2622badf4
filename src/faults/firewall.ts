import type { Host } from "../lab/host.ts";
import { deleteArguments, parseRuleCounts, type RuleCount, rulesTagged, type SavedRule } from "./iptables-save.ts";

/** Every rule firedrill adds carries this comment, with the fault id after it. */
export const RULE_TAG = "firedrill:";

export function ruleTag(faultId: string): string {
  return `${RULE_TAG}${faultId}`;
}

/** firedrill's own chain for a built-in one: its rules live there, behind one jump, never among the host's own. */
export function firedrillChain(chain: string): string {
  return `FIREDRILL-${chain}`;
}

/** The comment on the jump into a firedrill chain: a firedrill rule, but no fault's. */
const JUMP_TAG = `${RULE_TAG}chain`;

/**
 * Removes a firedrill chain that holds no rule any more, with its jump: a host whose
 * faults are all reverted has the firewall it had before, not an empty chain of ours.
 */
const DROP_EMPTY_CHAINS = [
  "for c in INPUT OUTPUT; do",
  `  ch=${firedrillChain("$c")}`,
  '  if iptables -w -S "$ch" >/dev/null 2>&1 && [ "$(iptables -w -S "$ch" | wc -l)" -le 1 ]; then',
  `    while iptables -w -D "$c" -j "$ch" -m comment --comment '${JUMP_TAG}' 2>/dev/null; do :; done`,
  '    iptables -w -X "$ch" 2>/dev/null || true',
  "  fi",
  "done",
];

/**
 * The host-side script that removes the fault's rules from every table (the agent's undo,
 * and the runner's revert): each rule read back from iptables-save and deleted by its own
 * specification, then firedrill's chains if nothing is left in them.
 */
export function removeTaggedRulesScript(faultId: string): string {
  const tag = ruleTag(faultId);
  return [
    "for table in filter nat mangle raw; do",
    `  iptables-save -t "$table" 2>/dev/null | grep -F -- '${tag}' | sed -n 's/^-A /-D /p' | while read -r rule; do`,
    '    eval "iptables -w -t $table $rule" || exit 1',
    "  done || exit 1",
    "done",
    ...DROP_EMPTY_CHAINS,
  ].join("\n");
}

/**
 * Adds filter-table rules on the host, each tagged with the fault's id, in firedrill's own
 * chain for the built-in chain named (FIREDRILL-OUTPUT for OUTPUT), which the built-in one
 * jumps to first. The host's own rules are never edited or reordered, and `iptables -S
 * OUTPUT` on a host shows at a glance that firedrill is in effect there.
 */
export async function addRules(host: Host, faultId: string, rules: string[][]): Promise<void> {
  for (const rule of rules) {
    const [verb, chain, ...spec] = rule;
    const builtIn = chain ?? "OUTPUT";
    const own = firedrillChain(builtIn);
    await host.sh(
      [
        `iptables -w -N ${own} 2>/dev/null || true`,
        `iptables -w -C ${builtIn} -j ${own} -m comment --comment '${JUMP_TAG}' 2>/dev/null || iptables -w -I ${builtIn} 1 -j ${own} -m comment --comment '${JUMP_TAG}'`,
      ].join("\n"),
    );
    await host.execOrThrow(["iptables", "-w", verb ?? "-I", own, ...spec, "-m", "comment", "--comment", ruleTag(faultId)]);
  }
}

/**
 * Removes exactly the rules tagged with this fault id (or every firedrill rule, with
 * no id), in every table, and returns them. Rules are read back from iptables-save and
 * deleted by their own specification, so nothing else on the host is touched; firedrill's
 * chains go when they are empty.
 */
export async function removeTaggedRules(host: Host, faultId?: string): Promise<string[]> {
  const tag = faultId ? ruleTag(faultId) : RULE_TAG;
  const before = (await taggedRules(host, tag)).filter((r) => !r.rule.includes(JUMP_TAG));
  for (const saved of before) await host.exec(["iptables", "-w", ...deleteArguments(saved)]);
  await host.sh(DROP_EMPTY_CHAINS.join("\n"));
  const left = new Set((await taggedRules(host, tag)).map((r) => `${r.table} ${r.rule}`));
  return before.filter((r) => !left.has(`${r.table} ${r.rule}`)).map((r) => r.rule);
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
