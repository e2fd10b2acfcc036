import { defineInstrument, item, scale } from './define';

/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006). Free to reproduce (Pfizer; same statement as
 * the PHQ-9). Bands: Spitzer 2006. Caseness >= 8 and reliable change >= 4 points: NHS Talking
 * Therapies (IAPT) Manual. LOINC codes from the LOINC GAD-7 panel 69737-5.
 */

const frequency = scale('frequency', 0, 3, [
  { label: 'Not at all', code: 'LA6568-5' },
  { label: 'Several days', code: 'LA6569-3' },
  { label: 'More than half the days', code: 'LA6570-1' },
  { label: 'Nearly every day', code: 'LA6571-9' },
]);

export const gad7 = defineInstrument({
  id: 'gad-7',
  title: 'Generalized Anxiety Disorder 7-item scale (GAD-7)',
  loinc: { panel: '69737-5', total: '70274-6' },
  language: 'en',
  description: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  copyright:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  items: [
    item('1', frequency, { code: '69725-0', text: 'Feeling nervous, anxious or on edge' }),
    item('2', frequency, { code: '68509-9', text: 'Not being able to stop or control worrying' }),
    item('3', frequency, { code: '69733-4', text: 'Worrying too much about different things' }),
    item('4', frequency, { code: '69734-2', text: 'Trouble relaxing' }),
    item('5', frequency, { code: '69735-9', text: 'Being so restless that it is hard to sit still' }),
    item('6', frequency, { code: '69689-8', text: 'Becoming easily annoyed or irritable' }),
    item('7', frequency, { code: '69736-7', text: 'Feeling afraid as if something awful might happen' }),
  ],
  bands: [
    { id: 'minimal', min: 0, max: 4 },
    { id: 'mild', min: 5, max: 9 },
    { id: 'moderate', min: 10, max: 14 },
    { id: 'severe', min: 15, max: 21 },
  ],
  caseness: 8,
  reliableChange: { method: 'published', threshold: 4 },
});
