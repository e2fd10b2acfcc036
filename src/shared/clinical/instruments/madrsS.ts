import { defineInstrument, item, scale } from './define';
import { jacobsonTruax } from './reliableChange';

/**
 * MADRS-S, the self-rated Montgomery-Åsberg scale (Svanborg & Åsberg 1994): 9 items rated 0-6.
 * The item text is licensed: none ships here; a clinic supplies it as a definition file.
 *
 * Bands 0-12 / 13-19 / 20-34 / 35-54: the bands used for the MADRS-S in Scandinavian routine
 * care (cf. Svanborg & Åsberg 2001, J Affect Disord 64:203-216); 35 and above is also the
 * eMestring exclusion level for severe depression.
 * Caseness >= 13: the lower edge of the mild band, so "recovery" means reaching the minimal band.
 * Item 9 (zest for life) carries suicidal thoughts at its upper ratings.
 * Reliable change (no published threshold): Jacobson-Truax with Cronbach's alpha 0.84 (Fantino &
 * Moore 2009, BMC Psychiatry 9:26) and a pre-treatment SD of 6.0, an assumed value typical of
 * guided-ICBT depression samples rather than one study's figure: clinics should recompute it
 * from their own intake data with `withJacobsonTruax`. 1.96 * 6 * sqrt(2 * 0.16) = 6.65 points.
 */

const rating = scale('rating', 0, 6);

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
  reliableChange: jacobsonTruax(6.0, 0.84),
  riskItems: ['9'],
});
