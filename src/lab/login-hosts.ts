import { REGISTRY_ADDRESS } from "./lab-context.ts";
import type { Host } from "./host.ts";
import type { RegistryCredentials } from "../docker/registry-credentials.ts";

/** Logs every host in to the lab registry, as a fleet's hosts would be. */
export async function loginHosts(hosts: readonly Host[], credentials: RegistryCredentials): Promise<void> {
  await Promise.all(
    hosts.map((host) =>
      host.execOrThrow(["docker", "login", "--username", credentials.user, "--password-stdin", REGISTRY_ADDRESS], {
        stdin: credentials.reveal(),
      }),
    ),
  );
}
