/**
 * An instrument is data: defined once here and read by the portal (which scores a submission)
 * and the workstation (which explains a score). The shape follows FHIR `Questionnaire` closely
 * enough that `toFhirQuestionnaire` is a plain mapping.
 *
 * Every instrument here scores "higher total = more symptoms"; change and risk rules rely on it.
 */

export type InstrumentId = 'phq-9' | 'gad-7' | 'madrs-s' | 'pdss-sr' | 'lsas-sr';

export interface AnswerOption {
  /** The score this answer contributes. */
  readonly value: number;
  /** Patient-facing label, in the definition's `language`. Absent for licensed text not supplied. */
  readonly label?: string;
  /** LOINC answer code (LA...) where one exists. */
  readonly code?: string;
}

export interface InstrumentItem {
  readonly linkId: string;
  readonly text?: string;
  /** LOINC code of the question, where one exists. */
  readonly code?: string;
  /** The situation an LSAS rating belongs to; absent for ungrouped items. */
  readonly groupLinkId?: string;
  /** Items sharing an answer scale share a scale id, so a text file can label the scale once. */
  readonly scaleId: string;
  readonly min: number;
  readonly max: number;
  readonly options: readonly AnswerOption[];
  /**
   * Answer values the patient must see a label for: every value where the published form labels
   * every value, the anchor ratings (0, 2, 4, 6) for the MADRS-S. A text file must label them.
   */
  readonly anchors: readonly number[];
}

export interface ItemGroup {
  readonly linkId: string;
  readonly text?: string;
}

export interface Subscale {
  readonly id: string;
  readonly linkIds: readonly string[];
}

/** Inclusive score range with a stable id; the UI translates the id, the core has no labels. */
export interface SeverityBand {
  readonly id: string;
  readonly min: number;
  readonly max: number;
}

export type ReliableChange =
  | { readonly method: 'published'; readonly threshold: number }
  | {
      readonly method: 'jacobson-truax';
      readonly threshold: number;
      /** Pre-treatment standard deviation of the total. */
      readonly sd: number;
      /** Reliability coefficient (internal consistency or test-retest). */
      readonly reliability: number;
      /** Where `sd` and `reliability` come from, or what about them still needs clinical sign-off. */
      readonly source: string;
    };

export interface InstrumentDefinition {
  readonly id: string;
  readonly title: string;
  /** LOINC panel code, and the code of the total score observation where LOINC has one. */
  readonly loinc?: { readonly panel: string; readonly total?: string };
  /** BCP 47 language of the item text and labels; absent when the definition carries no text. */
  readonly language?: string;
  /** Instructions shown before the items. */
  readonly description?: string;
  readonly copyright?: string;
  readonly groups: readonly ItemGroup[];
  readonly items: readonly InstrumentItem[];
  readonly subscales: readonly Subscale[];
  /** Lowest and highest possible total: the sums of the item minima and maxima. */
  readonly min: number;
  readonly max: number;
  /** Ordered, contiguous, covering [min, max] exactly. */
  readonly bands: readonly SeverityBand[];
  /** A total at or above this is a clinical case. */
  readonly caseness: number;
  /** A change of at least `threshold` points is reliable. */
  readonly reliableChange: ReliableChange;
  /** linkIds of items asking about suicidal thoughts; risk rules key on these. */
  readonly riskItems: readonly string[];
}
