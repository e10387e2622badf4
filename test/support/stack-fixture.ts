import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stringify } from "yaml";

/** The smallest complete manifest (the README's example), with `changes` applied. */
export function manifest(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    namespace: "shop",
    compose: ["shop.yml"],
    images: { web: { context: "images/web" }, db: { context: "images/db" } },
    services: ["web", "db"],
    traffic: { service: "web", port: 8080, network: "front", healthPath: "/health" },
    stateful: { service: "db", label: "shop.db" },
    probe: { path: "/items/{{seed.id}}", expect: { status: 200, json: { field: "id", equals: "{{seed.id}}" } } },
    items: {
      write: { method: "POST", path: "/items", headers: { "content-type": "application/json" }, body: '{"title": "{{item.title}}"}', status: 201, id: { json: "id" } },
      read: { path: "/items?ids={{ids}}" },
    },
    versions: { image: "web", baseline: "v1" },
    ...changes,
  };
}

export async function stackDir(data: Record<string, unknown>, files = ["shop.yml", "images/web/Dockerfile", "images/db/Dockerfile"]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "fd-stack-"));
  await writeFile(path.join(dir, "stack.yaml"), stringify(data));
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), "");
  }
  return dir;
}

