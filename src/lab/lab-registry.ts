import { Agent, fetch, type RequestInit, type Response } from "undici";
import { repositoryOf, tagOf } from "../docker/image-reference.ts";
import type { RegistryCredentials } from "../docker/registry-credentials.ts";

export interface LabRegistryInit {
  /** Where the hosts pull from: `registry:5000` on the local lab's network, `ADDRESS:PORT` on an inventory. */
  address: string;
  /** Where the runner reaches it: http://127.0.0.1:PORT, or https://ADDRESS:PORT (the run's certificate). */
  url: string;
  /** The container it runs in (on the runner's engine, or on an inventory's first manager). */
  containerId: string;
  credentials: RegistryCredentials;
  /** The run's CA, when the registry speaks TLS (an inventory's hosts trust it through certs.d). */
  ca?: string;
}

/**
 * The run's private registry: the source of every image the hosts run, with the run's
 * login. `image()` names an image as the hosts pull it; `fetch()` is the registry API
 * from the runner, with the login (and the run's CA where it speaks TLS).
 */
export class LabRegistry {
  readonly address: string;
  readonly url: string;
  readonly containerId: string;
  readonly credentials: RegistryCredentials;
  readonly #dispatcher: Agent | undefined;

  constructor(init: LabRegistryInit) {
    this.address = init.address;
    this.url = init.url;
    this.containerId = init.containerId;
    this.credentials = init.credentials;
    this.#dispatcher = init.ca ? new Agent({ connect: { ca: init.ca } }) : undefined;
  }

  /** An image (a runner-engine reference) as the hosts pull it: same repository and tag, from this registry. */
  image(reference: string): string {
    return `${this.address}/${repositoryOf(reference)}:${tagOf(reference)}`;
  }

  /** The repository and tag of an image inside this registry. */
  repositoryOf(reference: string): { repo: string; tag: string } {
    return { repo: repositoryOf(reference), tag: tagOf(reference) };
  }

  authConfig() {
    return this.credentials.authConfig(this.address);
  }

  /** A registry API call from the runner with the run's login; `path` starts with /v2/. */
  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const auth = Buffer.from(`${this.credentials.user}:${this.credentials.reveal()}`).toString("base64");
    return fetch(`${this.url}${path}`, {
      signal: AbortSignal.timeout(10_000),
      ...init,
      headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Basic ${auth}` },
      ...(this.#dispatcher ? { dispatcher: this.#dispatcher } : {}),
    });
  }
}
