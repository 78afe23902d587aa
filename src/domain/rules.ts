/**
 * The rule set of the register in ONE place. `CivilStatusRules` is the part a country (or a
 * reform) changes: ages, deadlines, polygamy; `RULES` names every rule a decider can refuse a
 * command on, with the sentence a registrar reads. A RuleViolation always carries one of these
 * names, so the API, the docs and the tests all speak of the same rules.
 */

export type RectifiableField =
  | 'givenName.ar'
  | 'givenName.lat'
  | 'givenName.tfng'
  | 'familyName.ar'
  | 'familyName.lat'
  | 'familyName.tfng'
  | 'sex'
  | 'birthDate'
  | 'birthTime'
  | 'father.givenName.ar'
  | 'father.givenName.lat'
  | 'father.familyName.ar'
  | 'father.familyName.lat'
  | 'mother.givenName.ar'
  | 'mother.givenName.lat'
  | 'mother.familyName.ar'
  | 'mother.familyName.lat'
  /** The parent's identity in the register: a rectification of filiation, by judgment. */
  | 'father.idcs'
  | 'mother.idcs'
  | 'deathDate';

export interface CivilStatusRules {
  marriage: {
    minimumAge: number;
    /** 'with-judge-authorisation': Morocco's Family Code; 'forbidden': one wife at a time. */
    polygamy: 'forbidden' | 'with-judge-authorisation';
    maxWives: number;
    /** Whether a judge may authorise the marriage of someone under the minimum age. */
    underAgeWithJudgeAuthorisation: boolean;
  };
  deadlines: {
    /** Days after birth for a declaration; after that only a declaratory judgment. */
    birthDays: number;
    birthAbroadDays: number;
    deathFamilyDays: number;
    /** Hospitals and prisons. */
    deathInstitutionDays: number;
  };
  /** Age of majority: kafala is for minors. */
  majorityAge: number;
  /** The first year of the civil-status registers (legacy acts cannot be older). */
  firstRegisterYear: number;
  /**
   * Fields whose errors are "material" and may be corrected on an administrative
   * authorisation; any other field needs a judgment of the court of first instance.
   */
  materialFields: readonly RectifiableField[];
}

export const MOROCCO_RULES: CivilStatusRules = {
  marriage: {
    minimumAge: 18,
    polygamy: 'with-judge-authorisation',
    maxWives: 4,
    underAgeWithJudgeAuthorisation: true,
  },
  deadlines: { birthDays: 30, birthAbroadDays: 365, deathFamilyDays: 30, deathInstitutionDays: 3 },
  majorityAge: 18,
  firstRegisterYear: 1915,
  // Latin and Tifinagh are transcriptions of the authoritative Arabic: fixing them to match the
  // Arabic is a material correction.
  materialFields: [
    'givenName.lat',
    'givenName.tfng',
    'familyName.lat',
    'familyName.tfng',
    'father.givenName.lat',
    'father.familyName.lat',
    'mother.givenName.lat',
    'mother.familyName.lat',
  ],
};

export const DEFAULT_RULES: CivilStatusRules = MOROCCO_RULES;

