import { conditionTerms } from '../catalogue/conditions';
import { normaliseTerm, type DrugInfo, type PatientProfile } from '../catalogue/types';

export const SAFETY_RULES = {
  /** The drug lists one of the patient's conditions among its contraindications. */
  CONDITION_CONTRAINDICATION: 'CONDITION_CONTRAINDICATION',
  /** The drug lists a substance the patient is allergic to among its contraindications. */
  ALLERGY_CONTRAINDICATION: 'ALLERGY_CONTRAINDICATION',
  /** The patient is allergic to the drug itself or to one of its classes. */
  ALLERGY_TO_DRUG: 'ALLERGY_TO_DRUG',
  /** The drug interacts with a current medication (listed on either drug). */
  DRUG_INTERACTION: 'DRUG_INTERACTION',
  /** The patient already takes this drug, or another of a class where doubling up is dangerous. */
  DUPLICATE_THERAPY: 'DUPLICATE_THERAPY',
} as const;
export type SafetyRule = (typeof SAFETY_RULES)[keyof typeof SAFETY_RULES];

export interface SafetyFinding {
  rule: SafetyRule;
  /** The term on the drug side that matched (a contraindication, class, name or interaction entry). */
  drugTerm: string;
  /** The patient's fact that matched: the condition, allergy or current medication. */
  patientFact: string;
  message: string;
}

export interface SafetyResult {
  safe: DrugInfo[];
  removed: { drug: DrugInfo; findings: SafetyFinding[] }[];
}

// Conditions in these states no longer rule a drug out; unknown or missing states count as active.
const INACTIVE_CONDITION = new Set(['resolved', 'inactive', 'remission', 'entered-in-error', 'refuted']);
// Classes where two drugs at once multiply the harm (bleeding, GI and renal injury, respiratory depression).
export const NO_DUPLICATE_CLASSES: readonly string[] = ['anticoagulant', 'NSAID', 'opioid analgesic', 'benzodiazepine'];
const NO_DUPLICATE = new Set(NO_DUPLICATE_CLASSES.map(normaliseTerm));

const INACTIVE_MEDICATION = new Set(['stopped', 'completed', 'cancelled', 'entered-in-error', 'not-taken']);

interface Fact {
  label: string;
  terms: Set<string>;
}

function termsOf(values: readonly (string | null | undefined)[]): Set<string> {
  const out = new Set<string>();
  for (const v of values) if (v && normaliseTerm(v)) out.add(normaliseTerm(v));
  return out;
}

function drugIdentity(drug: DrugInfo): Set<string> {
  return termsOf([drug.name, drug.code, ...drug.drugClasses]);
}

function firstShared(list: readonly string[], terms: ReadonlySet<string>): string | undefined {
  return list.find((entry) => terms.has(normaliseTerm(entry)));
}

/** Prepared patient facts and catalogue lookups, reusable across many candidate drugs. */
export class DrugSafetyChecker {
  private readonly conditions: Fact[];
  private readonly allergies: Fact[];
  private readonly medications: { label: string; identity: Set<string>; interactsWith: readonly string[]; drugId: string | null }[];

  /** `catalogue` resolves current medications to catalogue drugs (their classes and interactions). */
  constructor(patient: PatientProfile, catalogue: readonly DrugInfo[]) {
    this.conditions = patient.conditions
      .filter((c) => !INACTIVE_CONDITION.has((c.status ?? 'active').toLowerCase()))
      .map((c) => ({ label: `condition ${c.display} (${c.code})`, terms: new Set(conditionTerms(c)) }));
    this.allergies = patient.allergies.map((a) => ({ label: `allergy to ${a.substance}`, terms: termsOf([a.substance, a.code]) }));
    const byId = new Map(catalogue.map((d) => [d.id, d]));
    const byTerm = new Map<string, DrugInfo>();
    for (const d of catalogue) for (const t of termsOf([d.name, d.code])) byTerm.set(t, d);
    this.medications = patient.medications
      .filter((m) => !INACTIVE_MEDICATION.has((m.status ?? 'active').toLowerCase()))
      .map((m) => {
        const known = (m.drugId ? byId.get(m.drugId) : undefined) ?? byTerm.get(normaliseTerm(m.name)) ?? (m.code ? byTerm.get(normaliseTerm(m.code)) : undefined);
        const identity = termsOf([m.name, m.code]);
        if (known) for (const t of drugIdentity(known)) identity.add(t);
        return { label: `current medication ${m.name}`, identity, interactsWith: known?.interactsWith ?? [], drugId: known?.id ?? m.drugId ?? null };
      });
  }

  /** Every rule the drug breaks for this patient; empty when it is safe to offer. */
  check(drug: DrugInfo): SafetyFinding[] {
    const findings: SafetyFinding[] = [];
    const add = (rule: SafetyRule, drugTerm: string, patientFact: string, message: string) => findings.push({ rule, drugTerm, patientFact, message });
    for (const c of this.conditions) {
      const hit = firstShared(drug.contraindications, c.terms);
      if (hit) add(SAFETY_RULES.CONDITION_CONTRAINDICATION, hit, c.label, `${drug.name} is contraindicated in ${hit}`);
    }
    const identity = drugIdentity(drug);
    for (const a of this.allergies) {
      const contra = firstShared(drug.contraindications, a.terms);
      if (contra) add(SAFETY_RULES.ALLERGY_CONTRAINDICATION, contra, a.label, `${drug.name} is contraindicated with an allergy to ${contra}`);
      const own = [drug.name, drug.code ?? '', ...drug.drugClasses].find((t) => t && a.terms.has(normaliseTerm(t)));
      if (own && !contra) add(SAFETY_RULES.ALLERGY_TO_DRUG, own, a.label, `the patient is allergic to ${own}, which ${drug.name} is or contains`);
    }
    for (const m of this.medications) {
      const same = m.drugId === drug.id || m.identity.has(normaliseTerm(drug.name)) || (drug.code ? m.identity.has(normaliseTerm(drug.code)) : false);
      const sharedClass = drug.drugClasses.find((c) => NO_DUPLICATE.has(normaliseTerm(c)) && m.identity.has(normaliseTerm(c)));
      if (same) add(SAFETY_RULES.DUPLICATE_THERAPY, drug.name, m.label, `the patient already takes ${drug.name}`);
      else if (sharedClass) add(SAFETY_RULES.DUPLICATE_THERAPY, sharedClass, m.label, `${drug.name} would double the ${sharedClass} therapy already taken`);
      const forward = firstShared(drug.interactsWith, m.identity);
      const backward = firstShared(m.interactsWith, identity);
      const term = forward ?? backward;
      if (term) add(SAFETY_RULES.DRUG_INTERACTION, term, m.label, `${drug.name} interacts with ${m.label.replace('current medication ', '')} (${term})`);
    }
    return findings;
  }
}

/**
 * Splits candidate drugs into those safe for the patient and those removed, each removal with the
 * rules that removed it. Matching is on names, codes and drug classes, case-insensitively.
 */
export function filterSafeDrugs(patient: PatientProfile, candidates: readonly DrugInfo[], catalogue: readonly DrugInfo[] = candidates): SafetyResult {
  const checker = new DrugSafetyChecker(patient, catalogue);
  const result: SafetyResult = { safe: [], removed: [] };
  for (const drug of candidates) {
    const findings = checker.check(drug);
    if (findings.length === 0) result.safe.push(drug);
    else result.removed.push({ drug, findings });
  }
  return result;
}
