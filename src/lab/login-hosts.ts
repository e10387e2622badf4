import type { Host } from "./host.ts";
import type { LabRegistry } from "./lab-registry.ts";

/** Logs every host in to the run's registry, as a fleet's hosts would be. */
export async function loginHosts(hosts: readonly Host[], registry: LabRegistry): Promise<void> {
  await Promise.all(
    hosts.map((host) =>
      host.execOrThrow(["docker", "login", "--username", registry.credentials.user, "--password-stdin", registry.address], {
        stdin: registry.credentials.reveal(),
      }),
    ),
  );
}

/** Logs every host out of the run's registry: a fleet's hosts keep no login of a run that is gone. */
export async function logoutHosts(hosts: readonly Host[], registry: LabRegistry): Promise<void> {
  await Promise.all(hosts.map((host) => host.exec(["docker", "logout", registry.address]).catch(() => undefined)));
}
