import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export interface Secrets {
  JWT_PRIVATE_KEY: string;
  AT_REST_KEY: string;
}

/** A fresh Ed25519 signing key (as a JWK string) and a 32-byte at-rest key (hex). */
export function generateSecrets(): Secrets {
  const { privateKey } = crypto.generateKeyPairSync("ed25519");
  return {
    JWT_PRIVATE_KEY: JSON.stringify(privateKey.export({ format: "jwk" })),
    AT_REST_KEY: crypto.randomBytes(32).toString("hex"),
  };
}

/**
 * Reads the instance secrets from `dir`, generating any that are missing (files of mode 600 in a directory of
 * mode 700). Values already in the environment win, so a deployment can inject them instead.
 */
export function ensureSecrets(dir: string, env: NodeJS.ProcessEnv = process.env): { secrets: Secrets; created: string[] } {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const fresh = generateSecrets();
  const files: Record<keyof Secrets, string> = { JWT_PRIVATE_KEY: "jwt-private.jwk", AT_REST_KEY: "at-rest.key" };
  const created: string[] = [];
  const secrets = {} as Secrets;
  for (const key of Object.keys(files) as (keyof Secrets)[]) {
    const file = path.join(dir, files[key]);
    if (env[key]) {
      secrets[key] = env[key]!;
    } else if (fs.existsSync(file)) {
      secrets[key] = fs.readFileSync(file, "utf8").trim();
    } else {
      fs.writeFileSync(file, fresh[key] + "\n", { mode: 0o600 });
      created.push(file);
      secrets[key] = fresh[key];
    }
    if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
  }
  return { secrets, created };
}
