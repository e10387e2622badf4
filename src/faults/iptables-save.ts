/**
 * Reading `iptables-save` output: which table each rule is in ("*filter" opens a table),
 * what its counters say (`-c`: "[packets:bytes] -A CHAIN ..."), and its arguments.
 */

/** A rule as iptables-save prints it ("-A OUTPUT -d ... -j DROP"), with its table. */
export interface SavedRule {
  table: string;
  rule: string;
}

/** A rule's counters, as the kernel keeps them: packets and bytes that matched it so far. */
export interface RuleCount extends SavedRule {
  packets: number;
  bytes: number;
}

/** The rules of `iptables-save` output that carry `tag`, each with its table. */
export function rulesTagged(dump: string, tag: string): SavedRule[] {
  const found: SavedRule[] = [];
  let table = "filter";
  for (const line of dump.split("\n")) {
    if (line.startsWith("*")) table = line.slice(1).trim();
    else if (line.startsWith("-A ") && line.includes(tag)) found.push({ table, rule: line.trim() });
  }
  return found;
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

/**
 * Splits an iptables-save rule into arguments, keeping quoted comments whole and
 * undoing the backslashes iptables-save puts before a quote or a backslash inside them,
 * so that the arguments name the rule as it was added (and `-D` finds it).
 */
export function splitRule(rule: string): string[] {
  const args: string[] = [];
  for (const match of rule.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) args.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] ?? ""));
  return args;
}

/** The iptables arguments that delete a saved rule: its table, -D, and the rule's own specification. */
export function deleteArguments({ table, rule }: SavedRule): string[] {
  return ["-t", table, "-D", ...splitRule(rule.replace(/^-A /, ""))];
}
