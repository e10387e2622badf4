import type { StackManifest } from "./stack-manifest.ts";
import { redact, render, type TemplateValues } from "./template.ts";

/**
 * The stack's durability pair over plain HTTP, as its manifest describes it: write an
 * item, read items back by id. An item is recognised by its id and its title.
 */
export interface ItemView {
  id: string;
  title: string;
}

const TIMEOUT_MS = 10_000;

/** A write of one item as the manifest declares it: its path (under the edge) and request. */
export interface WriteRequest {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

export function writeRequest(manifest: StackManifest, values: TemplateValues, title: string): WriteRequest {
  const write = manifest.items.write;
  const filled = { ...values, "item.title": title };
  return {
    path: render(write.path, filled),
    method: write.method,
    headers: Object.fromEntries(Object.entries(write.headers).map(([k, v]) => [k, render(v, filled)])),
    ...(write.body === undefined ? {} : { body: render(write.body, filled) }),
  };
}

/** The written item's id when the answer is the declared one, else undefined. */
function writtenId(manifest: StackManifest, status: number, body: string): string | undefined {
  const write = manifest.items.write;
  return status === write.status ? idFrom(write.id, body) : undefined;
}

/** Writes an item through `baseUrl` and returns its id; throws with the stack's answer when it is not the declared one. */
export async function writeItem(baseUrl: string, manifest: StackManifest, values: TemplateValues, title: string): Promise<string> {
  const request = writeRequest(manifest, values, title);
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
    redirect: "manual",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = await response.text();
  const id = writtenId(manifest, response.status, body);
  if (id === undefined) throw new Error(redact(`writing "${title}" answered ${response.status}: ${clip(body)}`, values));
  return id;
}

/**
 * The whole read's limit: a scenario under load may owe a thousand items or more, and its
 * verdict should not wait minutes on a lab that stopped answering (the items are then unknown).
 */
const READ_DEADLINE_MS = 60_000;
/** Reads in flight at once: quick for a thousand items, light enough for a lab just restored. */
const READS_AT_ONCE = 4;

export interface ReadOptions {
  /** Each read's own limit (ms). */
  timeoutMs?: number;
  /** All the reads' limit (ms), however many batches are left. */
  deadlineMs?: number;
}

/** The items among `ids` that the stack returns, each id asked once, `read.batch` at a time. */
export async function readItems(
  baseUrl: string,
  manifest: StackManifest,
  values: TemplateValues,
  ids: readonly string[],
  { timeoutMs = TIMEOUT_MS, deadlineMs = READ_DEADLINE_MS }: ReadOptions = {},
): Promise<ItemView[]> {
  const read = manifest.items.read;
  const unique = [...new Set(ids)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += read.batch) batches.push(unique.slice(i, i + read.batch));
  const deadline = AbortSignal.timeout(deadlineMs);
  const found: ItemView[][] = [];
  let next = 0;
  let done = 0;
  let failed = false;
  const reader = async () => {
    while (next < batches.length && !failed) {
      const index = next++;
      try {
        found[index] = await readBatch(`${baseUrl}${render(read.path, { ...values, ids: batches[index]!.join(",") })}`, read, values, AbortSignal.any([AbortSignal.timeout(timeoutMs), deadline]));
      } catch (error) {
        // One failed read makes the whole answer unknown: the others stop asking.
        failed = true;
        throw error;
      }
      done += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, batches.length) }, reader));
  } catch (error) {
    if (deadline.aborted) throw new Error(`reading items: ${done} of ${batches.length} batches read within ${deadlineMs}ms`);
    throw error;
  }
  return found.flat();
}

async function readBatch(url: string, read: StackManifest["items"]["read"], values: TemplateValues, signal: AbortSignal): Promise<ItemView[]> {
  const response = await fetch(url, { redirect: "manual", signal });
  const body = await response.text();
  if (response.status !== 200) throw new Error(redact(`reading items answered ${response.status}: ${clip(body)}`, values));
  try {
    return parseItems(body, read.idField, read.titleField);
  } catch (error) {
    throw new Error(redact((error as Error).message, values));
  }
}

/** A read's answer: a JSON array whose items carry the id and title at the given dotted paths. */
export function parseItems(body: string, idField: string, titleField: string): ItemView[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new Error(`reading items: the answer is not JSON (${clip(body)})`);
  }
  if (!Array.isArray(parsed)) throw new Error(`reading items: the answer is not a JSON array (${clip(body)})`);
  return parsed.map((item) => {
    const id = at(item, idField);
    if (id === undefined || id === null) throw new Error(`reading items: an item without ${idField} (${clip(JSON.stringify(item))})`);
    return { id: String(id), title: String(at(item, titleField) ?? "") };
  });
}

/** The id in a write's answer: a top-level JSON field, or a regular expression's first group. */
export function idFrom(rule: { json: string } | { regex: string }, body: string): string | undefined {
  if ("regex" in rule) return new RegExp(rule.regex).exec(body)?.[1];
  try {
    const value = at(JSON.parse(body), rule.json);
    return value === undefined || value === null || typeof value === "object" ? undefined : String(value);
  } catch {
    return undefined;
  }
}

function at(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function clip(text: string): string {
  const flat = text.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
