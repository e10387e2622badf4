import os from "node:os";
import type Docker from "dockerode";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "../util/paths.ts";
import type { Inventory } from "../inventory/load-inventory.ts";

/** The facts a report's Environment panel shows: what this drill ran on. */
export async function drillEnvironment(engine: Docker, profile: string, hosts: number, stack: string, inventory?: Pick<Inventory, "name" | "digest">): Promise<Record<string, string>> {
  const version = await engine.version().catch(() => undefined);
  const info = (await engine.info().catch(() => ({}))) as { KernelVersion?: string; OperatingSystem?: string; CgroupVersion?: string };
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
  return {
    "firedrill version": pkg.version,
    profile,
    stack,
    hosts: String(hosts),
    ...(inventory ? { inventory: `${inventory.name} (digest ${inventory.digest})` } : {}),
    "engine version": version?.Version ?? "unknown",
    "engine API": version?.ApiVersion ?? "unknown",
    kernel: info.KernelVersion ?? os.release(),
    "operating system": info.OperatingSystem ?? os.type(),
    "cgroup version": info.CgroupVersion ?? "unknown",
    node: process.version,
  };
}
