// Builds the synthetic ICU patients in memory (no database): who they are, what they have, and
// 48 hours of vitals and labs, some drifting towards septic or cardiac deterioration.
import { DEMO_ALLERGIES, DEMO_CONDITIONS, type DemoConditionKey } from './demo-catalog';
import type { DemoRandom } from './demo-random';

export interface DemoObservation {
  code: string;
  value: number;
  unit: string;
  time: Date;
}

export interface DemoPatient {
  index: number;
  id: string;
  encounterId: string;
  mrn: string;
  givenName: string;
  familyName: string;
  sex: 'female' | 'male';
  birthDate: Date;
  age: number;
  conditions: { key: DemoConditionKey; onsetAt: Date; useIcd10: boolean; status: 'active' | 'resolved' }[];
  allergies: { substance: string; reaction: string; severity: string }[];
  /** Chronic medications (by drug name), taken before and during the stay. */
  medications: string[];
  /** Drugs ordered in the ICU. */
  orders: { drug: string; dosage: string }[];
  icuType: string;
  admittedAt: Date;
  deteriorating: boolean;
  died: boolean;
  observations: DemoObservation[];
}

export const DEMO_HOURS = 48;

// Archetypes keep conditions, medications and vitals clinically coherent.
const ARCHETYPES: { primary: DemoConditionKey[]; comorbid: DemoConditionKey[]; icu: string }[] = [
  { primary: ['sepsis', 'pneumonia'], comorbid: ['copd', 'hypertension', 't2dm'], icu: 'Medical ICU' },
  { primary: ['af'], comorbid: ['hypertension', 'heartFailure', 'hyperlipidemia'], icu: 'Coronary Care Unit' },
  { primary: ['sepsis', 'uti'], comorbid: ['t2dm', 'ckd4', 'hypertension'], icu: 'Medical ICU' },
  { primary: ['heartFailure'], comorbid: ['cad', 'hypertension', 'hyperlipidemia', 'ckd4'], icu: 'Cardiac ICU' },
  { primary: ['copd', 'pneumonia'], comorbid: ['hypertension', 'asthma'], icu: 'Medical ICU' },
  { primary: ['stroke'], comorbid: ['af', 'hypertension', 'hyperlipidemia'], icu: 'Medical ICU' },
  { primary: ['aki'], comorbid: ['t2dm', 'hypertension', 'pepticUlcer'], icu: 'Surgical ICU' },
  { primary: ['dvt'], comorbid: ['cad', 'hyperlipidemia', 'pepticUlcer'], icu: 'Surgical ICU' },
];

/** Chronic drugs for a condition, given the patient's other conditions. */
function chronicDrugs(key: DemoConditionKey, has: (k: DemoConditionKey) => boolean, rng: DemoRandom): string[] {
  switch (key) {
    case 't2dm':
      return [has('ckd4') ? 'insulin glargine' : 'metformin'];
    case 'hypertension':
      return [rng.pick(['lisinopril', 'amlodipine', 'losartan'])];
    case 'af':
      return [rng.pick(['warfarin', 'apixaban']), 'metoprolol'];
    case 'heartFailure':
      return ['furosemide', 'metoprolol'];
    case 'cad':
      return ['aspirin', 'atorvastatin'];
    case 'hyperlipidemia':
      return ['atorvastatin'];
    case 'copd':
    case 'asthma':
      return ['salbutamol'];
    case 'pepticUlcer':
      return ['omeprazole'];
    case 'dvt':
      return ['apixaban'];
    case 'stroke':
      return has('af') ? [] : ['clopidogrel', 'atorvastatin'];
    default:
      return [];
  }
}

