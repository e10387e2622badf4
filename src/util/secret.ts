import { inspect } from "node:util";

const REDACTED = "[redacted]";

/**
 * A secret value (a private key, a token). It never leaves this object by accident: it is
 * redacted from JSON, from util.inspect (console.log, error dumps) and from String(). Code
 * that must send it calls `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(
    value: string,
    readonly what = "secret",
  ) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret { ${this.what}: '${REDACTED}' }`;
  }
}
