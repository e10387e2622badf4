import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inspect } from "node:util";
import { inputError } from "../errors/firedrill-error.ts";

const REDACTED = "[redacted]";

/**
 * The lab registry's login. The password never leaves this object by accident: it is
 * redacted from JSON, from util.inspect (console.log, error dumps) and from String().
 * Code that must send it calls `reveal()`.
 */
export class RegistryCredentials {
  readonly user: string;
  readonly #password: string;

  constructor(user: string, password: string) {
    this.user = user;
    this.#password = password;
  }

  /**
   * From FIREDRILL_REGISTRY_USER with FIREDRILL_REGISTRY_PASSWORD or
   * FIREDRILL_REGISTRY_PASSWORD_FILE; otherwise a fresh random pair for this run.
   */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): RegistryCredentials {
    const file = env.FIREDRILL_REGISTRY_PASSWORD_FILE;
    let password = env.FIREDRILL_REGISTRY_PASSWORD;
    if (file) {
      try {
        password = readFileSync(file, "utf8").trim();
      } catch (error) {
        throw inputError(
          "REGISTRY_PASSWORD_FILE",
          `FIREDRILL_REGISTRY_PASSWORD_FILE=${file} cannot be read (${(error as NodeJS.ErrnoException).code})`,
          "Point it at a readable file holding the password on its first line, or unset it for a random password.",
        );
      }
    }
    if (password !== undefined && password.length < 8) {
      throw inputError(
        "REGISTRY_PASSWORD_WEAK",
        "The registry password from the environment is shorter than 8 characters",
        "Use a longer password, or unset FIREDRILL_REGISTRY_PASSWORD for a random one.",
      );
    }
    return new RegistryCredentials(
      env.FIREDRILL_REGISTRY_USER ?? "firedrill",
      password ?? randomBytes(18).toString("base64url"),
    );
  }

  reveal(): string {
    return this.#password;
  }

  /** The file the registry container reads at start: user, then password. */
  fileContent(): string {
    return `${this.user}\n${this.#password}\n`;
  }

  authConfig(serveraddress: string) {
    return { username: this.user, password: this.#password, serveraddress };
  }

  toJSON() {
    return { user: this.user, password: REDACTED };
  }

  toString(): string {
    return `${this.user}:${REDACTED}`;
  }

  [inspect.custom]() {
    return `RegistryCredentials { user: '${this.user}', password: '${REDACTED}' }`;
  }
}
