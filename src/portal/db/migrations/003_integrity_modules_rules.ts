/**
 * Integrity and configuration: one source for a patient's team, at most one active enrolment,
 * the programme modules as data, per-clinic risk rules, and login lockout for any username.
 */
export const name = 'integrity_modules_rules';

const modules: [programme: string, moduleNo: number, dueWeek: number, title: string, summary: string][] = [
  ['panic', 1, 1, 'Velkommen: om panikk', 'Hva panikkanfall er, og hvordan programmet er lagt opp.'],
  ['panic', 2, 2, 'Kroppens alarm', 'Hvorfor kroppen slår alarm, og hvorfor alarmen ikke er farlig.'],
  ['panic', 3, 3, 'Panikksirkelen', 'Hvordan tanker, kroppsfølelser og handlinger holder panikken ved like.'],
  ['panic', 4, 4, 'Katastrofetanker', 'Å legge merke til skremmende tanker og prøve dem mot erfaring.'],
  ['panic', 5, 6, 'Trygghetsatferd', 'Det du gjør for å føle deg trygg, og hva det koster deg.'],
  ['panic', 6, 8, 'Øving på kroppsfølelser', 'Å fremkalle kroppsfølelsene du frykter, til de mister grepet.'],
  ['panic', 7, 10, 'Øving i hverdagen', 'Å oppsøke steder og situasjoner du har unngått.'],
  ['panic', 8, 12, 'Å holde fast på det du har lært', 'Å bygge øvingen inn i vanlige uker.'],
  ['panic', 9, 13, 'Veien videre', 'Tidlige varseltegn og en plan for tilbakeslag.'],
  [
    'social-anxiety',
    1,
    1,
    'Velkommen: om sosial angst',
    'Hva sosial angst er, og hvordan programmet er lagt opp.',
  ],
  [
    'social-anxiety',
    2,
    2,
    'Hva holder angsten ved like',
    'Unngåelse, selvfokus og forventninger om å bli vurdert.',
  ],
  ['social-anxiety', 3, 3, 'Oppmerksomhet', 'Å flytte oppmerksomheten fra deg selv til situasjonen.'],
  ['social-anxiety', 4, 4, 'Trygghetsatferd', 'Små ting du gjør for å ikke vekke oppsikt, og hva de koster.'],
  [
    'social-anxiety',
    5,
    6,
    'Atferdseksperimenter',
    'Å teste hva som faktisk skjer når du gjør det annerledes.',
  ],
  [
    'social-anxiety',
    6,
    8,
    'Øving i sosiale situasjoner',
    'En trapp av situasjoner, fra lette til vanskelige.',
  ],
  ['social-anxiety', 7, 10, 'Etterpå-grubling', 'Å slippe gjennomgangen av hva du sa og gjorde.'],
  ['social-anxiety', 8, 12, 'Å øve på egen hånd', 'Å fortsette øvingen uten ukentlig veiledning.'],
  ['social-anxiety', 9, 13, 'Veien videre', 'Tidlige varseltegn og en plan for tilbakeslag.'],
  ['depression', 1, 1, 'Velkommen: om depresjon', 'Hva depresjon er, og hvordan programmet er lagt opp.'],
  ['depression', 2, 2, 'Aktivitet og humør', 'Sammenhengen mellom det du gjør og hvordan du har det.'],
  ['depression', 3, 3, 'Å planlegge gode aktiviteter', 'Små, konkrete aktiviteter lagt inn i uka.'],
  ['depression', 4, 5, 'Tanker og følelser', 'Å legge merke til tankene som følger et senket humør.'],
  ['depression', 5, 7, 'Å prøve tankene', 'Å se etter andre måter å forstå en situasjon på.'],
  ['depression', 6, 9, 'Grubling', 'Å kjenne igjen grubling og gå over til handling.'],
  ['depression', 7, 11, 'Søvn og døgnrytme', 'Faste tider og rolige kvelder som støtter humøret.'],
  ['depression', 8, 13, 'Veien videre', 'Tidlige varseltegn og en plan for tilbakeslag.'],
];

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const sql = /* sql */ `
-- The patient's team lives on patient (scope reads it there); the copy on enrolment could disagree.
ALTER TABLE enrolment DROP COLUMN team_id;

-- At most one active enrolment per patient. An existing database that breaks this is not
-- guessed at: the upgrade stops and says so, and the clinic decides which enrolment ends.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM enrolment WHERE status = 'active' GROUP BY patient_id HAVING count(*) > 1) THEN
    RAISE EXCEPTION 'migration 003: some patients have more than one active enrolment; end all but one, then start again';
  END IF;
END $$;
CREATE UNIQUE INDEX enrolment_one_active ON enrolment (patient_id) WHERE status = 'active';

-- The modules of each programme (our own synthetic text, not an instrument). Due weeks follow
-- moduleSchedules in src/shared/clinical/calendar.ts; a test holds the two together.
CREATE TABLE module (
  programme text NOT NULL CHECK (programme IN ('panic', 'social-anxiety', 'depression')),
  module_no integer NOT NULL CHECK (module_no BETWEEN 1 AND 9),
  title text NOT NULL,
  summary text NOT NULL,
  due_week integer NOT NULL CHECK (due_week BETWEEN 1 AND 14),
  PRIMARY KEY (programme, module_no)
);
INSERT INTO module (programme, module_no, due_week, title, summary) VALUES
${modules.map((m) => `  (${literal(m[0])}, ${m[1]}, ${m[2]}, ${literal(m[3])}, ${literal(m[4])})`).join(',\n')};

-- Progress names its module; the programme is pinned to the enrolment's by a composite key.
ALTER TABLE enrolment ADD CONSTRAINT enrolment_id_programme UNIQUE (id, programme);
ALTER TABLE module_progress ADD COLUMN programme text;
UPDATE module_progress mp SET programme = e.programme FROM enrolment e WHERE e.id = mp.enrolment_id;
ALTER TABLE module_progress
  ALTER COLUMN programme SET NOT NULL,
  ADD CONSTRAINT module_progress_enrolment_programme
    FOREIGN KEY (enrolment_id, programme) REFERENCES enrolment (id, programme),
  ADD CONSTRAINT module_progress_module
    FOREIGN KEY (programme, module_no) REFERENCES module (programme, module_no);

-- A clinic's risk rules (RiskRuleConfig in src/shared/clinical/risk.ts); NULL means the defaults.
ALTER TABLE clinic ADD COLUMN risk_rules jsonb;

-- Failed logins are counted per username whether or not an account has it, so a locked account
-- and an unknown name answer alike. Only the name's SHA-256 is kept.
CREATE TABLE login_failure (
  username_hash bytea PRIMARY KEY,
  failed_logins integer NOT NULL DEFAULT 0,
  locked_until timestamptz
);
INSERT INTO login_failure (username_hash, failed_logins, locked_until)
  SELECT sha256(convert_to(username, 'UTF8')), failed_logins, locked_until
    FROM account WHERE failed_logins > 0 OR locked_until > now();
ALTER TABLE account DROP COLUMN failed_logins, DROP COLUMN locked_until;
`;
