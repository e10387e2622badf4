import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAlias, LineCounter, parseDocument, visit, type Document } from "yaml";
import { inputError } from "../errors/firedrill-error.ts";
import { type Profile, PROFILE_HINT, validateProfile } from "./profile-schema.ts";

export type { Profile, ProfileLab } from "./profile-schema.ts";

/**
 * Reads and validates a profile before anything is started. Every problem is an input
 * error naming the file, the field and the bad value: PROFILE_NOT_FOUND when there is no
 * file, PROFILE_INVALID for everything else.
 */
export async function loadProfile(file: string): Promise<Profile> {
  const bytes = await readProfile(file);
  const digest = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  const data = parseYaml(bytes.toString("utf8"), file);
  return { file, digest, ...validateProfile(data, file) };
}

async function readProfile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw inputError("PROFILE_NOT_FOUND", `${file}: the file does not exist`, "Give the path of a profile file, for example profiles/default.yaml.");
    }
    const why = code === "EISDIR" ? "is a directory, not a profile file" : `cannot be read (${(error as Error).message})`;
    throw invalid(file, why);
  }
}

function invalid(file: string, detail: string) {
  return inputError("PROFILE_INVALID", `${file}: ${detail}`, PROFILE_HINT);
}

/** The YAML as plain data, known to be a mapping. */
function parseYaml(text: string, file: string): Record<string, unknown> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  // Warnings count too: an unknown tag would otherwise become a plain string unnoticed.
  const problems = [...doc.errors, ...doc.warnings].map((e) => {
    const message = e.code === "MULTIPLE_DOCS" ? "a profile is one YAML document (remove the second ---)" : e.message;
    return `line ${lines.linePos(e.pos[0]).line}: ${message}`;
  });
  if (problems.length > 0) throw invalid(file, problems.join("; "));

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // An unresolved alias, or more aliases than a profile could need (a resource attack).
    const line = unresolvedAliasLine(doc, lines);
    throw invalid(file, `${line === undefined ? "" : `line ${line}: `}${(error as Error).message}`);
  }

  const shape = "(a profile is a mapping of keys, at least name and description)";
  if (data === null || data === undefined) throw invalid(file, `the file is empty ${shape}`);
  if (Array.isArray(data)) throw invalid(file, `the top level is a list ${shape}`);
  if (typeof data !== "object") throw invalid(file, `the top level is a ${typeof data}, ${JSON.stringify(data)} ${shape}`);
  const odd = notPlainData(data, [], []);
  if (odd) throw invalid(file, odd);
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
 * A profile is JSON data: daemonJson is written out as JSON and every message shows values
 * as JSON. YAML can say more (binary, .inf, an alias inside its own anchor); refuse that.
 */
function notPlainData(value: unknown, at: PropertyKey[], ancestors: object[]): string | undefined {
  const field = at.join(".") || "(top level)";
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") {
    return Number.isFinite(value) ? undefined : `${field} = ${String(value)}: not a finite number (a profile is JSON data)`;
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
