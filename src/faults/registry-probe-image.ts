import { createHash } from "node:crypto";
import type { RequestInit, Response } from "undici";
import type { StartedLab } from "../lab/started-lab.ts";

/** Carried in the probe image's config: finds it on a host however it was pulled (by tag or digest). */
export const PROBE_IMAGE_LABEL = "firedrill.probe-image";

const MANIFEST_TYPES = "application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json";

interface Manifest {
  config: { mediaType: string; size: number; digest: string };
  layers: unknown[];
}

/**
 * An image that is in the lab registry and on no host, so a pull of it cannot fall back on
 * a cached copy: the lab's haproxy image with the fault id written into its config. Its
 * config (a few KB) is the only upload, its layers are haproxy's, and it runs `true`.
 * Returns the reference as the hosts name it.
 */
export async function createProbeImage(lab: StartedLab, faultId: string): Promise<string> {
  const { repo, tag } = haproxyRepo(lab);
  const source = await registryFetch(lab, `/v2/${repo}/manifests/${tag}`, { headers: { accept: MANIFEST_TYPES } });
  const mediaType = source.headers.get("content-type") ?? "application/vnd.docker.distribution.manifest.v2+json";
  const manifest = (await source.json()) as Manifest;
  const config = (await (await registryFetch(lab, `/v2/${repo}/blobs/${manifest.config.digest}`)).json()) as { config?: Record<string, unknown> };
  const inner = config.config ?? {};
  config.config = { ...inner, Labels: { ...(inner.Labels as object | undefined), [PROBE_IMAGE_LABEL]: faultId }, Entrypoint: ["true"], Cmd: null, Healthcheck: undefined };
  const body = Buffer.from(JSON.stringify(config));
  const digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;

  const upload = await registryFetch(lab, `/v2/${repo}/blobs/uploads/`, { method: "POST" });
  const location = new URL(upload.headers.get("location") ?? "", lab.registry.url);
  location.searchParams.set("digest", digest);
  await registryFetch(lab, `${location.pathname}${location.search}`, { method: "PUT", body, headers: { "content-type": "application/octet-stream" } });
  const probe: Manifest = { ...manifest, config: { ...manifest.config, digest, size: body.length } };
  await registryFetch(lab, `/v2/${repo}/manifests/${probeTag(faultId)}`, { method: "PUT", body: JSON.stringify(probe), headers: { "content-type": mediaType } });
  return `${lab.registry.address}/${repo}:${probeTag(faultId)}`;
}

/**
 * Deletes the probe image of this fault from the registry, if it is there: its manifest
 * and its config, both unique to it (the layers are haproxy's and stay). Says whether
 * there was one. Safe to call twice, or after a crash.
 */
export async function removeProbeImage(lab: StartedLab, faultId: string): Promise<boolean> {
  const { repo } = haproxyRepo(lab);
  const found = await registryFetch(lab, `/v2/${repo}/manifests/${probeTag(faultId)}`, { headers: { accept: MANIFEST_TYPES } }, [404]);
  if (found.status === 404) return false;
  const digest = found.headers.get("docker-content-digest");
  const manifest = (await found.json()) as Manifest;
  const config = (await (await registryFetch(lab, `/v2/${repo}/blobs/${manifest.config.digest}`)).json()) as { config?: { Labels?: Record<string, string> } };
  // The tag names this fault; the label proves the config is the probe's own, never haproxy's.
  if (config.config?.Labels?.[PROBE_IMAGE_LABEL] !== faultId) throw new Error(`${repo}:${probeTag(faultId)} in the registry is not firedrill's probe image; left alone`);
  await registryFetch(lab, `/v2/${repo}/manifests/${digest}`, { method: "DELETE" }, [404]);
  await registryFetch(lab, `/v2/${repo}/blobs/${manifest.config.digest}`, { method: "DELETE" }, [404]);
  return true;
}

function probeTag(faultId: string): string {
  return `firedrill-probe-${faultId}`;
}

function haproxyRepo(lab: StartedLab): { repo: string; tag: string } {
  return lab.registry.repositoryOf(lab.images.haproxy);
}

/** A registry API call from the runner with the lab's login; anything but 2xx (or an allowed status) throws. */
async function registryFetch(lab: StartedLab, path: string, init: RequestInit = {}, allowed: number[] = []): Promise<Response> {
  const response = await lab.registry.fetch(path, init);
  if (!response.ok && !allowed.includes(response.status)) {
    const text = await response.text().catch(() => "");
    throw new Error(`registry ${init.method ?? "GET"} ${path.split("?")[0]}: ${response.status} ${text.trim().slice(0, 200)}`);
  }
  return response;
}
