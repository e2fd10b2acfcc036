import fc from 'fast-check';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Flag, Message } from '../../../../src/shared/contracts/domain';
import { openEncryptedWithHandle } from './support/open';
import { at, flag, message, patient, team, up } from './support/records';

/**
 * Sync property 5 under any interleaving: local sends and acknowledgements, pulls carrying other
 * versions of the same records, and push answers (applied or rejected) in any order. While a
 * mutation waits, and after it was applied until the pull brings it back, its change stays
 * visible; once the portal's own state has arrived, no overlay is left.
 */
type Op =
  | { kind: 'send' }
  | { kind: 'ack'; flag: number }
  | { kind: 'pull-flag'; flag: number; status: 'open' | 'acknowledged' }
  | { kind: 'answer'; applied: boolean }
  | { kind: 'echo' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'send' as const }),
  fc.record({ kind: fc.constant('ack' as const), flag: fc.nat(2) }),
  fc.record({
    kind: fc.constant('pull-flag' as const),
    flag: fc.nat(2),
    status: fc.constantFrom('open' as const, 'acknowledged' as const),
  }),
  fc.record({ kind: fc.constant('answer' as const), applied: fc.boolean() }),
  fc.constant({ kind: 'echo' as const }),
);

it('a pending local change is never lost or hidden by a pull', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-prop-'));
  const closing: Promise<void>[] = [];
  try {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const { cache, db } = openEncryptedWithHandle(join(dir, `${randomUUID()}.sqlite`), randomBytes(32));
        try {
          const t = team();
          const p = patient(t.id);
          const flags = [flag(p.id), flag(p.id), flag(p.id)];
          let cursor = 0;
          const pull = (changes: Parameters<typeof cache.synced.applyPage>[0]) =>
            cache.synced.applyPage(changes, `c${(cursor += 1)}`);
          pull([up('team', t), up('patient', p), ...flags.map((f) => up('flag', f))]);
          /** Applied by the portal, not pulled back yet: must stay visible too (no flicker). */
          const appliedAtPortal: { check: () => void; applied: () => void }[] = [];
          const pending = new Map<string, { check: () => void; applied: () => void }>();

          const visible = <T>(table: string, id: string) => {
            const row = db.prepare(`SELECT json FROM visible_${table} WHERE id = ?`).get(id) as
              { json: string } | undefined;
            return row ? (JSON.parse(row.json) as T) : undefined;
          };

          for (const o of ops) {
            if (o.kind === 'send') {
              const m: Message = message(p.id, {
                authorKind: 'staff',
                authorStaffId: randomUUID(),
                sentAt: at(1),
              });
              const mutationId = randomUUID();
              cache.queueLocalChange({
                mutation: {
                  id: mutationId,
                  type: 'message.send',
                  payload: { messageId: m.id, patientId: p.id, body: m.body },
                },
                patientId: p.id,
                overlay: [{ entity: 'message', record: m, confirm: 'exists' }],
              });
              pending.set(mutationId, {
                check: () => expect(visible<Message>('message', m.id)?.body).toBe(m.body),
                applied: () => pull([up('message', m)]),
              });
            } else if (o.kind === 'ack') {
              const f = visible<Flag>('flag', flags[o.flag]!.id)!;
              if (f.status !== 'open') continue;
              const mutationId = randomUUID();
              const acked: Flag = {
                ...f,
                status: 'acknowledged',
                acknowledgedBy: randomUUID(),
                acknowledgedAt: at(1),
                acknowledgeNote: 'ok',
              };
              cache.queueLocalChange({
                mutation: { id: mutationId, type: 'flag.acknowledge', payload: { flagId: f.id, note: 'ok' } },
                patientId: p.id,
                overlay: [{ entity: 'flag', record: acked, confirm: 'acknowledged' }],
              });
              pending.set(mutationId, {
                check: () => expect(visible<Flag>('flag', f.id)?.status).not.toBe('open'),
                applied: () => pull([up('flag', { ...acked, updatedAt: at(2) })]),
              });
            } else if (o.kind === 'pull-flag') {
              pull([up('flag', { ...flags[o.flag]!, status: o.status, updatedAt: at(0.5) })]);
            } else if (o.kind === 'answer') {
              const [id, entry] = pending.entries().next().value ?? [];
              if (!id || !entry) continue;
              pending.delete(id);
              cache.synced.recordResults([
                o.applied
                  ? { id, status: 'applied' }
                  : { id, status: 'rejected', code: 'conflict', message: 'no' },
              ]);
              if (o.applied) appliedAtPortal.push(entry);
            } else {
              for (const entry of appliedAtPortal.splice(0)) entry.applied();
            }
            for (const entry of [...pending.values(), ...appliedAtPortal]) entry.check();
          }
          // Everything answered and echoed: nothing local is left over the portal's state.
          for (const [id, entry] of pending) {
            cache.synced.recordResults([{ id, status: 'applied' }]);
            entry.applied();
          }
          for (const entry of appliedAtPortal.splice(0)) entry.applied();
          expect(db.prepare('SELECT count(*) AS n FROM overlay').get()).toEqual({ n: 0 });
        } finally {
          // Closed in the background (the checkpoint worker ends); awaited before the directory goes.
          closing.push(cache.close());
        }
      }),
      { numRuns: 60 },
    );
  } finally {
    await Promise.allSettled(closing);
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
