import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { OptionsError } from "./config/values.js";

/**
 * Reads the certificate and key once at startup (reading is all the server ever does
 * with files) and checks that they are PEM and belong together, so a mistake is one
 * line at start instead of a failed handshake for every visitor.
 *
 * @example
 * const https = loadTlsFiles({ certFile: "/etc/ssl/chat.pem", keyFile: "/etc/ssl/chat.key" });
 * createServer({ https });
 */
export function loadTlsFiles(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const cert = readPem(files.certFile, "--tls-cert");
  const key = readPem(files.keyFile, "--tls-key");
  try {
    createSecureContext({ cert, key });
  } catch {
    throw new OptionsError("--tls-cert and --tls-key are not a matching PEM certificate and private key");
  }
  return { cert, key };
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "does not exist" : code === "EACCES" ? "is not readable" : "cannot be read";
    throw new OptionsError(`${flag} ${file} ${why}`);
  }
}
