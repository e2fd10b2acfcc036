import type { Change } from '../../../../../src/shared/contracts/sync';
import { at, flag, patientHistory, staff, team, up } from '../../cache/support/records';

/**
 * A synthetic team-lead scope: `patients` patients spread over programme weeks 1-14 and over
 * therapists of 30 patients each, a tenth of them with an open flag raised yesterday.
 */
export function caseload(patients: number, now: Date) {
  const t = team();
  const therapists = Array.from({ length: Math.ceil(patients / 30) }, () => staff(t.id));
  const changes: Change[] = [up('team', t), ...therapists.map((s) => up('staff', s))];
  for (let i = 0; i < patients; i += 1) {
    const week = (i % 14) + 1;
    const therapist = therapists[i % therapists.length]!;
    const start = new Date(now.getTime() - ((week - 1) * 7 + 1) * 86_400_000).toISOString().slice(0, 10);
    const history = patientHistory(t.id, therapist.id, week, { givenName: `Pasient${i}` });
    for (const change of history.changes) {
      if (change.op === 'upsert' && change.entity === 'enrolment') change.record.startDate = start;
    }
    changes.push(...history.changes);
    if (i % 10 === 0)
      changes.push(up('flag', flag(history.patient.id, { raisedAt: at(-1, now.toISOString()) })));
  }
  return { team: t, therapists, changes };
}
