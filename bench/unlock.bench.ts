/**
 * `npm run bench:unlock`: what one offline unlock attempt costs, the figure the verifier's Argon2id
 * cost is chosen by (about 100 ms: unnoticed by the therapist, slow for whoever guesses against a
 * copied session record). Also the older scrypt verifier, for comparison.
 */
import { randomBytes, scrypt } from 'node:crypto';
import { promisify } from 'node:util';
import { VERIFIER_COST, makeVerifier, verifyPassword } from '../src/main/core/workstation/password-verifier';

const RUNS = 15;
const TARGET = { low: 50, high: 250 };
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

async function medianMs(check: () => Promise<boolean>): Promise<number> {
  await check(); // warm up
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    if (!(await check())) throw new Error('the right password was refused');
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function main() {
  const password = 'demo-passord';
  const argon = await makeVerifier(password);
  const salt = randomBytes(16);
  const legacy = {
    salt: salt.toString('hex'),
    hash: (await scryptAsync(password, salt, 32)).toString('hex'),
  };

  const argonMs = await medianMs(() => verifyPassword(password, argon));
  const scryptMs = await medianMs(() => verifyPassword(password, legacy));
  const met = argonMs >= TARGET.low && argonMs <= TARGET.high;
  console.log(
    `Argon2id (${VERIFIER_COST.memoryCost / 1024} MiB, ${VERIFIER_COST.timeCost} passes): median ${argonMs.toFixed(1)} ms per unlock`,
  );
  console.log(`scrypt (the older verifier, Node's default cost): median ${scryptMs.toFixed(1)} ms`);
  console.log(`${met ? 'MET ' : 'MISS'}  unlock check ${TARGET.low}-${TARGET.high} ms`);
  if (!met) process.exitCode = 1;
}

await main();
