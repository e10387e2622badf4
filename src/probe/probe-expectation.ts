/**
 * What a probe counts as success: the answer the stack declares, not merely "some answer".
 * An app that lost its database may redirect to a setup page that answers 200, so a
 * status alone (or a followed redirect) would count an outage as up time.
 */
export interface ProbeExpectation {
  /** The one status that is success; a redirect is never followed, so a 3xx fails. */
  status: number;
  /** The body is JSON whose `field` (top level) equals `equals` (a string also matches a number or boolean written the same: ids come from templates). */
  json?: { field: string; equals: string | number | boolean };
  /** The body contains this text. */
  bodyIncludes?: string;
}

/** Why an answer is not the expected one, or undefined when it is. */
export function unmetExpectation(expect: ProbeExpectation, status: number, body: string): string | undefined {
  if (status !== expect.status) return `status ${status}`;
  if (expect.json) {
    const reason = unmetJson(expect.json, body);
    if (reason) return reason;
  }
  if (expect.bodyIncludes !== undefined && !body.includes(expect.bodyIncludes)) {
    return `body: no ${JSON.stringify(clip(expect.bodyIncludes))}`;
  }
  return undefined;
}

function unmetJson(json: NonNullable<ProbeExpectation["json"]>, body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body: not JSON (${JSON.stringify(clip(body))})`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "body: not a JSON object";
  if (!(json.field in parsed)) return `body: no ${json.field}`;
  const actual = (parsed as Record<string, unknown>)[json.field];
  const same = actual === json.equals || (typeof json.equals === "string" && (typeof actual === "number" || typeof actual === "boolean") && String(actual) === json.equals);
  if (!same) return `body: ${json.field} ${JSON.stringify(actual)}, expected ${JSON.stringify(json.equals)}`;
  return undefined;
}

/** Enough of a body to recognise it in a report, not a page of HTML. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 40 ? `${flat.slice(0, 40)}…` : flat;
}
