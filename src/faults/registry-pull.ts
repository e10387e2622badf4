import { isIP } from "node:net";
import type { Host } from "../lab/host.ts";
import type { StartedLab } from "../lab/started-lab.ts";

/**
 * Pulls an app image on a host through its engine with the lab's credentials, giving up
 * after `timeoutMs` (a dropped connection would otherwise hang for minutes). Says
 * whether it worked and what the engine answered.
 */
export async function tryPull(lab: StartedLab, host: Host, timeoutMs = 8000): Promise<{ ok: boolean; detail: string }> {
  const reference = lab.registry.image(lab.images.haproxy);
  const docker = host.engine(timeoutMs);
  const t0 = Date.now();
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000}s`)), timeoutMs);
      docker.pull(reference, { authconfig: lab.registry.authConfig() }, (error: Error | null, stream?: NodeJS.ReadableStream) => {
        if (error || !stream) {
          clearTimeout(timer);
          return reject(error ?? new Error("no stream"));
        }
        docker.modem.followProgress(stream, (err, events: Array<{ error?: string }>) => {
          clearTimeout(timer);
          const failed = err?.message ?? events.find((e) => e.error)?.error;
          failed ? reject(new Error(failed)) : resolve();
        });
      });
    });
    return { ok: true, detail: `${host.name} pulled ${reference} in ${Date.now() - t0}ms` };
  } catch (error) {
    return { ok: false, detail: `${host.name} cannot pull ${reference}: ${(error as Error).message.split("\n")[0]}` };
  }
}

/** The registry's address on the lab network, as the host resolves it. */
/** The registry's address and port as this host reaches it (the name resolved on the host). */
export async function registryEndpoint(lab: StartedLab, host: Host): Promise<{ ip: string; port: string }> {
  const [name = "", port = "5000"] = lab.registry.address.split(":");
  if (isIP(name)) return { ip: name, port };
  const out = await host.execOrThrow(["getent", "hosts", name]);
  const ip = out.trim().split(/\s+/)[0];
  if (!ip) throw new Error(`${host.name} cannot resolve the registry (${name})`);
  return { ip, port };
}
