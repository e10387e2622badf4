import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { inputError } from "../errors/firedrill-error.ts";
import { describeIssues } from "../errors/zod-issues.ts";
import type { TlsBundle } from "../engine/tls-authority.ts";
import { parseYamlData } from "../util/yaml-data.ts";
import { Secret } from "../util/secret.ts";
import { INVENTORY_HINT, type InventoryData, type InventoryHostData, inventorySchema } from "./inventory-schema.ts";

/** One host of an inventory, with its credentials read (the key is a Secret). */
export interface InventoryHost extends Omit<InventoryHostData, "tls" | "identityFile"> {
  tls?: TlsBundle;
  identityKey?: Secret;
  /** Where the certificates were read from (for messages; never their content). */
  tlsDir?: string;
}

export interface Inventory extends Omit<InventoryData, "hosts"> {
  file: string;
  /** sha256 of the file, first 16 hex digits: what a certificate says it was made against. */
  digest: string;
  hosts: InventoryHost[];
}

/**
 * Reads and validates an inventory before anything is touched: every problem names the
 * file, the field and the value (INVENTORY_INVALID, 65), a missing file is
 * INVENTORY_NOT_FOUND (66). Certificate directories and key files are resolved against the
 * inventory's folder and read now, so a missing key is refused here, not half-way.
 */
export async function loadInventory(file: string): Promise<Inventory> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw inputError("INVENTORY_NOT_FOUND", `${file}: the file does not exist`, INVENTORY_HINT);
    throw invalid(file, code === "EISDIR" ? "is a directory, not an inventory file" : `cannot be read (${(error as Error).message})`);
  }
  const data = parseYamlData(bytes.toString("utf8"), (detail) => invalid(file, detail), "an inventory is a mapping with name, description and hosts");
  const parsed = inventorySchema.safeParse(data);
  if (!parsed.success) throw invalid(file, describeIssues(parsed.error, data));
  const dir = path.dirname(path.resolve(file));
  const hosts = await Promise.all(parsed.data.hosts.map((host, i) => readCredentials(file, dir, host, i)));
  return { ...parsed.data, file, digest: createHash("sha256").update(bytes).digest("hex").slice(0, 16), hosts };
}

async function readCredentials(file: string, dir: string, host: InventoryHostData, index: number): Promise<InventoryHost> {
  const { tls, identityFile, ...rest } = host;
  const out: InventoryHost = { ...rest };
  if (tls) {
    const tlsDir = path.resolve(dir, tls);
    const read = async (name: string) => {
      const where = path.join(tlsDir, name);
      const text = await readFile(where, "utf8").catch((e: NodeJS.ErrnoException) => {
        throw invalid(file, `hosts.${index}.tls = ${JSON.stringify(tls)}: ${where} ${e.code === "ENOENT" ? "does not exist" : `cannot be read (${e.code})`}`);
      });
      if (!text.includes("-----BEGIN ")) throw invalid(file, `hosts.${index}.tls = ${JSON.stringify(tls)}: ${where} is not PEM`);
      return text;
    };
    // One after another: the first missing file is the one named, every time.
    const ca = await read("ca.pem");
    const cert = await read("cert.pem");
    const key = await read("key.pem");
    out.tls = { ca, cert, key: new Secret(key, `${host.name} client key`) };
    out.tlsDir = tlsDir;
  }
  if (identityFile) {
    const where = path.resolve(dir, identityFile);
    const key = await readFile(where, "utf8").catch((e: NodeJS.ErrnoException) => {
      throw invalid(file, `hosts.${index}.identityFile = ${JSON.stringify(identityFile)}: ${where} ${e.code === "ENOENT" ? "does not exist" : `cannot be read (${e.code})`}`);
    });
    out.identityKey = new Secret(key, `${host.name} ssh key`);
  }
  return out;
}

function invalid(file: string, detail: string) {
  return inputError("INVENTORY_INVALID", `${file}: ${detail}`, INVENTORY_HINT);
}
