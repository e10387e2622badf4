import { generateKeyPairSync, randomBytes } from "node:crypto";
import forge from "node-forge";
import { Secret } from "../util/secret.ts";

/** A certificate with its issuer's certificate and its private key (the key is a Secret). */
export interface TlsBundle {
  ca: string;
  cert: string;
  key: Secret;
}

export interface ServerNames {
  dns: string[];
  ips: string[];
}

const VALID_DAYS = 30;

/**
 * A certificate authority made for one run (or one remote lab): it signs the host
 * engines' and agents' server certificates and the runner's client certificate, and is
 * trusted by nothing else. Its private key lives in this object only.
 */
export class TlsAuthority {
  readonly #key: forge.pki.rsa.PrivateKey;
  readonly cert: forge.pki.Certificate;

  private constructor(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate) {
    this.#key = key;
    this.cert = cert;
  }

  static create(commonName: string): TlsAuthority {
    const { privateKey, publicKey } = rsaPair();
    const cert = certificate(publicKey, commonName);
    cert.setIssuer(cert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      { name: "subjectKeyIdentifier" },
    ]);
    cert.sign(privateKey, forge.md.sha256.create());
    return new TlsAuthority(privateKey, cert);
  }

  get caPem(): string {
    return forge.pki.certificateToPem(this.cert);
  }

  /** A server certificate for these names and addresses. */
  server(commonName: string, names: ServerNames): TlsBundle {
    return this.issue(commonName, [
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))] },
    ]);
  }

  /** A client certificate: what the runner shows an engine or an agent. */
  client(commonName: string): TlsBundle {
    return this.issue(commonName, [{ name: "extKeyUsage", clientAuth: true }]);
  }

  private issue(commonName: string, extensions: object[]): TlsBundle {
    const { privateKey, publicKey } = rsaPair();
    const cert = certificate(publicKey, commonName);
    cert.setIssuer(this.cert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: false, critical: true },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      ...extensions,
    ]);
    cert.sign(this.#key, forge.md.sha256.create());
    return {
      ca: this.caPem,
      cert: forge.pki.certificateToPem(cert),
      key: new Secret(forge.pki.privateKeyToPem(privateKey), `key of ${commonName}`),
    };
  }
}

/** Node makes the key (natively, in milliseconds); forge only builds and signs certificates. */
function rsaPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const privateKey = forge.pki.privateKeyFromPem(pair.privateKey.export({ type: "pkcs1", format: "pem" }).toString()) as forge.pki.rsa.PrivateKey;
  return { privateKey, publicKey: forge.pki.setRsaPublicKey(privateKey.n, privateKey.e) };
}

/**
 * A serial that DER encodes as a positive, minimal 16-byte INTEGER. Go's x509 (the Docker
 * engine's) refuses a non-minimal one ("malformed serial number"): a random first byte of 00
 * did that once in 256 certificates, so the first byte is forced into 0x40-0x7f. Random and
 * 126 bits wide, so a reissued certificate is never mistaken for another.
 */
export function serialNumberHex(random: Buffer): string {
  if (random.length !== 16) throw new Error(`a serial needs 16 random bytes, got ${random.length}`);
  const bytes = Buffer.from(random);
  bytes[0] = (bytes[0]! & 0x3f) | 0x40;
  return bytes.toString("hex");
}

function certificate(publicKey: forge.pki.rsa.PublicKey, commonName: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = serialNumberHex(randomBytes(16));
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + VALID_DAYS * 86_400_000);
  cert.setSubject([
    { name: "commonName", value: commonName },
    { name: "organizationName", value: "firedrill" },
  ]);
  return cert;
}
