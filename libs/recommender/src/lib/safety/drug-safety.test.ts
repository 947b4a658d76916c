import { createRng } from '@pmed/tensor';
import { DRUGS } from '../__fixtures__/catalogue';
import type { DrugInfo, PatientProfile } from '../catalogue/types';
import { drugFeatures } from '../content/features';
import { trainHybrid, type RatingRecord } from '../hybrid/hybrid-model';
import { recommendDrugs } from '../hybrid/recommend';
import { filterSafeDrugs, SAFETY_RULES } from './drug-safety';

const patient = (id: string, extra: Partial<PatientProfile>): PatientProfile => ({ id, conditions: [], allergies: [], medications: [], ...extra });
const cond = (code: string, display: string, status = 'active') => ({ code, display, status });
const names = (drugs: readonly { name: string }[]) => drugs.map((d) => d.name).sort();

describe('filterSafeDrugs', () => {
  it('removes penicillins for a penicillin allergy, with the rule (patient 01 of the demo)', () => {
    const p = patient('p01', { conditions: [cond('385093006', 'Community-acquired pneumonia')], allergies: [{ substance: 'Penicillin' }] });
    const { safe, removed } = filterSafeDrugs(p, DRUGS);
    expect(names(safe)).not.toContain('amoxicillin');
    const amox = removed.find((r) => r.drug.name === 'amoxicillin')!;
    expect(amox.findings[0]).toMatchObject({ rule: SAFETY_RULES.ALLERGY_CONTRAINDICATION, drugTerm: 'penicillin', patientFact: 'allergy to Penicillin' });
    // No contraindication lists it, but its class is penicillin.
    expect(removed.find((r) => r.drug.name === 'piperacillin-tazobactam')!.findings[0]).toMatchObject({ rule: SAFETY_RULES.ALLERGY_TO_DRUG, drugTerm: 'penicillin' });
    expect(names(safe)).toContain('ceftriaxone');
  });

  it('removes drugs interacting with warfarin, listed on either drug (patient 02)', () => {
    const p = patient('p02', { conditions: [cond('I48.91', 'Atrial fibrillation')], medications: [{ name: 'Warfarin', drugId: 'drug-warfarin' }] });
    const { removed } = filterSafeDrugs(p, DRUGS);
    const by = new Map(removed.map((r) => [r.drug.name, r.findings]));
    expect(by.get('ibuprofen')![0]).toMatchObject({ rule: SAFETY_RULES.DRUG_INTERACTION, drugTerm: 'warfarin' });
    expect(by.get('clarithromycin')![0]).toMatchObject({ rule: SAFETY_RULES.DRUG_INTERACTION });
    // apixaban names NSAIDs, not warfarin; warfarin names aspirin: found from the medication's side.
    expect(by.get('aspirin')![0]!.rule).toBe(SAFETY_RULES.DRUG_INTERACTION);
    expect(by.has('paracetamol')).toBe(false);
    // Another anticoagulant, or warfarin again, would double the bleeding risk.
    expect(by.get('apixaban')!.map((f) => f.rule)).toContain(SAFETY_RULES.DUPLICATE_THERAPY);
    expect(by.get('warfarin')![0]).toMatchObject({ rule: SAFETY_RULES.DUPLICATE_THERAPY, message: 'the patient already takes warfarin' });
  });

  it('matches a medication by code alone and by class', () => {
    const p = patient('p', { medications: [{ name: 'Coumadin 5 mg', code: 'b01aa03' }] });
    expect(names(filterSafeDrugs(p, DRUGS).removed.map((r) => r.drug))).toEqual(expect.arrayContaining(['ibuprofen', 'aspirin', 'clarithromycin']));
    const onNsaid = patient('q', { medications: [{ name: 'naproxen' }] });
    const catalogue: DrugInfo[] = [...DRUGS, { id: 'drug-naproxen', name: 'Naproxen', drugClasses: ['NSAID'], indications: ['pain'], contraindications: [], interactsWith: [] }];
    expect(names(filterSafeDrugs(onNsaid, DRUGS, catalogue).removed.map((r) => r.drug))).toEqual(expect.arrayContaining(['warfarin', 'apixaban']));
  });

  it('removes renally cleared drugs in CKD stage 4 given by ICD-10 code (patient 03); resolved conditions do not count', () => {
    const p = patient('p03', { conditions: [cond('N18.4', 'CKD 4'), cond('44054006', 'Type 2 diabetes mellitus'), cond('13200003', 'Peptic ulcer', 'resolved')] });
    const { removed } = filterSafeDrugs(p, DRUGS);
    const metformin = removed.find((r) => r.drug.name === 'metformin')!;
    expect(metformin.findings[0]).toMatchObject({ rule: SAFETY_RULES.CONDITION_CONTRAINDICATION, drugTerm: 'Chronic kidney disease stage 4' });
    expect(names(removed.map((r) => r.drug))).not.toContain('warfarin');
  });

  it('a cephalosporin allergy matches the class written with a qualifier', () => {
    const p = patient('p', { allergies: [{ substance: 'CEPHALOSPORIN' }] });
    expect(names(filterSafeDrugs(p, DRUGS).removed.map((r) => r.drug))).toEqual(['ceftriaxone']);
  });
});

