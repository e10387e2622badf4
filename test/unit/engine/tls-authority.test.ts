import { strict as assert } from "node:assert";
import { X509Certificate } from "node:crypto";
import { serialNumberHex, TlsAuthority } from "../../../src/engine/tls-authority.ts";

/** The DER bytes of a certificate's serial INTEGER (tbsCertificate's first INTEGER after the version). */
function serialDer(pem: string): Buffer {
  const der = new X509Certificate(pem).raw;
  // Certificate SEQ, tbs SEQ, [0] version (a0 03 02 01 02), then INTEGER 02 len bytes.
  const at = der.indexOf(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02])) + 5;
  assert.equal(der[at], 0x02, "the serial is an INTEGER");
  return der.subarray(at + 2, at + 2 + der[at + 1]!);
}

describe("TLS authority serial numbers", () => {
  it("forces the first byte positive and non-zero, whatever the random bytes", () => {
    assert.equal(serialNumberHex(Buffer.alloc(16, 0)), "40" + "00".repeat(15));
    assert.equal(serialNumberHex(Buffer.alloc(16, 0xff)), "7f" + "ff".repeat(15));
    assert.throws(() => serialNumberHex(Buffer.alloc(8)), /16 random bytes/);
  });

  it("issues certificates whose serial is a minimal DER INTEGER (Go's x509 refuses others)", () => {
    const ca = TlsAuthority.create("test-ca");
    for (const pem of [ca.caPem, ca.server("h", { dns: ["h"], ips: ["127.0.0.1"] }).cert, ca.client("runner").cert]) {
      const serial = serialDer(pem);
      assert.equal(serial.length, 16);
      assert.ok(serial[0]! >= 0x40 && serial[0]! <= 0x7f, `first byte ${serial[0]} is positive and not a padding zero`);
    }
  });
});