export const RULES = {
  // Any record
  PERSON_REGISTERED: 'The person has no birth act (or legacy act) in the register yet',
  ALREADY_REGISTERED: 'This record already holds a birth or death act',
  NOTHING_AFTER_DEATH: 'After the death act only rectification and annulment may be noted',
  ACT_ANNULLED: 'The act was annulled by judgment: nothing more can be noted on it',
  EVENT_NOT_IN_FUTURE: 'A civil event or a legal basis cannot be dated after today',
  NOT_BEFORE_BIRTH: 'A marginal note cannot record an event before the person was born',
  // Register books
  REGISTER_OF_THE_CURRENT_YEAR: "Acts are numbered in the register of the year they're drawn up",
  // Birth
  LATE_BIRTH_NEEDS_JUDGMENT: 'A birth declared after the legal period needs a declaratory judgment',
  DECLARANT_ORDER:
    'Declarants in order: father or mother, testamentary guardian, brother, nephew (say why the earlier ones do not declare)',
  MOTHER_DECLARES_UNKNOWN_FATHER: 'Only the mother declares a child of unknown father',
  PROSECUTOR_DECLARES_UNKNOWN_PARENTS:
    'Only the public prosecutor declares a child of unknown parents',
  ABD_FATHER_FIRST_NAME: 'The first name chosen for an unknown father is of the "Abd-" kind',
  PRE_DECLARATION_WITHIN_DEADLINE: 'A health facility pre-declares a birth within the legal period',
  // Legacy acts
  LEGACY_YEAR_IN_RANGE: 'A digitised act dates from the first registers (1915) to this year',
  // Death
  DEATH_NOT_BEFORE_BIRTH: 'Death cannot precede birth',
  LATE_DEATH_NEEDS_JUDGMENT: 'A death declared after the legal period needs a judgment',
  UNIDENTIFIED_DEATH_FROM_POLICE_REPORT: 'An unidentified body is registered on a police report',
  IDENTIFICATION_BY_JUDGMENT: 'An unidentified deceased is identified by a rectifying judgment',
  ALREADY_IDENTIFIED: 'This unidentified deceased was already identified',
  UNIDENTIFIED_ACT_RECTIFIED_BY_IDENTIFICATION:
    'An unidentified death act is corrected by identifying the deceased, not field by field',
  // Marriage and divorce
  SPOUSES_ALIVE: 'Both spouses must be alive',
  SPOUSES_OF_OPPOSITE_SEX: 'The husband is a man and the wife a woman',
  NOT_ALREADY_MARRIED_TO_EACH_OTHER: 'These spouses are already married to each other',
  WIFE_HAS_ONE_HUSBAND: 'A woman has at most one husband at a time',
  HUSBAND_HAS_ONE_WIFE: 'Polygamy is not allowed by the configured rules',
  FURTHER_WIFE_NEEDS_JUDGE_AUTHORISATION: 'A further wife needs a judge’s authorisation',
  AT_MOST_FOUR_WIVES: 'A man has at most the configured number of wives (four)',
  MINIMUM_AGE: 'Both spouses have the minimum age, unless a judge authorises the marriage',
  MARRIED_TO_EACH_OTHER: 'A divorce is noted only between spouses currently married',
  DIVORCE_AFTER_MARRIAGE: 'A divorce cannot precede the marriage',
  // Filiation, kafala, names
  PATERNITY_NOT_ESTABLISHED: 'Paternity is recognised only for a child whose father is unknown',
  RECOGNITION_BY_ACT_OR_JUDGMENT: 'Recognition of paternity rests on an adoul act or a judgment',
  FATHER_IS_A_MAN: 'The recognising father is a man',
  FATHER_BORN_BEFORE_CHILD: 'The recognising father was born before the child',
  KAFALA_BY_JUDGE_ORDER: 'Kafala is granted by an order of the judge of minors',
  KAFALA_OF_A_MINOR: 'Kafala is for a child under the age of majority',
  ONE_KAFALA_AT_A_TIME: 'A child is under at most one kafala at a time',
  KAFALA_IN_FORCE: 'Only a kafala in force can end',
  NAME_CHANGE_NEEDS_AUTHORISATION: 'A name change rests on an authorisation or a judgment',
  NAME_ACTUALLY_CHANGES: 'The new name must differ from the current one',
  // Rectification and annulment
  RECTIFICATION_NEEDS_LEGAL_BASIS: 'A rectification rests on a judgment or an authorisation',
  SUBSTANTIVE_RECTIFICATION_NEEDS_JUDGMENT: 'Only material errors are corrected on authorisation',
  OLD_VALUE_MATCHES_ACT: 'The value to correct must be the one the act currently holds',
  RECTIFICATION_CHANGES_VALUE: 'A rectification must change the value',
  FIELD_ON_THE_ACT: 'The field to correct is not on this act',
  ANNULMENT_BY_JUDGMENT: 'An act is annulled only by judgment',
  ACT_EXISTS: 'The act to annul does not exist on this record',
  ANNULLED_ACT_HAS_NO_CURRENT_MARRIAGE:
    'Dissolve or rectify the current marriages before annulling the birth act',
  // Extracts and full copies
  EXTRACT_OF_A_BIRTH_ACT: 'An extract or full copy is drawn from a birth act (or a legacy act)',
  FULL_COPY_REQUESTER:
    "A full copy is issued only to the person, an ascendant, a descendant, the spouse, or on the prosecutor's authorisation",
  REQUESTER_RELATION_ON_RECORD:
    'When the requester gives their IDCS, the relation they claim must be the one the register shows',
} as const;

export type RuleName = keyof typeof RULES;
