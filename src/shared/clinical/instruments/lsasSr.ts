import { defineInstrument, item, scale } from './define';
import { jacobsonTruax } from './reliableChange';

/**
 * LSAS-SR, the self-report Liebowitz Social Anxiety Scale (Baker et al. 2002, Behav Res Ther
 * 40:701-715): 24 situations, each rated for fear/anxiety 0-3 and avoidance 0-3; total 0-144,
 * with fear and avoidance subscales of 0-72. Text not shipped; a clinic supplies it.
 *
 * Bands and caseness follow the two published cut-offs: 30 separates social anxiety disorder
 * from no disorder and 60 the generalized subtype (Mennin et al. 2002, J Anxiety Disord
 * 16:661-673; Rytwinski et al. 2009, Depress Anxiety 26:34-38, confirmed 30 for the LSAS-SR).
 * Caseness >= 30 rather than 60, so that "recovery" means scoring like people without the
 * disorder, and patients with the non-generalized form still count as cases at intake.
 * Reliable change: Jacobson-Truax, 1.96 * 24 * sqrt(2 * 0.05) = 14.88 points.
 */

const LSAS_SR_RELIABLE_CHANGE_SOURCE =
  'r = 0.95: internal consistency of the LSAS-SR total as attributed to Baker et al. 2002 (Behav ' +
  'Res Ther 40:701-715), not checked against the paper. SD = 24: an assumed pre-treatment SD; no ' +
  'published SD from a clinical ICBT social anxiety sample could be verified. Both need clinical ' +
  "sign-off or replacing with the clinic's own intake data (withJacobsonTruax).";

const fear = scale('fear', 0, 3);
const avoidance = scale('avoidance', 0, 3);
const situations = Array.from({ length: 24 }, (_, i) => String(i + 1));

export const lsasSr = defineInstrument({
  id: 'lsas-sr',
  title: 'LSAS-SR',
  groups: situations.map((linkId) => ({ linkId })),
  items: situations.flatMap((s) => [
    item(`${s}.fear`, fear, { groupLinkId: s }),
    item(`${s}.avoidance`, avoidance, { groupLinkId: s }),
  ]),
  subscales: [
    { id: 'fear', linkIds: situations.map((s) => `${s}.fear`) },
    { id: 'avoidance', linkIds: situations.map((s) => `${s}.avoidance`) },
  ],
  bands: [
    { id: 'below-threshold', min: 0, max: 29 },
    { id: 'social-anxiety', min: 30, max: 59 },
    { id: 'generalized-social-anxiety', min: 60, max: 144 },
  ],
  caseness: 30,
  reliableChange: jacobsonTruax(24, 0.95, LSAS_SR_RELIABLE_CHANGE_SOURCE),
});
