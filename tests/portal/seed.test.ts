import { describe, expect, it } from 'vitest';
import {
  FOLLOW_UP_WEEK,
  followUpDate,
  instruments,
  localDateOf,
  programmeWeek,
} from '../../src/shared/clinical/index';
import { generateClinic } from '../../src/portal/seed/generate';
import { DEFAULT_SEED } from '../../src/portal/seed/seed';

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

  it('has a demo patient after the end whose follow-up has opened and is not answered yet', () => {
    const clinic = generateClinic('demo', DEFAULT_SEED, NOW);
    const account = clinic.account.find((a) => a.username === 'oppfolging1')!;
    const enrolment = clinic.enrolment.find((e) => e.patient_id === account.principal_id)!;
    expect(enrolment.status).toBe('completed');
    const opens = followUpDate({
      startDate: enrolment.start_date,
      plannedEndDate: enrolment.planned_end_date,
    });
    expect(opens! <= localDateOf(NOW)).toBe(true);
    expect(opens! >= localDateOf(new Date(NOW.getTime() - 7 * 86_400_000))).toBe(true);
    const weeks = clinic.questionnaire_response.filter((r) => r.patient_id === account.principal_id);
    expect(Math.max(...weeks.map((r) => r.week))).toBe(14);
    expect(weeks.some((r) => r.week === FOLLOW_UP_WEEK)).toBe(false);
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
  it('holds every kind of patient a round meets, read back from the data the small clinic holds', () => {
    const clinic = generateClinic('demo', DEFAULT_SEED, NOW);
    const seen = new Set<string>();
    for (const enrolment of clinic.enrolment.filter((e) => e.status === 'active')) {
      // The programme's own measure, by week: its baseline, mid-point and latest total.
      const totals = new Map(
        clinic.questionnaire_response
          .filter((r) => r.enrolment_id === enrolment.id && r.instrument_id !== 'phq-9')
          .map((r) => [
            r.week as number,
            { total: r.total as number, instrument: r.instrument_id as string },
          ]),
      );
      const weeks = [...totals.keys()];
      const last = Math.max(...weeks);
      const current = programmeWeek(enrolment.start_date as string, NOW) as number;
      const threshold =
        instruments[totals.get(0)!.instrument as keyof typeof instruments].reliableChange.threshold;
      const base = totals.get(0)!.total;
      const final = totals.get(last)!.total;
      const mid = totals.get(Math.floor(last / 2))?.total ?? base;
      const improved = (total: number) => total <= base - threshold;
      if (current >= 4 && last <= 1) seen.add('inactive');
      if (last >= 2 && last <= 6 && current >= last + 3 && weeks.length === last + 1) seen.add('dropout');
      if (final >= base + threshold) seen.add('deterioration');
      if (last >= 8 && improved(final)) seen.add(improved(mid) ? 'responder' : 'slow responder');
      if (last >= 8 && Math.abs(final - base) < threshold) seen.add('non-responder');
    }
    const suicidalAnswers = clinic.questionnaire_response.filter((r) => {
      const answers = r.answers as Record<string, number>;
      return (
        (r.instrument_id === 'phq-9' && answers['9']! >= 1) ||
        (r.instrument_id === 'madrs-s' && answers['9']! >= 4)
      );
    });
    if (suicidalAnswers.length > 0) seen.add('suicidal-item answers');
    if (clinic.flag.some((f) => f.status === 'open')) seen.add('unacknowledged flags');
    const unanswered = clinic.message
      .filter((m) => m.author_kind === 'patient' && m.answered_at === null)
      .map((m) => (NOW.getTime() - Date.parse(m.sent_at as string)) / 86_400_000);
    if (unanswered.some((age) => age < 2) && unanswered.some((age) => age > 7))
      seen.add('unanswered messages, new and old');
    if (clinic.enrolment.some((e) => e.status === 'discontinued')) seen.add('discontinued');

    expect([...seen].sort()).toEqual(
      [
        'deterioration',
        'discontinued',
        'dropout',
        'inactive',
        'non-responder',
        'responder',
        'slow responder',
        'suicidal-item answers',
        'unacknowledged flags',
        'unanswered messages, new and old',
      ].sort(),
    );
  });

  it('raises no second flag for a rule a still unresolved flag covers, as the portal does', () => {
    const clinic = generateClinic('demo', DEFAULT_SEED, NOW);
    const flags = clinic.flag
      .map((f) => ({
        key: `${f.patient_id}|${f.reason_code}|${(f.source as { instrumentId: string }).instrumentId}|${f.severity}`,
        raised: Date.parse(f.raised_at as string),
        resolved: f.resolved_at ? Date.parse(f.resolved_at as string) : Infinity,
      }))
      .sort((a, b) => a.raised - b.raised);
    for (const [i, flag] of flags.entries()) {
      const covering = flags.slice(0, i).find((f) => f.key === flag.key && f.resolved > flag.raised);
      expect(covering).toBeUndefined();
    }
  });

  it('records on each flag the answer that raised it first, then the later answers it covered', () => {
    const clinic = generateClinic('demo', DEFAULT_SEED, NOW);
    const responses = new Map(clinic.questionnaire_response.map((r) => [r.id, r]));
    for (const flag of clinic.flag) {
      const [first, ...later] = flag.hits;
      expect(first?.responseId).toBe(flag.source.responseId);
      expect(first?.at).toBe(flag.raised_at);
      for (const hit of flag.hits) {
        expect(responses.get(hit.responseId)).toMatchObject({ week: hit.week, submitted_at: hit.at });
      }
      // Later hits come in order, and only while the flag was unresolved.
      const times = later.map((hit) => hit.at);
      expect(times).toEqual([...times].sort());
      for (const at of times) expect(flag.resolved_at === null || at < flag.resolved_at).toBe(true);
    }
    expect(clinic.flag.some((flag) => flag.hits.length > 1)).toBe(true);
  });
});
