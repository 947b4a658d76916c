// Synthetic clinical notes in the usual sections, with negated findings ("denies chest pain",
// "no fever") so the text-mining module has negation to detect.
import { DEMO_CONDITIONS } from './demo-catalog';
import type { DemoPatient } from './demo-patients';
import type { DemoRandom } from './demo-random';

export interface DemoNote {
  patientId: string;
  encounterId: string;
  kind: string;
  specialty: string;
  title: string;
  text: string;
  authoredAt: Date;
}

interface Presentation {
  complaint: string;
  positives: string[];
  negatives: string[];
  specialty: string;
}

const SEPSIS: Presentation = {
  complaint: 'fever, rigors and confusion',
  positives: ['fever to 39.1 C', 'rigors', 'new confusion', 'reduced urine output'],
  negatives: ['No chest pain.', 'Denies headache or neck stiffness.', 'No rash.'],
  specialty: 'critical care',
};

const PRESENTATIONS: Record<string, Presentation> = {
  sepsis: SEPSIS,
  af: {
    complaint: 'palpitations and breathlessness',
    positives: ['irregular palpitations for two days', 'exertional dyspnoea'],
    negatives: ['Denies chest pain.', 'No syncope.', 'No focal weakness.'],
    specialty: 'cardiology',
  },
  heartFailure: {
    complaint: 'worsening shortness of breath and leg swelling',
    positives: ['orthopnoea', 'bilateral ankle oedema', 'weight gain of 4 kg'],
    negatives: ['No fever.', 'Denies chest pain.', 'No haemoptysis.'],
    specialty: 'cardiology',
  },
  copd: {
    complaint: 'increasing breathlessness and productive cough',
    positives: ['purulent sputum', 'wheeze'],
    negatives: ['No chest pain.', 'Denies leg swelling.', 'No haemoptysis.'],
    specialty: 'pulmonology',
  },
  stroke: {
    complaint: 'sudden right-sided weakness',
    positives: ['right arm and leg weakness', 'slurred speech'],
    negatives: ['No headache.', 'Denies seizure activity.', 'No loss of consciousness.'],
    specialty: 'neurology',
  },
  aki: {
    complaint: 'vomiting and reduced urine output',
    positives: ['three days of vomiting', 'oliguria'],
    negatives: ['No fever.', 'Denies abdominal pain.', 'No haematuria.'],
    specialty: 'nephrology',
  },
  dvt: {
    complaint: 'painful swollen left leg',
    positives: ['left calf swelling and tenderness'],
    negatives: ['Denies shortness of breath.', 'No chest pain.', 'No haemoptysis.'],
    specialty: 'internal medicine',
  },
};

function list(items: string[], empty: string): string {
  return items.length === 0 ? empty : items.map((item) => `- ${item}`).join('\n');
}

export function buildDemoNotes(patients: DemoPatient[], rng: DemoRandom, count: number): DemoNote[] {
  return patients.slice(0, count).map((p) => {
    const primary = p.conditions.find((c) => PRESENTATIONS[c.key]) ?? p.conditions[0];
    const presentation = PRESENTATIONS[primary?.key ?? 'sepsis'] ?? SEPSIS;
    const history = p.conditions.filter((c) => c.onsetAt < p.admittedAt).map((c) => DEMO_CONDITIONS[c.key].display);
    const pronoun = p.sex === 'female' ? 'She' : 'He';
    const negatives = rng.sample(presentation.negatives, 2);
    const plan = [
      ...p.orders.map((o) => `Start ${o.drug} ${o.dosage}.`),
      p.deteriorating ? 'Escalate if lactate rises or MAP falls below 65 mm Hg; discuss vasopressors.' : 'Continue observation; review labs in the morning.',
      p.allergies.length > 0 ? `Avoid ${p.allergies.map((a) => a.substance).join(', ')}.` : 'No known drug allergies; no restrictions.',
    ];
    const text = [
      `CHIEF COMPLAINT:\n${presentation.complaint[0]?.toUpperCase()}${presentation.complaint.slice(1)}.`,
      `HISTORY OF PRESENT ILLNESS:\n${p.age}-year-old ${p.sex} presenting with ${presentation.complaint}. ${pronoun} reports ${presentation.positives.join(', ')}. ${negatives.join(' ')}`,
      `PAST MEDICAL HISTORY:\n${list(history, 'None known.')}`,
      `MEDICATIONS:\n${list(p.medications, 'None.')}`,
      `ALLERGIES:\n${p.allergies.length === 0 ? 'No known drug allergies.' : p.allergies.map((a) => `${a.substance} (${a.reaction}, ${a.severity})`).join('\n')}`,
      `ASSESSMENT:\n${p.conditions
        .filter((c) => c.onsetAt.getTime() === p.admittedAt.getTime())
        .map((c) => DEMO_CONDITIONS[c.key].display)
        .join(', ')}. ${p.deteriorating ? 'Haemodynamically unstable, at risk of further deterioration.' : 'Haemodynamically stable. No signs of shock.'}`,
      `PLAN:\n${list(plan, 'None.')}`,
    ].join('\n\n');
    return {
      patientId: p.id,
      encounterId: p.encounterId,
      kind: 'admission note',
      specialty: presentation.specialty,
      title: `Synthetic admission note, Demo Patient ${String(p.index).padStart(2, '0')}`,
      text: `[SYNTHETIC DEMO RECORD - NOT A REAL PATIENT]\n\n${text}\n`,
      authoredAt: new Date(p.admittedAt.getTime() + 2 * 3_600_000),
    };
  });
}
