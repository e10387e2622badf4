import { isAlias, LineCounter, parseDocument, visit, type Document } from "yaml";

/**
 * A YAML file read as plain JSON data (a mapping), every problem reported through
 * `invalid` with its line, so the caller names the file and what to do.
 */
/** The YAML as plain data, known to be a mapping. */
export function parseYamlData(text: string, invalid: (detail: string) => Error, shape: string): Record<string, unknown> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // Warnings count too: an unknown tag would otherwise become a plain string unnoticed.
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const message = e.code === "MULTIPLE_DOCS" ? "one YAML document is expected (remove the second ---)" : e.message;
    return `line ${lines.linePos(e.pos[0]).line}: ${message}`;
  });
  if (problems.length > 0) throw invalid(problems.join("; "));

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // An unresolved alias, or more aliases than a profile could need (a resource attack).
    const line = unresolvedAliasLine(doc, lines);
    throw invalid(`${line === undefined ? "" : `line ${line}: `}${(error as Error).message}`);
  }

  if (data === null || data === undefined) throw invalid(`the file is empty (${shape})`);
  if (Array.isArray(data)) throw invalid(`the top level is a list (${shape})`);
  if (typeof data !== "object") throw invalid(`the top level is a ${typeof data}, ${JSON.stringify(data)} (${shape})`);
  const odd = notPlainData(data, [], []);
  if (odd) throw invalid(odd);
  return data as Record<string, unknown>;
}

function unresolvedAliasLine(doc: Document, lines: LineCounter): number | undefined {
  let line: number | undefined;
  visit(doc, {
    Alias(_, node) {
      if (isAlias(node) && node.resolve(doc) === undefined && node.range) {
        line = lines.linePos(node.range[0]).line;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return line;
}

/**
 * Profiles and stack manifests are JSON data: daemonJson is written out as JSON and every
 * message shows values as JSON. YAML can say more (binary, .inf, an alias inside its own anchor); refuse that.
 */
function notPlainData(value: unknown, at: PropertyKey[], ancestors: object[]): string | undefined {
  const field = at.join(".") || "(top level)";
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : `${field} = ${String(value)}: not a finite number (the file is JSON data)`;
  }
  const isList = Array.isArray(value);
  if (typeof value !== "object" || (!isList && Object.getPrototypeOf(value) !== Object.prototype)) {
    return `${field}: a ${value?.constructor?.name ?? typeof value} is not JSON data (a YAML tag such as !!binary?)`;
  }
  if (ancestors.includes(value)) return `${field}: contains itself (an alias inside its own anchor)`;
  const inner = [...ancestors, value];
  const entries: Array<[PropertyKey, unknown]> = isList ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [key, child] of entries) {
    const found = notPlainData(child, [...at, key], inner);
    if (found) return found;
  }
  return undefined;
}
