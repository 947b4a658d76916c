import { conditionTerms, specialtiesFor } from '../catalogue/conditions';
import { normaliseTerm, type DoctorInfo, type DrugInfo, type PatientProfile } from '../catalogue/types';

/** A sparse feature vector: feature name -> weight. Names are prefixed by kind ('specialty:', 'class:', ...). */
export type FeatureBag = Map<string, number>;

export type ItemDomain = 'doctor' | 'drug';

function add(bag: FeatureBag, name: string, weight: number): void {
  const key = name.includes(':') ? `${name.slice(0, name.indexOf(':'))}:${normaliseTerm(name.slice(name.indexOf(':') + 1))}` : name;
  bag.set(key, (bag.get(key) ?? 0) + weight);
}

// A readmission (or other) rate of 0 scores 1 and a rate of 20% or more scores 0.
const rateScore = (rate: number) => Math.min(1, Math.max(0, 1 - rate * 5));

export function doctorFeatures(doctor: DoctorInfo): FeatureBag {
  const bag: FeatureBag = new Map();
  for (const s of doctor.specialties) add(bag, `specialty:${s}`, 1);
  for (const l of doctor.languages) add(bag, `language:${l}`, 0.5);
  for (const p of doctor.procedures) add(bag, `procedure:${p}`, 0.5);
  for (const [key, value] of Object.entries(doctor.outcomes)) if (/rate$/i.test(key) && Number.isFinite(value)) add(bag, `outcome:${key}`, rateScore(value));
  return bag;
}

export function drugFeatures(drug: DrugInfo): FeatureBag {
  const bag: FeatureBag = new Map();
  for (const indication of drug.indications) add(bag, `indication:${indication}`, 1);
  for (const c of drug.drugClasses) add(bag, `class:${c}`, 0.5);
  return bag;
}

/** A patient's history: the items they rated, with the item's features, and the rating's place on the scale (-1..1). */
export interface RatedItem {
  features: FeatureBag;
  /** (rating - midpoint) / half-range. */
  preference: number;
}

/**
 * A patient's profile in the item domain's feature space: their conditions (as the specialties that
 * treat them, or the indications that match them), languages, and a share of the features of what
 * they rated well (minus what they rated badly).
 */
export function patientFeatures(patient: PatientProfile, domain: ItemDomain, history: readonly RatedItem[] = []): FeatureBag {
  const bag: FeatureBag = new Map();
  const active = patient.conditions.filter((c) => !['resolved', 'inactive', 'entered-in-error'].includes((c.status ?? 'active').toLowerCase()));
  for (const c of active) {
    if (domain === 'doctor') for (const s of new Set([...specialtiesFor(c.code), ...specialtiesFor(c.display)])) add(bag, `specialty:${s}`, 1);
    else for (const t of conditionTerms(c)) add(bag, `indication:${t}`, 1);
  }
  if (domain === 'doctor') {
    for (const l of patient.languages ?? []) add(bag, `language:${l}`, 1);
    // Everyone prefers good outcomes; the weight keeps them from outvoting the specialty.
    add(bag, 'outcome:readmissionRate', 0.3);
  }
  for (const item of history) {
    for (const [name, weight] of item.features) {
      if (name.startsWith('specialty:') || name.startsWith('indication:')) continue;
      add(bag, name, 0.3 * item.preference * weight);
    }
  }
  return bag;
}
