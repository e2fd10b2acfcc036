import { describe, expect, it } from 'vitest';
import { generateClinic } from '../../src/portal/seed/generate';

const NOW = new Date('2026-03-18T10:00:00Z');

describe('demo clinic generator', () => {
  it('is deterministic given seed and now, and differs for another seed', () => {
    const a = generateClinic('demo', 42, NOW);
    const b = generateClinic('demo', 42, NOW);
    expect(b).toEqual(a);
    expect(generateClinic('demo', 43, NOW).patient).not.toEqual(a.patient);
  });

  it('makes the small clinic: one team, three therapists and a lead, ~25 active patients each, a waiting list', () => {
    const clinic = generateClinic('demo', 1, NOW);
    expect(clinic.team).toHaveLength(1);
    expect(clinic.staff.filter((s) => s.role === 'therapist')).toHaveLength(3);
    expect(clinic.staff.filter((s) => s.role === 'team_lead')).toHaveLength(1);
    const byStatus = (status: string) => clinic.enrolment.filter((e) => e.status === status).length;
    expect(byStatus('active')).toBe(75);
    expect(byStatus('referred')).toBeGreaterThan(0);
    expect(byStatus('completed')).toBeGreaterThan(0);
    for (const e of clinic.enrolment.filter((e) => e.status === 'active')) {
      expect(Date.parse(e.start_date as string)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('carries what a round must catch: open suicidal-item flags, unanswered messages of various ages, nothing in the future', () => {
    const clinic = generateClinic('demo', 7, NOW);
    expect(clinic.flag.some((f) => f.status === 'open' && f.reason_code === 'suicidal-thoughts')).toBe(true);
    expect(clinic.flag.some((f) => f.status === 'resolved')).toBe(true);
    const waiting = clinic.message.filter((m) => m.author_kind === 'patient' && m.answered_at === null);
    const ages = waiting.map((m) => (NOW.getTime() - Date.parse(m.sent_at as string)) / 86_400_000);
    expect(Math.min(...ages)).toBeLessThan(3);
    expect(Math.max(...ages)).toBeGreaterThan(7);
    const instants = [
      ...clinic.message.map((m) => m.sent_at),
      ...clinic.questionnaire_response.map((r) => r.submitted_at),
    ];
    expect(instants.every((t) => Date.parse(t as string) <= NOW.getTime())).toBe(true);
    const instruments = new Set(clinic.questionnaire_response.map((r) => r.instrument_id));
    expect([...instruments].sort()).toEqual(['lsas-sr', 'madrs-s', 'pdss-sr', 'phq-9']);
  });

  it('makes the large profile: 10 teams, 60 therapists, 1,500 active patients', () => {
    const clinic = generateClinic('large', 1, NOW);
    expect(clinic.team).toHaveLength(10);
    expect(clinic.staff.filter((s) => s.role === 'therapist')).toHaveLength(60);
    expect(clinic.enrolment.filter((e) => e.status === 'active')).toHaveLength(1500);
    expect(new Set(clinic.patient.map((p) => p.id)).size).toBe(clinic.patient.length);
  });
});
