import { randomBytes } from "node:crypto";
import { Secret } from "../util/secret.ts";
import { TlsAuthority, type TlsBundle } from "./tls-authority.ts";

/**
 * What a runner needs to reach a run's engines and agents: the run's client certificate
 * (mutual TLS) and the agents' token. Made per run, kept inside the run's own registry
 * container (never in a report or on the runner's disk), and gone when the run is swept.
 */
export interface RunAccess {
  client: TlsBundle;
  token: Secret;
}

/** A run's authority (to issue its hosts' server certificates at start) and the runner's access. */
export function newRunAccess(runId: string): { authority: TlsAuthority; access: RunAccess } {
  const authority = TlsAuthority.create(`firedrill run ${runId}`);
  return {
    authority,
    access: { client: authority.client(`firedrill runner ${runId}`), token: new Secret(randomBytes(24).toString("base64url"), "agent token") },
  };
}

/** The file a run keeps its access in (mode 0600, inside the run's registry container). */
export function accessFileContent(access: RunAccess): string {
  return JSON.stringify({ ca: access.client.ca, cert: access.client.cert, key: access.client.key.reveal(), token: access.token.reveal() });
}

export function parseAccessFile(text: string, where: string): RunAccess {
  const parsed = JSON.parse(text) as Partial<Record<"ca" | "cert" | "key" | "token", string>>;
  if (!parsed.ca || !parsed.cert || !parsed.key || !parsed.token) throw new Error(`${where} does not hold a run's access (ca, cert, key, token)`);
  return { client: { ca: parsed.ca, cert: parsed.cert, key: new Secret(parsed.key, "runner key") }, token: new Secret(parsed.token, "agent token") };
}

/** dockerode's TLS settings for an engine that requires the run's client certificate. */
export function engineTls(bundle: TlsBundle) {
  return { protocol: "https" as const, ca: bundle.ca, cert: bundle.cert, key: bundle.key.reveal() };
}
