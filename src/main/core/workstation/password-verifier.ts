import argon2 from 'argon2';
import { scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { z } from 'zod';

/**
 * Lets a locked workstation be unlocked without the portal (offline rounds): a salted Argon2id
 * hash of the password the portal accepted at sign-in, kept in the keychain with the session
 * record. Whoever reads that record must still guess the password, at this cost per guess.
 */

/** Argon2id at 64 MiB and 2 passes: about 100 ms per check on a clinic's laptop (bench/unlock). */
export const VERIFIER_COST = {
  type: argon2.argon2id,
  memoryCost: 65_536,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PasswordVerifier = z.union([
  z.object({ algorithm: z.literal('argon2id'), hash: z.string().startsWith('$argon2id$') }),
  // Written before Argon2id (scrypt at Node's default cost). Still checked, so a session kept
  // from then unlocks; the next sign-in replaces it with an Argon2id verifier.
  z.object({ salt: z.string(), hash: z.string() }),
]);
export type PasswordVerifier = z.infer<typeof PasswordVerifier>;

export async function makeVerifier(password: string): Promise<PasswordVerifier> {
  return { algorithm: 'argon2id', hash: await argon2.hash(password, VERIFIER_COST) };
}

export async function verifyPassword(password: string, verifier: PasswordVerifier): Promise<boolean> {
  if ('algorithm' in verifier) return argon2.verify(verifier.hash, password).catch(() => false);
  return verifyScrypt(password, verifier);
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

async function verifyScrypt(password: string, verifier: { salt: string; hash: string }): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'hex');
  if (expected.length === 0) return false;
  const actual = await scryptAsync(password, Buffer.from(verifier.salt, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}