/** An independent, deliberately plain check: is any name/code/class of `drug` in conflict with the patient? */
function harms(p: PatientProfile, drug: DrugInfo): boolean {
  const low = (s: string) => s.toLowerCase().replace(/\(.*\)/, '').trim();
  const drugSide = [drug.name, drug.code ?? '', ...drug.drugClasses].map(low);
  const facts = [...p.conditions.filter((c) => c.status !== 'resolved').flatMap((c) => [c.code, c.display]), ...p.allergies.map((a) => a.substance)].map(low);
  if (drug.contraindications.some((c) => facts.includes(low(c)))) return true;
  if (p.allergies.some((a) => drugSide.includes(low(a.substance)))) return true;
  for (const m of p.medications) {
    const med = DRUGS.find((d) => low(d.name) === low(m.name))!;
    const medSide = [med.name, med.code ?? '', ...med.drugClasses].map(low);
    if (med.id === drug.id || drug.drugClasses.some((c) => ['anticoagulant', 'nsaid'].includes(low(c)) && medSide.includes(low(c)))) return true;
    if (drug.interactsWith.some((x) => medSide.includes(low(x))) || med.interactsWith.some((x) => drugSide.includes(low(x)))) return true;
  }
  return false;
}

describe('recommendDrugs never returns a contraindicated or interacting drug', () => {
  it('holds for 300 random crafted patients and every condition', () => {
    const rng = createRng(5);
    const conditions = [cond('49436004', 'Atrial fibrillation'), cond('44054006', 'Type 2 diabetes mellitus'), cond('385093006', 'Community-acquired pneumonia'), cond('N18.4', 'Chronic kidney disease stage 4'), cond('13200003', 'Peptic ulcer'), cond('84114007', 'Heart failure'), cond('91302008', 'Sepsis'), cond('68566005', 'Urinary tract infection'), cond('53741008', 'Coronary artery disease')];
    const substances = ['penicillin', 'aspirin', 'cephalosporin', 'NSAID', 'latex'];
    const patients = Array.from({ length: 300 }, (_, k) =>
      patient(`p${k}`, {
        conditions: conditions.filter(() => rng.next() < 0.35),
        allergies: substances.filter(() => rng.next() < 0.15).map((substance) => ({ substance: rng.next() < 0.5 ? substance.toUpperCase() : substance })),
        medications: DRUGS.filter(() => rng.next() < 0.1).map((d) => ({ name: rng.next() < 0.5 ? d.name.toUpperCase() : d.name })),
      }),
    );
    const ratings: RatingRecord[] = patients.flatMap((p) => DRUGS.filter(() => rng.next() < 0.2).map((d) => ({ userId: p.id, itemId: d.id, value: 1 + rng.int(5) })));
    const model = trainHybrid({ domain: 'drug', ratings, patients, items: DRUGS.map((d) => ({ id: d.id, features: drugFeatures(d) })) });
    let returned = 0;
    let filtered = 0;
    for (const p of patients) {
      for (const c of p.conditions) {
        const result = recommendDrugs({ model, patient: p, patientRatings: ratings.filter((r) => r.userId === p.id), conditionCode: c.code, drugs: DRUGS, k: 20 });
        for (const item of result.items) {
          const drug = DRUGS.find((d) => d.id === item.itemId)!;
          expect(harms(p, drug)).toBe(false);
          expect(drug.indications.map((i) => i.toLowerCase())).toContain(result.condition.display.toLowerCase());
        }
        for (const f of result.filtered) expect(harms(p, DRUGS.find((d) => d.id === f.drugId)!)).toBe(true);
        returned += result.items.length;
        filtered += result.filtered.length;
      }
    }
    // The check must have had real work on both sides.
    expect(returned).toBeGreaterThan(100);
    expect(filtered).toBeGreaterThan(50);
  });
});
