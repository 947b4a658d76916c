import { normaliseTerm } from './types';

/** A condition the recommender can route to specialties, with the codes and names that denote it. */
export interface ConditionConcept {
  display: string;
  snomed: string[];
  icd10: string[];
  specialties: string[];
}

const concept = (display: string, snomed: string[], icd10: string[], specialties: string[]): ConditionConcept => ({ display, snomed, icd10, specialties });

// SNOMED CT and ICD-10-CM codes of common conditions and the specialties that treat them.
export const CONDITION_CONCEPTS: readonly ConditionConcept[] = [
  concept('Sepsis', ['91302008'], ['A41.9'], ['infectious diseases', 'critical care']),
  concept('Septic shock', ['76571007'], ['R65.21'], ['critical care', 'infectious diseases']),
  concept('Community-acquired pneumonia', ['385093006', '233604007'], ['J18.9'], ['pulmonology', 'infectious diseases']),
  concept('Type 2 diabetes mellitus', ['44054006'], ['E11.9'], ['endocrinology', 'internal medicine']),
  concept('Type 1 diabetes mellitus', ['46635009'], ['E10.9'], ['endocrinology']),
  concept('Essential hypertension', ['59621000', '38341003'], ['I10'], ['cardiology', 'internal medicine']),
  concept('Atrial fibrillation', ['49436004'], ['I48.91'], ['cardiology', 'electrophysiology']),
  concept('Heart failure', ['84114007'], ['I50.9'], ['cardiology']),
  concept('Chronic kidney disease stage 4', ['431857002'], ['N18.4'], ['nephrology']),
  concept('Chronic kidney disease stage 5', ['433146000'], ['N18.5'], ['nephrology']),
  concept('Acute kidney injury', ['14669001'], ['N17.9'], ['nephrology', 'critical care']),
  concept('Chronic obstructive pulmonary disease', ['13645005'], ['J44.9'], ['pulmonology']),
  concept('Asthma', ['195967001'], ['J45.909'], ['pulmonology']),
  concept('Coronary artery disease', ['53741008'], ['I25.10'], ['cardiology']),
  concept('Hyperlipidemia', ['55822004'], ['E78.5'], ['cardiology', 'endocrinology', 'internal medicine']),
  concept('Peptic ulcer', ['13200003'], ['K27.9'], ['gastroenterology']),
  concept('Deep vein thrombosis', ['128053003'], ['I82.409'], ['internal medicine', 'cardiology']),
  concept('Urinary tract infection', ['68566005'], ['N39.0'], ['infectious diseases', 'internal medicine']),
  concept('Ischemic stroke', ['422504002'], ['I63.9'], ['neurology']),
  concept('Pregnancy', ['77386006'], ['Z33.1'], ['obstetrics']),
];

// ICD-10 chapters (first letter, with the I6x cerebrovascular block) for codes not listed above.
const ICD10_CHAPTERS: readonly [RegExp, string[]][] = [
  [/^I6\d/, ['neurology']],
  [/^[AB]/, ['infectious diseases']],
  [/^C|^D[0-4]/, ['oncology']],
  [/^E/, ['endocrinology']],
  [/^G/, ['neurology']],
  [/^I/, ['cardiology']],
  [/^J/, ['pulmonology']],
  [/^K/, ['gastroenterology']],
  [/^N/, ['nephrology']],
  [/^M/, ['rheumatology']],
  [/^F/, ['psychiatry']],
  [/^O/, ['obstetrics']],
];

const byKey = new Map<string, ConditionConcept>();
for (const c of CONDITION_CONCEPTS) for (const key of [...c.snomed, ...c.icd10, c.display]) byKey.set(normaliseTerm(key), c);

/** The concept a code or name denotes, if the table knows it. */
export function findConditionConcept(codeOrName: string): ConditionConcept | undefined {
  return byKey.get(normaliseTerm(codeOrName));
}

/** Specialties for a condition code or name: the table first, then the ICD-10 chapter; [] when unknown. */
export function specialtiesFor(codeOrName: string): string[] {
  const known = findConditionConcept(codeOrName);
  if (known) return known.specialties;
  const code = codeOrName.trim().toUpperCase();
  if (/^[A-Z]\d\d(\.\w+)?$/.test(code)) for (const [pattern, specialties] of ICD10_CHAPTERS) if (pattern.test(code)) return specialties;
  return [];
}

/** Every name and code by which a patient's condition may be written in a drug list. */
export function conditionTerms(condition: { code: string; display: string }): string[] {
  const terms = new Set([normaliseTerm(condition.code), normaliseTerm(condition.display)]);
  const known = findConditionConcept(condition.code) ?? findConditionConcept(condition.display);
  if (known) for (const key of [known.display, ...known.snomed, ...known.icd10]) terms.add(normaliseTerm(key));
  terms.delete('');
  return [...terms];
}
