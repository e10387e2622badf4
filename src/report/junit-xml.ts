import { xmlText } from "./xml-escape.ts";
import type { CheckResult } from "../checks/check-result.ts";
import { shownStatus } from "../checks/shown-status.ts";
import type { ScenarioResult } from "../scenarios/scenario-result.ts";

/**
 * The drill's results as a JUnit XML document, one test case per scenario: failed is a
 * <failure> (the failed checks' details), broken an <error> (why it broke), skipped a
 * <skipped/>; every case's <system-out> lists all its checks. Times are in seconds.
 */
export function junitXml(results: readonly ScenarioResult[], suiteName = "firedrill"): string {
  const count = (verdict: ScenarioResult["verdict"]) => results.filter((r) => r.verdict === verdict).length;
  const totals =
    `tests="${results.length}" failures="${count("failed")}" errors="${count("broken")}" skipped="${count("skipped")}" ` +
    `time="${seconds(results.reduce((sum, r) => sum + durationOf(r), 0))}"`;
  const started = results.map((r) => r.startedAt).filter(Number.isFinite);
  const timestamp = started.length ? isoSeconds(started.reduce((a, b) => Math.min(a, b))) : undefined;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(suiteName)}" ${totals}>`,
    `  <testsuite name="${attr(suiteName)}" ${totals}${timestamp ? ` timestamp="${timestamp}"` : ""}>`,
    ...results.flatMap(testCase),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

function testCase(r: ScenarioResult): string[] {
  const lines = [`    <testcase classname="firedrill.${attr(r.name)}" name="${attr(r.title)}" time="${seconds(durationOf(r))}">`];
  switch (r.verdict) {
    case "failed": {
      const failed = r.checks.filter((c) => c.status === "failed");
      const message = failed.length ? failed.map((c) => c.detail).join("; ") : (r.reason ?? "failed");
      const body = failed.length ? failed.map((c) => `${c.name}: ${c.detail}`).join("\n") : message;
      lines.push(`      <failure message="${attr(message)}" type="failed">${xmlText(body)}</failure>`);
      break;
    }
    case "broken": {
      const unknown = r.checks.filter((c) => c.status === "unknown");
      const reason = r.reason ?? (unknown.length ? `checks could not be made: ${unknown.map((c) => `${c.name}: ${c.detail}`).join("; ")}` : "broken");
      const type = r.errorCode ? attr(r.errorCode) : "broken";
      lines.push(`      <error message="${attr(reason)}" type="${type}">${xmlText(reason)}</error>`);
      break;
    }
    case "skipped":
      lines.push(r.reason ? `      <skipped message="${attr(r.reason)}"/>` : `      <skipped/>`);
      break;
    case "passed":
      break;
  }
  lines.push(`      <system-out>${xmlText(r.checks.length ? r.checks.map(checkLine).join("\n") : "no checks were made")}</system-out>`, `    </testcase>`);
  return lines;
}

function checkLine(c: CheckResult): string {
  return `${c.name}: ${shownStatus(c)} — ${c.detail}`;
}

function durationOf(r: ScenarioResult): number {
  const ms = r.endedAt - r.startedAt;
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

/** Milliseconds as seconds with three decimals: "12.345". */
function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** "2024-05-01T10:00:00Z": ISO 8601 to the second, in UTC. */
function isoSeconds(at: number): string | undefined {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace(/\.\d{3}Z$/, "Z");
}


/** Attribute content (double-quoted): as text, plus quotes, and whitespace kept through attribute normalisation. */
function attr(value: string): string {
  return xmlText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
