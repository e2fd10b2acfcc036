import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PatientDetail } from '../../../../shared/contracts/ipc';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { SymptomTrend } from './SymptomTrend';
import { isTemplatePaletteShortcut, TemplatePalette } from './TemplatePalette';

/** One patient's week: opened from the queue. */
export function PatientScreen({ patientId }: { patientId: string }) {
  const { t } = useTranslation();
  const home = useNavigation((state) => state.home);
  const [detail, setDetail] = useState<PatientDetail | null>(null);
  useEffect(() => {
    void window.api['patient.get']({ patientId }).then((result) => result.ok && setDetail(result.value));
  }, [patientId]);
  return (
    <section className="patient-screen" aria-labelledby="patient-title" data-patient-id={patientId}>
      <h1 id="patient-title">{t('patient.title')}</h1>
      <button type="button" onClick={home}>
        {t('patient.back')}
      </button>
      {detail?.enrolment && (
        <>
          <ComposerStandIn detail={detail} />
          <SymptomTrend
            scoreSeries={detail.scoreSeries}
            responses={detail.responses}
            programme={detail.enrolment.programme}
          />
        </>
      )}
    </section>
  );
}

/** A stand-in composer for the template palette, until the patient view's composer lands. */
function ComposerStandIn({ detail }: { detail: PatientDetail }) {
  const { t } = useTranslation();
  const session = useSession((state) => state.session);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  return (
    <>
      <label className="stand-in-composer">
        {t('templates.standInComposer')}
        <textarea
          ref={area}
          rows={6}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (!isTemplatePaletteShortcut(event)) return;
            event.preventDefault();
            setOpen(true);
          }}
        />
      </label>
      <TemplatePalette
        open={open}
        context={{
          programme: detail.enrolment?.programme ?? null,
          week: typeof detail.programmeWeek === 'number' ? detail.programmeWeek : null,
          patientFirstName: detail.patient.givenName,
          therapistName: session?.status === 'ready' ? session.account.displayName : '',
        }}
        onInsert={(inserted) => {
          const { selectionStart = text.length, selectionEnd = text.length } = area.current ?? {};
          setText(text.slice(0, selectionStart) + inserted + text.slice(selectionEnd));
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
