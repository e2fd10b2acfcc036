import { defineInstrument, item, scale } from './define';
import { jacobsonTruax } from './reliableChange';

/**
 * MADRS-S, the self-rated Montgomery-Åsberg scale (Svanborg & Åsberg 1994): 9 items rated 0-6.
 * The item text is licensed: none ships here; a clinic supplies it as a definition file.
 *
 * Bands 0-12 / 13-19 / 20-34 / 35-54, as used for the MADRS-S in Scandinavian routine care.
 * The 35 edge matches the clinician MADRS cut-off for severe depression (Müller et al. 2000,
 * J Affect Disord 60:137-140) and the eMestring exclusion level. The self-report bands and
 * caseness >= 13 (the lower edge of the mild band, so "recovery" means reaching the minimal band)
 * are attributed to Svanborg & Åsberg 2001 (J Affect Disord 64:203-216), a citation not checked
 * against the paper: they need clinical sign-off.
 * Item 9 (zest for life) carries suicidal thoughts at its upper ratings. The paper form labels
 * only the even ratings 0, 2, 4 and 6; a text file must label at least those.
 * Reliable change (no published threshold): Jacobson-Truax, 1.96 * 6 * sqrt(2 * 0.16) = 6.65.
 */

const rating = scale('rating', 0, 6, [], [0, 2, 4, 6]);

const MADRS_S_RELIABLE_CHANGE_SOURCE =
  "r = 0.84: Cronbach's alpha of the MADRS-S in 278 outpatients with major depression (Fantino & " +
  'Moore 2009, BMC Psychiatry 9:26). SD = 6.0: an assumed pre-treatment SD; no published SD from a ' +
  'clinical ICBT sample could be verified, so it needs clinical sign-off or replacing with the ' +
  "clinic's own intake SD (withJacobsonTruax).";

export const madrsS = defineInstrument({
  id: 'madrs-s',
  title: 'MADRS-S',
  items: Array.from({ length: 9 }, (_, i) => item(String(i + 1), rating)),
  bands: [
    { id: 'minimal', min: 0, max: 12 },
    { id: 'mild', min: 13, max: 19 },
    { id: 'moderate', min: 20, max: 34 },
    { id: 'severe', min: 35, max: 54 },
  ],
  caseness: 13,
  reliableChange: jacobsonTruax(6.0, 0.84, MADRS_S_RELIABLE_CHANGE_SOURCE),
  riskItems: ['9'],
});
