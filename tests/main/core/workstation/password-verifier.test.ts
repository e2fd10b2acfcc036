import argon2 from 'argon2';
import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  PasswordVerifier,
  VERIFIER_COST,
  makeVerifier,
  verifyPassword,
} from '../../../../src/main/core/workstation/password-verifier';
import { SessionRecord } from '../../../../src/main/core/workstation/session-record';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** A verifier as the workstation wrote them before Argon2id: scrypt, Node's default cost. */
async function scryptVerifier(password: string) {
  const salt = randomBytes(16);
  return { salt: salt.toString('hex'), hash: (await scryptAsync(password, salt, 32)).toString('hex') };
}

describe('the offline unlock verifier', () => {
  it('is Argon2id at the chosen cost, salted, and holds no trace of the password', async () => {
    const first = await makeVerifier('riktig-passord');
    const second = await makeVerifier('riktig-passord');
    expect(first).toMatchObject({ algorithm: 'argon2id' });
    expect(first.hash.startsWith('$argon2id$')).toBe(true);
    expect(argon2.needsRehash(first.hash, VERIFIER_COST)).toBe(false);
    expect(argon2.needsRehash(first.hash, { ...VERIFIER_COST, memoryCost: 19_456 })).toBe(true);
    expect(first.hash).not.toBe(second.hash);
    expect(JSON.stringify(first)).not.toContain('riktig-passord');
  });

  it('accepts the password and refuses any other', async () => {
    const verifier = await makeVerifier('riktig-passord');
    expect(await verifyPassword('riktig-passord', verifier)).toBe(true);
    expect(await verifyPassword('riktig-passorD', verifier)).toBe(false);
    expect(await verifyPassword('', verifier)).toBe(false);
  });

  it('still checks a scrypt verifier kept from before, so a locked session opens', async () => {
    const legacy = await scryptVerifier('gammelt-passord');
    expect(await verifyPassword('gammelt-passord', legacy)).toBe(true);
    expect(await verifyPassword('feil-passord', legacy)).toBe(false);
  });

  it('refuses, without throwing, a damaged verifier', async () => {
    const argon = await makeVerifier('riktig-passord');
    const truncated = { algorithm: 'argon2id' as const, hash: argon.hash.slice(0, -10) };
    expect(await verifyPassword('riktig-passord', truncated)).toBe(false);
    expect(await verifyPassword('riktig-passord', { salt: 'ab', hash: '' })).toBe(false);
  });
});

describe('a session record in the keychain', () => {
  const record = {
    username: 'terapeut1',
    principal: {
      id: '00000000-0000-4000-8000-000000000001',
      kind: 'staff',
      role: 'therapist',
      displayName: 'Terapeut 1',
    },
  };

  it('loads with a verifier of either kind', async () => {
    const argon = await makeVerifier('riktig-passord');
    const legacy = await scryptVerifier('gammelt-passord');
    expect(SessionRecord.parse({ ...record, verifier: argon }).verifier).toEqual(argon);
    expect(SessionRecord.parse({ ...record, verifier: legacy }).verifier).toEqual(legacy);
  });

  it('refuses a verifier that claims Argon2id but is not', () => {
    expect(PasswordVerifier.safeParse({ algorithm: 'argon2id', hash: '$argon2i$v=19$...' }).success).toBe(
      false,
    );
  });
});
