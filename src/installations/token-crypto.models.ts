import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Tokens at rest: AES-256-GCM, one random 96-bit IV per value, the 128-bit tag kept. Every
 * ciphertext names the key that sealed it, so keys can rotate: the current key seals, any key of
 * the ring opens, and `npx coordinator rotate-key` re-seals what an old key still holds.
 *
 *   v1:<kid>:<iv base64>:<tag base64>:<ciphertext base64>
 *
 * The key id is derived from the key itself (no second variable to keep in step), and the
 * associated data binds each value to where it belongs (the installation and the field): a
 * ciphertext copied into another workspace's row does not open. Pure apart from the IV.
 */

export type EncryptionKey = { id: string; key: Buffer };
export type Keyring = { current: EncryptionKey; previous: EncryptionKey[] };

const prefix = 'v1';

/** Eight hex characters of a hash of the key: names it without revealing it. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('coordinator-token-key:').update(key).digest('hex').slice(0, 8);
}

/** One key, 32 bytes in base64; or why it is not one (never echoing it). */
export function parseKey(text: string): { ok: true; key: EncryptionKey } | { ok: false; problem: string } {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) && !/^[A-Za-z0-9_-]+={0,2}$/.test(trimmed)) {
    return { ok: false, problem: 'expected 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`' };
  }
  const key = Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== 32) return { ok: false, problem: `expected 32 bytes in base64 (got ${key.length}); make one with \`openssl rand -base64 32\`` };
  return { ok: true, key: { id: keyIdOf(key), key } };
}

/** The current key and any number of previous ones (comma separated), still accepted for reading. */
export function parseKeyring(current: string, previous?: string): { ok: true; keyring: Keyring } | { ok: false; problem: string } {
  const c = parseKey(current);
  if (!c.ok) return c;
  const old: EncryptionKey[] = [];
  for (const [i, part] of (previous ?? '').split(',').map((p) => p.trim()).filter(Boolean).entries()) {
    const p = parseKey(part);
    if (!p.ok) return { ok: false, problem: `previous key ${i + 1}: ${p.problem}` };
    if (p.key.id !== c.key.id && !old.some((o) => o.id === p.key.id)) old.push(p.key);
  }
  return { ok: true, keyring: { current: c.key, previous: old } };
}

export function encryptToken(ring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [prefix, ring.current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export class TokenDecryptionError extends Error {
  constructor(
    message: string,
    readonly keyId: string | undefined,
  ) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

/** The key id a stored value was sealed with, or undefined when it is not one of ours. */
export function keyIdOfCiphertext(sealed: string): string | undefined {
  const parts = sealed.split(':');
  return parts.length === 5 && parts[0] === prefix ? parts[1] : undefined;
}

export function decryptToken(ring: Keyring, sealed: string, context: string): string {
  const parts = sealed.split(':');
  if (parts.length !== 5 || parts[0] !== prefix) throw new TokenDecryptionError('not an encrypted token (expected v1:<kid>:<iv>:<tag>:<ct>)', undefined);
  const [, kid, iv, tag, ct] = parts as [string, string, string, string, string];
  const key = [ring.current, ...ring.previous].find((k) => k.id === kid);
  if (!key) throw new TokenDecryptionError(`sealed with key ${kid}, which is neither COORDINATOR_ENCRYPTION_KEY nor a previous key`, kid);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new TokenDecryptionError(`token sealed with key ${kid} does not open (tampered, or stored for another installation)`, kid);
  }
}

/** Whether a stored value should be sealed again under the current key. */
export function needsReseal(ring: Keyring, sealed: string): boolean {
  return keyIdOfCiphertext(sealed) !== ring.current.id;
}
