import https from "node:https";
import type { ExecOptions, ExecResult } from "../docker/exec.ts";
import type { TlsBundle } from "../engine/tls-authority.ts";
import type { Secret } from "../util/secret.ts";

/** How the runner reaches one host's agent: its address, the run's client certificate and token. */
export interface AgentAccess {
  host: string;
  port: number;
  tls: TlsBundle;
  token: Secret;
}

export interface AgentHealth {
  agent: string;
  /** Answered by the keeper of a stopped engine, not by the agent. */
  keeper?: boolean;
  faults: string[];
  leaseRemainingMs: number | null;
}

export interface PreflightCheck {
  what: string;
  ok: boolean;
  detail: string;
}

export interface AgentFault {
  id: string;
  /** A shell script, run on the host, that undoes the fault; safe to run twice. */
  undo: string;
  /** After this long the agent undoes the fault whatever the runner says. */
  maxMs: number;
  /** Without a renewal within this long, the agent undoes every fault and exits. */
  leaseMs: number;
}

export interface UndoResult {
  /** Whether the agent still held the fault (false: it had already undone it, or never knew it). */
  known: boolean;
  exitCode: number;
  output: string;
}

/** Thrown when the agent cannot be reached (as opposed to a command failing on the host). */
export class AgentUnreachable extends Error {
  constructor(
    message: string,
    /** False only when the request never reached the agent (refused, or no TLS session): safe to send again. */
    readonly mayHaveRun = true,
  ) {
    super(message);
  }
}

/**
 * The runner's side of a host agent: HTTPS with the run's client certificate, and the run's
 * token on every request. The agent answers while its engine is frozen (its own process
 * keeps running), which is why faults do not go through `docker exec`.
 */
export class AgentClient {
  readonly #access: AgentAccess;
  readonly #agent: https.Agent;

  constructor(
    readonly name: string,
    access: AgentAccess,
  ) {
    this.#access = access;
    this.#agent = new https.Agent({ ca: access.tls.ca, cert: access.tls.cert, key: access.tls.key.reveal(), keepAlive: false });
  }

  get url(): string {
    return `https://${this.#access.host}:${this.#access.port}`;
  }

  health(timeoutMs = 5000): Promise<AgentHealth> {
    return this.call("GET", "/v1/health", undefined, timeoutMs);
  }

  async preflight(): Promise<PreflightCheck[]> {
    return (await this.call<{ checks: PreflightCheck[] }>("GET", "/v1/preflight", undefined, 90_000)).checks;
  }

  exec(argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    const env = Object.fromEntries((options.env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
    const stdin = options.stdinBytes ?? (options.stdin !== undefined ? Buffer.from(options.stdin) : undefined);
    return this.call("POST", "/v1/exec", { argv, env, timeoutMs, stdin: stdin?.toString("base64") ?? null, ...(options.inAgent ? { inAgent: true } : {}) }, timeoutMs + 10_000);
  }

  /**
   * Stops the host's engine, held as a fault whose undo is `start`: the agent starts its
   * keeper (outside the engine) first, which stops the engine, answers on this port while
   * the engine is down, and starts it again on `forget`, when the lease lapses, or at the
   * fault's maximum.
   */
  async engineHalt(fault: Omit<AgentFault, "undo"> & { stop: string; start: string }): Promise<void> {
    await this.call("POST", "/v1/engine-halt", fault);
  }

  async register(fault: AgentFault): Promise<void> {
    await this.call("POST", "/v1/faults", fault);
  }

  /** Runs the fault's undo now; `undo` is used if the agent no longer holds the fault. */
  forget(id: string, undo: string): Promise<UndoResult> {
    return this.call("DELETE", `/v1/faults/${encodeURIComponent(id)}`, { undo }, 90_000);
  }

  renew(ms: number): Promise<{ leaseRemainingMs: number; faults: string[] }> {
    return this.call("POST", "/v1/lease", { ms });
  }

  private call<T>(method: string, path: string, body?: unknown, timeoutMs = 15_000): Promise<T> {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    return new Promise<T>((resolve, reject) => {
      const request = https.request(
        {
          host: this.#access.host,
          port: this.#access.port,
          method,
          path,
          agent: this.#agent,
          timeout: timeoutMs,
          headers: {
            authorization: `Bearer ${this.#access.token.reveal()}`,
            ...(data ? { "content-type": "application/json", "content-length": data.length } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          // An agent that dies between the headers and the body would otherwise leave this unsettled.
          response.on("close", () => {
            if (!response.complete) reject(new AgentUnreachable(`${this.name} agent at ${this.url}: the answer to ${method} ${path} was cut off`));
          });
          response.on("data", (c: Buffer) => chunks.push(c));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            if ((response.statusCode ?? 0) >= 300) {
              reject(new Error(`${this.name} agent: ${method} ${path} answered ${response.statusCode}: ${text.slice(0, 300)}`));
              return;
            }
            try {
              resolve(JSON.parse(text) as T);
            } catch {
              reject(new Error(`${this.name} agent: ${method} ${path} answered with no JSON: ${text.slice(0, 200)}`));
            }
          });
        },
      );
      let secured = false;
      request.on("socket", (socket) => socket.once("secureConnect", () => (secured = true)));
      request.on("timeout", () => request.destroy(new AgentUnreachable(`${this.name} agent at ${this.url}: no answer within ${timeoutMs / 1000}s`)));
      request.on("error", (error) =>
        reject(error instanceof AgentUnreachable ? error : new AgentUnreachable(`${this.name} agent at ${this.url}: ${(error as Error).message}`, secured)),
      );
      request.end(data);
    });
  }
}
