import { Mutation, type MutationResult, type PushRequest } from '../../shared/contracts/sync';
import { recordRefusal } from '../audit/securityEvents';
import type { Caller } from '../auth/principal';
import { CareError } from '../care/errors';
import type { Db } from '../db/db';
import { mutationHandlers } from './mutations';
import { rejectionOf } from './rejection';

/**
 * Applies a batch of mutations in order, each in its own transaction and each exactly once: its
 * result is stored under (caller, mutation id) in the same transaction as its effect, so a retried
 * push answers the stored result and changes nothing. A rejected mutation does not stop the rest.
 */
export async function push(
  db: Db,
  caller: Caller,
  mutations: PushRequest['mutations'],
): Promise<MutationResult[]> {
  const results: MutationResult[] = [];
  for (const envelope of mutations) {
    const parsed = Mutation.safeParse(envelope);
    results.push(
      parsed.success
        ? await applyOnce(db, caller, parsed.data)
        : {
            id: envelope.id,
            status: 'rejected',
            code: 'invalid',
            message: parsed.error.issues
              .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
              .join('; '),
          },
    );
  }
  return results;
}

async function applyOnce(db: Db, caller: Caller, mutation: Mutation): Promise<MutationResult> {
  return db.transaction(async (tx) => {
    // Claiming the id first makes a concurrent duplicate wait here, then find the stored result.
    const claimed = await tx.query(
      'INSERT INTO mutation_result (principal_id, mutation_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [caller.principal.id, mutation.id],
    );
    if (claimed.rowCount === 0) {
      const stored = await tx.query<{ result: MutationResult }>(
        'SELECT result FROM mutation_result WHERE principal_id = $1 AND mutation_id = $2',
        [caller.principal.id, mutation.id],
      );
      return stored.rows[0]!.result;
    }
    let result: MutationResult;
    await tx.query('SAVEPOINT mutation');
    try {
      if (caller.principal.role === 'admin')
        throw new CareError('forbidden', 'administrators do not handle clinical content');
      // The discriminated union pairs each type with its payload; TypeScript cannot follow the index.
      await (mutationHandlers[mutation.type] as (t: typeof tx, c: Caller, p: unknown) => Promise<void>)(
        tx,
        caller,
        mutation.payload,
      );
      result = { id: mutation.id, status: 'applied' };
    } catch (error) {
      const rejection = rejectionOf(error);
      if (!rejection) throw error;
      await tx.query('ROLLBACK TO SAVEPOINT mutation');
      result = { id: mutation.id, status: 'rejected', code: rejection.code, message: rejection.message };
      if (rejection.code === 'forbidden' || rejection.code === 'not-found') {
        await recordRefusal(tx, caller, {
          action: `sync ${mutation.type}`,
          targetId: targetOf(mutation),
          reason: rejection.code,
        });
      }
    }
    await tx.query('UPDATE mutation_result SET result = $3 WHERE principal_id = $1 AND mutation_id = $2', [
      caller.principal.id,
      mutation.id,
      result,
    ]);
    return result;
  });
}

/** The record a mutation aims at: its patient (or patients), else the flag or therapist it acts on. */
function targetOf(mutation: Mutation): string | null {
  const payload = mutation.payload as {
    patientId?: string;
    patientIds?: string[];
    flagId?: string;
    therapistId?: string;
  };
  return payload.patientId ?? payload.patientIds?.join(',') ?? payload.flagId ?? payload.therapistId ?? null;
}
