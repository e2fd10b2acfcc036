import { describe, expect, it } from 'vitest';
import type { TeamPatient, TeamView, TherapistLoad } from '../../src/shared/contracts/ipc';
import { capacityEffect } from '../../src/renderer/src/components/team/capacityEffect';

const load = (staffId: string, displayName: string, caseload: number, capacity: number) =>
  ({ staffId, displayName, caseload, capacity, active: true }) as TherapistLoad;
const view = {
  therapists: [load('kari', 'Kari', 24, 25), load('ola', 'Ola', 20, 25), load('per', 'Per', 10, 0)],
} as TeamView;
const patient = (patientId: string, therapistId: string | null, status = 'active') =>
  ({ patientId, therapistId, status }) as TeamPatient;

describe('the capacity effect shown before a team lead confirms', () => {
  it('an enrolment adds one to the chosen therapist', () => {
    expect(capacityEffect(view, 'kari', [], 1)).toEqual([
      { staffId: 'kari', name: 'Kari', from: 24, to: 25, capacity: 25 },
    ]);
  });

  it('a reassignment moves active patients from each old therapist to the new one', () => {
    const moved = [
      patient('a', 'ola'),
      patient('b', 'ola'),
      patient('c', 'per'),
      patient('d', 'ola', 'referred'),
    ];
    expect(capacityEffect(view, 'kari', moved)).toEqual([
      { staffId: 'kari', name: 'Kari', from: 24, to: 27, capacity: 25 },
      { staffId: 'ola', name: 'Ola', from: 20, to: 18, capacity: 25 },
      { staffId: 'per', name: 'Per', from: 10, to: 9, capacity: 0 },
    ]);
  });

  it('a patient already with the new therapist does not count twice', () => {
    expect(capacityEffect(view, 'ola', [patient('a', 'ola'), patient('b', 'kari')])).toEqual([
      { staffId: 'ola', name: 'Ola', from: 20, to: 21, capacity: 25 },
      { staffId: 'kari', name: 'Kari', from: 24, to: 23, capacity: 25 },
    ]);
  });
});
