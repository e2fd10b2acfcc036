import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/**
 * Lets a locked workstation be unlocked without the portal (offline rounds): a salted scrypt hash
 * of the password the portal accepted at sign-in, kept in the keychain with the session record.
 */
export interface PasswordVerifier {
  salt: string;
  hash: string;
}

export async function makeVerifier(password: string): Promise<PasswordVerifier> {
  const salt = randomBytes(16);
  return { salt: salt.toString('hex'), hash: (await scryptAsync(password, salt, 32)).toString('hex') };
}

export async function verifyPassword(password: string, verifier: PasswordVerifier): Promise<boolean> {
  const expected = Buffer.from(verifier.hash, 'hex');
  const actual = await scryptAsync(password, Buffer.from(verifier.salt, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}
