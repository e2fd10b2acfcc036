import type { TeamPatient, TeamView } from '../../../../shared/contracts/ipc';

/** One therapist's caseload before and after a decision, against their target. */
export interface CapacityChange {
  staffId: string;
  name: string;
  from: number;
  to: number;
  capacity: number;
}

/**
 * What moving patients to `toStaffId` does to the caseloads (active patients): the new therapist
 * gains each active patient not already theirs, each old therapist loses theirs. `starting` counts
 * patients who become active by the move (an enrolment). The new therapist comes first.
 */
export function capacityEffect(
  view: TeamView,
  toStaffId: string,
  moved: readonly TeamPatient[],
  starting = 0,
): CapacityChange[] {
  const delta = new Map<string, number>([[toStaffId, starting]]);
  for (const patient of moved) {
    if (patient.status !== 'active' || patient.therapistId === toStaffId) continue;
    delta.set(toStaffId, delta.get(toStaffId)! + 1);
    if (patient.therapistId) delta.set(patient.therapistId, (delta.get(patient.therapistId) ?? 0) - 1);
  }
  return [...delta].flatMap(([staffId, change]) => {
    const load = view.therapists.find((therapist) => therapist.staffId === staffId);
    return load
      ? [
          {
            staffId,
            name: load.displayName,
            from: load.caseload,
            to: load.caseload + change,
            capacity: load.capacity,
          },
        ]
      : [];
  });
}
