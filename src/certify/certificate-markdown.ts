import { formatFigure } from "../checks/format.ts";
import { shownStatus } from "../checks/shown-status.ts";
import { type Certificate, type CertificateStatus } from "./certificate.ts";

const HEADINGS: Record<CertificateStatus, (c: Certificate) => string> = {
  certified: () => "Certified",
  partial: (c) => `Certified for ${c.coverage.scenarios} of ${c.coverage.of} scenarios`,
  "not certified": () => "Not certified",
  broken: () => "Not judged (the run broke)",
};

/**
 * The certificate as a person files it: what was certified, on what, how much of the
 * catalog, what was loosened, and every figure beside its budget.
 */
export function certificateMarkdown(c: Certificate): string {
  const lines = [
    `# ${HEADINGS[c.status](c)}: ${c.inventory ? `${c.inventory.name} (profile ${c.profile.name})` : c.profile.name}`,
    "",
    c.profile.description,
    "",
    `| | |`,
    `| --- | --- |`,
    `| profile | \`${c.profile.file}\` |`,
    `| digest | \`${c.profile.digest}\` |`,
    ...(c.stack ? [`| stack | \`${c.stack}\` |`] : []),
    ...(c.inventory ? [`| inventory | \`${c.inventory.file}\` (${escape(c.inventory.name)}) |`, `| inventory digest | \`${c.inventory.digest}\` |`] : []),
    ...(c.traffic ? [`| traffic | \`${escape(c.traffic)}\` |`] : []),
    `| status | **${c.status}** |`,
    ...(c.reason ? [`| reason | ${escape(c.reason)} |`] : []),
    `| coverage | ${c.coverage.scenarios} of ${c.coverage.of} scenarios |`,
    `| waivers | ${c.waivers.length === 0 ? "none" : c.waivers.length} |`,
    `| run | ${c.runId} |`,
    ...(c.code ? [`| firedrill | ${c.code.version}, sources \`${c.code.digest}\`${c.code.commit ? `, commit \`${c.code.commit.slice(0, 12)}\`` : ""} |`] : []),
    `| started | ${c.startedAt} |`,
    `| ended | ${c.endedAt} |`,
  ];
  if (c.hostFacts) {
    const f = c.hostFacts;
    lines.push(
      "",
      "## Hosts",
      "",
      `| | |`,
      `| --- | --- |`,
      `| hosts / managers | ${f.hosts} / ${f.managers} |`,
      `| engine | Docker ${f.engineVersion} (API ${f.apiVersion}) |`,
      `| kernel | ${f.kernel} |`,
      `| operating system | ${f.operatingSystem} |`,
      `| cgroups | v${f.cgroupVersion} |`,
      `| storage / logging | ${f.storageDriver} / ${f.loggingDriver} |`,
      `| live restore | ${f.liveRestore ? "on" : "off"} |`,
      `| security options | ${f.securityOptions.join(", ") || "none"} |`,
    );
    if (f.perHost?.length) {
      lines.push("", "| host | engine | kernel | storage | cgroup | iptables | daemon.json |", "| --- | --- | --- | --- | --- | --- | --- |");
      for (const h of f.perHost) {
        const keys = h.daemonJson && typeof h.daemonJson === "object" ? Object.keys(h.daemonJson).join(", ") : "none";
        lines.push(`| ${h.host} | ${h.engineVersion} (API ${h.apiVersion}) | ${h.kernel} | ${h.storageDriver} | ${h.cgroupDriver} v${h.cgroupVersion} | ${h.iptables} | ${keys || "empty"} |`);
      }
    }
  }
  if (c.coverage.notCovered.length > 0) {
    lines.push("", "## Not covered", "", "Left out by the profile's `scenarios:` key, or skipped because the stack does not declare what they need: nothing is certified about them.", "");
    for (const s of c.coverage.notCovered) lines.push(`- ${s.title} (\`${s.name}\`): not covered (${s.why})`);
  }
  if (c.waivers.length > 0) {
    lines.push("", "## Waivers", "", "Budgets the profile made looser than the scenarios' defaults: these scenarios passed against the looser figure.", "");
    for (const w of c.waivers) lines.push(`- \`${w.scenario}\`: ${escape(w.text)}`);
  }
  lines.push("", "## Scenarios", "");
  for (const s of c.scenarios) {
    lines.push(`### ${s.title} (\`${s.name}\`): ${s.verdict}`, "");
    if (s.reason) lines.push(escape(s.reason), "");
    if (s.checks.length > 0) {
      lines.push("| check | status | measured | budget |", "| --- | --- | --- | --- |");
      for (const check of s.checks) {
        const measured = check.measured === undefined ? "-" : formatFigure(check.measured, check.unit);
        const budget = check.budget === undefined ? "-" : formatFigure(check.budget, check.unit);
        lines.push(`| ${check.name} | ${shownStatus(check)} | ${measured} | ${budget} |`);
      }
      lines.push("");
    }
  }
  return lines.join("\n") + "\n";
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
