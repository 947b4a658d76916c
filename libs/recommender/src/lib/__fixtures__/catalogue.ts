import type { DoctorInfo, DrugInfo } from '../catalogue/types';

// A small catalogue in the shape the platform's Drug and Doctor rows take (display names as
// indications and contraindications, drug names and classes as interactions).
const drug = (name: string, drugClasses: string[], indications: string[], contraindications: string[], interactsWith: string[], code?: string): DrugInfo => ({
  id: `drug-${name}`,
  name,
  code: code ?? null,
  drugClasses,
  indications,
  contraindications,
  interactsWith,
});

export const DRUGS: DrugInfo[] = [
  drug('warfarin', ['anticoagulant', 'vitamin K antagonist'], ['Atrial fibrillation', 'Deep vein thrombosis'], ['active bleeding', 'Peptic ulcer'], ['aspirin', 'NSAID', 'clarithromycin'], 'B01AA03'),
  drug('apixaban', ['anticoagulant', 'factor Xa inhibitor'], ['Atrial fibrillation', 'Deep vein thrombosis'], ['active bleeding'], ['aspirin', 'NSAID', 'clarithromycin'], 'B01AF02'),
  drug('aspirin', ['antiplatelet', 'NSAID'], ['Coronary artery disease', 'pain'], ['aspirin', 'Peptic ulcer'], ['warfarin', 'apixaban', 'ibuprofen'], 'B01AC06'),
  drug('ibuprofen', ['NSAID'], ['pain'], ['Peptic ulcer', 'Chronic kidney disease stage 4', 'Heart failure'], ['warfarin', 'apixaban', 'aspirin'], 'M01AE01'),
  drug('paracetamol', ['analgesic'], ['pain'], ['severe hepatic impairment'], [], 'N02BE01'),
  drug('metformin', ['biguanide', 'antidiabetic'], ['Type 2 diabetes mellitus'], ['Chronic kidney disease stage 4', 'lactic acidosis'], ['iodinated contrast'], 'A10BA02'),
  drug('insulin glargine', ['insulin', 'antidiabetic'], ['Type 2 diabetes mellitus'], ['hypoglycemia'], [], 'A10AE04'),
  drug('empagliflozin', ['SGLT2 inhibitor', 'antidiabetic'], ['Type 2 diabetes mellitus', 'Heart failure'], ['Chronic kidney disease stage 5'], [], 'A10BK03'),
  drug('amoxicillin', ['penicillin', 'beta-lactam antibiotic'], ['Community-acquired pneumonia', 'Urinary tract infection'], ['penicillin'], [], 'J01CA04'),
  drug('ceftriaxone', ['cephalosporin (third generation)', 'beta-lactam antibiotic'], ['Community-acquired pneumonia', 'Sepsis'], ['cephalosporin'], [], 'J01DD04'),
  drug('clarithromycin', ['macrolide antibiotic'], ['Community-acquired pneumonia'], ['QT prolongation'], ['warfarin', 'apixaban'], 'J01FA09'),
  drug('piperacillin-tazobactam', ['penicillin', 'beta-lactam antibiotic'], ['Sepsis', 'Community-acquired pneumonia'], [], ['vancomycin'], 'J01CR05'),
  drug('vancomycin', ['glycopeptide antibiotic'], ['Sepsis'], [], ['piperacillin-tazobactam'], 'J01XA01'),
  drug('nitrofurantoin', ['nitrofuran antibiotic'], ['Urinary tract infection'], ['Chronic kidney disease stage 4'], [], 'J01XE01'),
];

const doctor = (id: string, specialties: string[], languages: string[], procedures: string[], readmissionRate: number, openSlots: number): DoctorInfo => ({
  id,
  name: `Dr ${id}`,
  specialties,
  languages,
  procedures,
  outcomes: { readmissionRate },
  openSlots,
});

export const DOCTORS: DoctorInfo[] = [
  doctor('cardio-a', ['cardiology'], ['en', 'es'], ['echocardiography'], 0.05, 3),
  doctor('cardio-b', ['cardiology', 'electrophysiology'], ['en', 'de'], ['catheter ablation'], 0.12, 2),
  doctor('cardio-full', ['cardiology'], ['en'], ['echocardiography'], 0.02, 0),
  doctor('nephro', ['nephrology'], ['en', 'fr'], ['haemodialysis'], 0.08, 4),
  doctor('endo', ['endocrinology'], ['en'], ['insulin pump management'], 0.07, 2),
  doctor('pulmo', ['pulmonology'], ['en', 'pt'], ['bronchoscopy'], 0.1, 1),
  doctor('id', ['infectious diseases'], ['en', 'es'], ['antimicrobial stewardship'], 0.09, 5),
];
