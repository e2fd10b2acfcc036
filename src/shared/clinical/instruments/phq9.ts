import { defineInstrument, item, scale } from './define';

/**
 * PHQ-9 (Kroenke, Spitzer & Williams 2001). Free to reproduce: "Developed by Drs. Robert L.
 * Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from
 * Pfizer Inc. No permission required to reproduce, translate, display or distribute."
 * Bands: Kroenke 2001. Caseness >= 10 and reliable change >= 6 points: NHS Talking Therapies
 * (IAPT) Manual. The tenth, unscored "how difficult" question is not part of the total and is
 * left out. LOINC codes from the LOINC PHQ-9 panel 44249-1.
 */

const frequency = scale('frequency', 0, 3, [
  { label: 'Not at all', code: 'LA6568-5' },
  { label: 'Several days', code: 'LA6569-3' },
  { label: 'More than half the days', code: 'LA6570-1' },
  { label: 'Nearly every day', code: 'LA6571-9' },
]);

export const phq9 = defineInstrument({
  id: 'phq-9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  loinc: { panel: '44249-1', total: '44261-6' },
  language: 'en',
  description: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  copyright:
    'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  items: [
    item('1', frequency, { code: '44250-9', text: 'Little interest or pleasure in doing things' }),
    item('2', frequency, { code: '44255-8', text: 'Feeling down, depressed, or hopeless' }),
    item('3', frequency, {
      code: '44259-0',
      text: 'Trouble falling or staying asleep, or sleeping too much',
    }),
    item('4', frequency, { code: '44254-1', text: 'Feeling tired or having little energy' }),
    item('5', frequency, { code: '44251-7', text: 'Poor appetite or overeating' }),
    item('6', frequency, {
      code: '44258-2',
      text: 'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    }),
    item('7', frequency, {
      code: '44252-5',
      text: 'Trouble concentrating on things, such as reading the newspaper or watching television',
    }),
    item('8', frequency, {
      code: '44253-3',
      text: 'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
    }),
    item('9', frequency, {
      code: '44260-8',
      text: 'Thoughts that you would be better off dead or of hurting yourself in some way',
    }),
  ],
  bands: [
    { id: 'minimal', min: 0, max: 4 },
    { id: 'mild', min: 5, max: 9 },
    { id: 'moderate', min: 10, max: 14 },
    { id: 'moderately-severe', min: 15, max: 19 },
    { id: 'severe', min: 20, max: 27 },
  ],
  caseness: 10,
  reliableChange: { method: 'published', threshold: 6 },
  riskItems: ['9'],
});
