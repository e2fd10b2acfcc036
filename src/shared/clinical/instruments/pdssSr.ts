import { defineInstrument, item, scale } from './define';
import { jacobsonTruax } from './reliableChange';

/**
 * PDSS-SR, the self-report Panic Disorder Severity Scale (Houck et al. 2002, Depress Anxiety
 * 15:183-185): 7 items rated 0-4. Text not shipped; a clinic supplies it as a definition file.
 *
 * Bands: Furukawa et al. 2009 (Depress Anxiety 26:922-929), equipercentile links of the PDSS to
 * CGI-Severity. We use their set for patients without agoraphobia (0-1 normal, 2-5 borderline,
 * 6-9 slightly ill, 10-13 moderately ill, 14+ markedly ill): it starts at 0 and so partitions
 * the whole range; the agoraphobic set is 1-2 points higher. The bands were derived for the
 * clinician-rated PDSS, which the self-report version mirrors item for item.
 * Caseness >= 8: attributed to Shear et al. 2001 (J Psychiatr Res 35:293-296) as the cut-off that
 * best separated panic disorder from other conditions; not checked against the paper, and derived
 * for the clinician-rated scale: needs clinical sign-off.
 * Reliable change (none published for the SR): Jacobson-Truax, 1.96 * 4.5 * sqrt(2 * 0.08) = 3.53.
 */

const rating = scale('rating', 0, 4);

const PDSS_SR_RELIABLE_CHANGE_SOURCE =
  'r = 0.92: internal consistency of the PDSS-SR as attributed to Houck et al. 2002 (Depress ' +
  'Anxiety 15:183-185), not checked against the paper. SD = 4.5: an assumed pre-treatment SD; no ' +
  'published SD from a clinical ICBT panic sample could be verified. Both need clinical sign-off ' +
  "or replacing with the clinic's own intake data (withJacobsonTruax).";

export const pdssSr = defineInstrument({
  id: 'pdss-sr',
  title: 'PDSS-SR',
  items: Array.from({ length: 7 }, (_, i) => item(String(i + 1), rating)),
  bands: [
    { id: 'normal', min: 0, max: 1 },
    { id: 'borderline', min: 2, max: 5 },
    { id: 'slightly-ill', min: 6, max: 9 },
    { id: 'moderately-ill', min: 10, max: 13 },
    { id: 'markedly-ill', min: 14, max: 28 },
  ],
  caseness: 8,
  reliableChange: jacobsonTruax(4.5, 0.92, PDSS_SR_RELIABLE_CHANGE_SOURCE),
});