function icuOrders(conditions: DemoConditionKey[], penicillinAllergy: boolean): { drug: string; dosage: string }[] {
  const orders: { drug: string; dosage: string }[] = [];
  if (conditions.includes('sepsis')) {
    orders.push(penicillinAllergy ? { drug: 'ceftriaxone', dosage: '2 g IV every 24 h' } : { drug: 'piperacillin-tazobactam', dosage: '4.5 g IV every 8 h' });
  } else if (conditions.includes('pneumonia')) {
    orders.push({ drug: 'ceftriaxone', dosage: '1 g IV every 24 h' }, { drug: 'azithromycin', dosage: '500 mg IV every 24 h' });
  }
  if (conditions.includes('dvt')) orders.push({ drug: 'heparin', dosage: '18 units/kg/h IV infusion' });
  orders.push({ drug: 'paracetamol', dosage: '1 g IV every 6 h as needed' });
  return orders;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

function vitalsAndLabs(p: Pick<DemoPatient, 'admittedAt' | 'deteriorating'>, has: (k: DemoConditionKey) => boolean, rng: DemoRandom): DemoObservation[] {
  const onset = rng.int(8, 30);
  const septic = has('sepsis');
  const base = { hr: rng.normal(has('af') ? 100 : 82, 8), sbp: rng.normal(has('hypertension') ? 138 : 122, 8), temp: rng.normal(septic ? 37.8 : 36.9, 0.2) };
  const creatinine0 = has('ckd4') ? rng.uniform(2.6, 3.4) : has('aki') ? rng.uniform(1.8, 2.4) : rng.uniform(0.7, 1.1);
  const glucose0 = has('t2dm') ? rng.uniform(150, 200) : rng.uniform(90, 120);
  const out: DemoObservation[] = [];
  const at = (hour: number) => new Date(p.admittedAt.getTime() + hour * 3_600_000 + rng.int(0, 9) * 60_000);
  for (let hour = 0; hour < DEMO_HOURS; hour++) {
    // Deterioration ramps from 0 at onset to 1 at 48 h.
    const d = p.deteriorating && hour >= onset ? (hour - onset) / (DEMO_HOURS - onset) : 0;
    const time = at(hour);
    const push = (code: string, value: number, unit: string) => out.push({ code, value, unit, time });
    const sbp = clamp(base.sbp - 45 * d + rng.normal(0, 6), 60, 220);
    const dbp = clamp(sbp * 0.58 + rng.normal(0, 4), 30, 130);
    push('HR', round(clamp(base.hr + 38 * d + rng.normal(0, 4), 35, 190), 0), '/min');
    push('SysBP', round(sbp, 0), 'mm[Hg]');
    push('DiasBP', round(dbp, 0), 'mm[Hg]');
    push('MAP', round((sbp + 2 * dbp) / 3, 0), 'mm[Hg]');
    push('Temp', round(clamp(base.temp + (septic ? 1.5 : 0.6) * d + rng.normal(0, 0.15), 34, 41.5), 1), 'Cel');
    push('RespRate', round(clamp(16 + 12 * d + rng.normal(0, 1.5), 8, 45), 0), '/min');
    push('SpO2', round(clamp(97 - 9 * d + rng.normal(0, 1), 75, 100), 0), '%');
    if (hour % 8 === 0) {
      push('Lactate', round(clamp(1.1 + (septic ? 4.5 : 2.5) * d + rng.normal(0, 0.2), 0.4, 15), 1), 'mmol/L');
      push('Creatinine', round(clamp(creatinine0 * (1 + 0.9 * d) + rng.normal(0, 0.08), 0.3, 12), 2), 'mg/dL');
      push('Glucose', round(clamp(glucose0 + 45 * d + rng.normal(0, 15), 45, 600), 0), 'mg/dL');
      push('WBC', round(clamp(8 + (septic ? 11 : 3) * d + rng.normal(0, 1), 1, 50), 1), '10*9/L');
      push('Platelets', round(clamp(240 - 110 * d + rng.normal(0, 15), 10, 600), 0), '10*9/L');
      push('Potassium', round(clamp(4.2 + (has('ckd4') ? 0.6 : 0) + 0.5 * d + rng.normal(0, 0.2), 2.5, 7.5), 1), 'mmol/L');
    }
  }
  return out;
}

export function buildDemoPatients(rng: DemoRandom, anchor: Date, count: number): DemoPatient[] {
  const deteriorating = new Set(rng.sample([...Array(count).keys()], Math.round(count * 0.35)));
  const patients: DemoPatient[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i + 1).padStart(2, '0');
    const archetype = ARCHETYPES[i % ARCHETYPES.length] as (typeof ARCHETYPES)[number];
    const keys = [...archetype.primary, ...rng.sample(archetype.comorbid, rng.int(1, archetype.comorbid.length))];
    const has = (k: DemoConditionKey) => keys.includes(k);
    // Patients 01-03 always show the classic safety checks: penicillin allergy with pneumonia and
    // sepsis, warfarin with atrial fibrillation, and severe renal impairment with diabetes.
    const allergies = i === 0 ? [DEMO_ALLERGIES[1]] : rng.chance(0.3) ? [rng.pick(DEMO_ALLERGIES)] : [];
    if (i === 2 && !has('ckd4')) keys.push('ckd4');
    if (i === 2 && !has('t2dm')) keys.push('t2dm');
    const medications = [...new Set(keys.flatMap((k) => chronicDrugs(k, has, rng)))];
    if (i === 1) medications.splice(0, medications.length, ...medications.map((m) => (m === 'apixaban' ? 'warfarin' : m)));
    const age = rng.int(28, 89);
    const admittedAt = new Date(anchor.getTime() - (DEMO_HOURS + rng.int(0, 6)) * 3_600_000 - i * 86_400_000);
    const patient: DemoPatient = {
      index: i + 1,
      id: `demo-patient-${n}`,
      encounterId: `demo-encounter-${n}`,
      mrn: `DEMO-${String(i + 1).padStart(4, '0')}`,
      givenName: 'Demo',
      familyName: `Patient ${n}`,
      sex: rng.chance(0.5) ? 'female' : 'male',
      birthDate: new Date(Date.UTC(anchor.getUTCFullYear() - age, rng.int(0, 11), rng.int(1, 28))),
      age,
      conditions: keys.map((key) => ({
        key,
        onsetAt: archetype.primary.includes(key) ? admittedAt : new Date(admittedAt.getTime() - rng.int(200, 4000) * 86_400_000),
        useIcd10: i % 4 === 3,
        status: 'active',
      })),
      allergies: allergies.map((a) => ({ ...a })),
      medications,
      orders: icuOrders(keys, allergies.some((a) => a.substance === 'penicillin')),
      icuType: archetype.icu,
      admittedAt,
      deteriorating: deteriorating.has(i),
      died: deteriorating.has(i) && rng.chance(0.4),
      observations: [],
    };
    patient.observations = vitalsAndLabs(patient, (k) => keys.includes(k), rng);
    patients.push(patient);
  }
  return patients;
}

export function conditionOf(key: DemoConditionKey) {
  return DEMO_CONDITIONS[key];
}
