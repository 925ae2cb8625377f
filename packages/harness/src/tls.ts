import { spawnSync } from "node:child_process";
import { mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A throwaway private CA and certificates for TLS tests, made with the openssl commands the docs give
 * users (apps/docs privacy-security.md): `req -x509` for the CA, `req` + `x509 -req -extfile` for
 * each certificate. Needs the openssl command (Debian package `openssl`).
 */

export interface TestPki {
  readonly dir: string;
  /** The CA clients trust (OTEL_EXPORTER_OTLP_CERTIFICATE) and, for mutual TLS, the collector too. */
  readonly caCert: string;
  readonly caKey: string;
  /** The collector's certificate (subjectAltName IP:127.0.0.1 and DNS:localhost) and key. */
  readonly serverCert: string;
  readonly serverKey: string;
  /** A client certificate signed by the CA, for mutual TLS. */
  readonly clientCert: string;
  readonly clientKey: string;
  /** A second, unrelated CA: trusting it instead of caCert must fail verification. */
  readonly otherCaCert: string;
}

function openssl(dir: string, args: string[]): void {
  const res = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (res.error) {
    throw new Error(
      `cannot run openssl (${res.error.message}); install it (Debian: apt-get install openssl)`,
    );
  }
  if (res.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${res.stderr}`);
}

function makeCa(dir: string, name: string, cn: string): void {
  openssl(dir, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-sha256",
    "-days",
    "2",
    "-nodes",
    "-subj",
    `/CN=${cn}`,
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.crt`,
  ]);
}

/** `<name>.crt` signed by ca.crt, for a new `<name>.key`, or for the existing `key` when given. */
function issue(dir: string, name: string, cn: string, extensions: string[], key?: string): void {
  writeFileSync(join(dir, `${name}.ext`), `${extensions.join("\n")}\n`);
  openssl(dir, [
    "req",
    ...(key ? ["-new", "-key", key] : ["-newkey", "rsa:2048", "-nodes", "-keyout", `${name}.key`]),
    "-subj",
    `/CN=${cn}`,
    "-out",
    `${name}.csr`,
  ]);
  openssl(dir, [
    "x509",
    "-req",
    "-sha256",
    "-days",
    "2",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.crt`,
  ]);
}

const SERVER_EXTENSIONS = ["subjectAltName=IP:127.0.0.1,DNS:localhost", "extendedKeyUsage=serverAuth"];

export function makeTestPki(dir = mkdtempSync(join(tmpdir(), "cc-otel-pki-"))): TestPki {
  makeCa(dir, "ca", "cc-otel test CA");
  makeCa(dir, "other-ca", "some other CA");
  issue(dir, "tls", "127.0.0.1", SERVER_EXTENSIONS);
  issue(dir, "client", "a laptop", ["extendedKeyUsage=clientAuth"]);
  return {
    dir,
    caCert: join(dir, "ca.crt"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "tls.crt"),
    serverKey: join(dir, "tls.key"),
    clientCert: join(dir, "client.crt"),
    clientKey: join(dir, "client.key"),
    otherCaCert: join(dir, "other-ca.crt"),
  };
}

/**
 * Renews the server certificate in place (same key, new serial), as a certificate renewal would:
 * signed into a side file, then renamed over tls.crt so a reader never sees half a file.
 */
export function renewServerCert(pki: TestPki): void {
  issue(pki.dir, "renewed", "127.0.0.1", SERVER_EXTENSIONS, pki.serverKey);
  renameSync(join(pki.dir, "renewed.crt"), pki.serverCert);
}
