import assert from "node:assert/strict";
import { FiredrillError } from "../../src/errors/firedrill-error.ts";

/** The error a call throws, known to be firedrill's own. */
export function thrown(call: () => unknown): FiredrillError {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof FiredrillError, `not a FiredrillError: ${String(error)}`);
    return error;
  }
  assert.fail("did not throw");
}
