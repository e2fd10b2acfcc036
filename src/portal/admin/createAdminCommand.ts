import password from '@inquirer/password';
import { text } from 'node:stream/consumers';
import type { z } from 'zod';
import { NewPassword } from '../../shared/contracts/fields';
import { CareError } from '../care/errors';
import { openDatabase, type DbOptions } from '../db/open';
import { createLogger } from '../logger';
import { createAdministrator, FirstAdminRequest } from './firstAdmin';

/** What the command was given besides the password (which never comes as an argument). */
export interface CreateAdminArgs {
  username?: string;
  name?: string;
  clinic?: string;
}

export const CREATE_ADMIN_USAGE =
  'usage: npm run portal -- create-admin --username <login> --name "<full name>" [--clinic "<clinic name>"]\n' +
  '  The password is asked for (not shown as you type), or read from the first line of standard input when piped.';

/**
 * The password: asked twice at a terminal without echo, or the first line of a piped stdin (for
 * provisioning scripts). Never an argument, which the process list and shell history would show.
 */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return (await text(process.stdin)).split(/\r?\n/)[0] ?? '';
  const validate = (value: string) =>
    NewPassword.safeParse(value).success || 'at least 12 characters, one line';
  const first = await password({ message: 'Password for the new administrator', mask: false, validate });
  const again = await password({ message: 'The same password again', mask: false });
  if (again !== first) throw new CommandError('the two passwords differ; nothing was created');
  return first;
}

export class CommandError extends Error {
  override readonly name = 'CommandError';
}

/** Runs `create-admin` against the configured database; resolves to what to print. */
export async function createAdminCommand(args: CreateAdminArgs, database: DbOptions): Promise<string> {
  if (!args.username || !args.name) throw new CommandError(CREATE_ADMIN_USAGE);
  const secret = await readPassword();
  const parsed = FirstAdminRequest.safeParse({
    username: args.username,
    displayName: args.name,
    password: secret,
    clinicName: args.clinic,
  });
  if (!parsed.success) throw new CommandError(`not created: ${describeIssues(parsed.error)}`);
  const db = await openDatabase(database, createLogger('warn'));
  try {
    await createAdministrator(db, parsed.data);
  } catch (error) {
    if (error instanceof CareError) throw new CommandError(`not created: ${error.message}`);
    throw error;
  } finally {
    await db.close();
  }
  return `Administrator "${parsed.data.username}" created. Start the portal and sign in with it in the workstation.`;
}

/** Which fields failed and why, never their values (one is a password). */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = String(issue.path[0] ?? 'input');
      if (field === 'password' && issue.code === 'too_small') return 'password: at least 12 characters';
      return `${field}: ${issue.message}`;
    })
    .join('; ');
}
