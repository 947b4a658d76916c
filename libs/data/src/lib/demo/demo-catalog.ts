// Reference tables for the synthetic demo: real drug classes, codes and interactions, invented
// doctors. Indications and contraindications name conditions by their display text (as the demo
// conditions below use it) or allergy substances; interactions name drugs or drug classes.

export interface DemoCondition {
  key: string;
  display: string;
  snomed: string;
  icd10: string;
}

export const SNOMED = 'http://snomed.info/sct';
export const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

const condition = (key: string, display: string, snomed: string, icd10: string): DemoCondition => ({ key, display, snomed, icd10 });

export const DEMO_CONDITIONS = {
  sepsis: condition('sepsis', 'Sepsis', '91302008', 'A41.9'),
  pneumonia: condition('pneumonia', 'Community-acquired pneumonia', '385093006', 'J18.9'),
  t2dm: condition('t2dm', 'Type 2 diabetes mellitus', '44054006', 'E11.9'),
  hypertension: condition('hypertension', 'Essential hypertension', '59621000', 'I10'),
  af: condition('af', 'Atrial fibrillation', '49436004', 'I48.91'),
  heartFailure: condition('heartFailure', 'Heart failure', '84114007', 'I50.9'),
  ckd4: condition('ckd4', 'Chronic kidney disease stage 4', '431857002', 'N18.4'),
  aki: condition('aki', 'Acute kidney injury', '14669001', 'N17.9'),
  copd: condition('copd', 'Chronic obstructive pulmonary disease', '13645005', 'J44.9'),
  asthma: condition('asthma', 'Asthma', '195967001', 'J45.909'),
  cad: condition('cad', 'Coronary artery disease', '53741008', 'I25.10'),
  hyperlipidemia: condition('hyperlipidemia', 'Hyperlipidemia', '55822004', 'E78.5'),
  pepticUlcer: condition('pepticUlcer', 'Peptic ulcer', '13200003', 'K27.9'),
  dvt: condition('dvt', 'Deep vein thrombosis', '128053003', 'I82.409'),
  uti: condition('uti', 'Urinary tract infection', '68566005', 'N39.0'),
  stroke: condition('stroke', 'Ischemic stroke', '422504002', 'I63.9'),
} as const;
export type DemoConditionKey = keyof typeof DEMO_CONDITIONS;
const C = DEMO_CONDITIONS;

export interface DemoDrug {
  name: string;
  /** ATC code. */
  code: string;
  drugClasses: string[];
  indications: string[];
  contraindications: string[];
  interactsWith: string[];
}

const drug = (name: string, code: string, drugClasses: string[], indications: string[], contraindications: string[], interactsWith: string[]): DemoDrug => ({
  name,
  code,
  drugClasses,
  indications,
  contraindications,
  interactsWith,
});

const SEVERE_RENAL = [C.ckd4.display, 'Chronic kidney disease stage 5', 'severe renal impairment'];

export const DEMO_DRUGS: DemoDrug[] = [
  drug('warfarin', 'B01AA03', ['anticoagulant', 'vitamin K antagonist'], [C.af.display, C.dvt.display], ['active bleeding', 'pregnancy', C.pepticUlcer.display], ['aspirin', 'NSAID', 'clopidogrel', 'amiodarone', 'clarithromycin']),
  drug('apixaban', 'B01AF02', ['anticoagulant', 'factor Xa inhibitor'], [C.af.display, C.dvt.display], ['active bleeding', 'severe hepatic impairment'], ['aspirin', 'NSAID', 'clarithromycin']),
  drug('heparin', 'B01AB01', ['anticoagulant'], [C.dvt.display], ['active bleeding', 'heparin-induced thrombocytopenia'], ['aspirin', 'NSAID']),
  drug('aspirin', 'B01AC06', ['antiplatelet', 'salicylate', 'NSAID'], [C.cad.display, C.stroke.display], ['active bleeding', 'aspirin', C.pepticUlcer.display], ['warfarin', 'apixaban', 'heparin', 'ibuprofen']),
  drug('clopidogrel', 'B01AC04', ['antiplatelet', 'P2Y12 inhibitor'], [C.cad.display, C.stroke.display], ['active bleeding'], ['warfarin', 'omeprazole']),
  drug('metformin', 'A10BA02', ['biguanide', 'antidiabetic'], [C.t2dm.display], [...SEVERE_RENAL, 'lactic acidosis'], ['iodinated contrast']),
  drug('insulin glargine', 'A10AE04', ['insulin', 'antidiabetic'], [C.t2dm.display, 'Type 1 diabetes mellitus'], ['hypoglycemia'], []),
  drug('empagliflozin', 'A10BK03', ['SGLT2 inhibitor', 'antidiabetic'], [C.t2dm.display, C.heartFailure.display], ['Chronic kidney disease stage 5', 'Type 1 diabetes mellitus'], []),
  drug('lisinopril', 'C09AA03', ['ACE inhibitor', 'antihypertensive'], [C.hypertension.display, C.heartFailure.display], ['angioedema', 'pregnancy', 'hyperkalemia'], ['spironolactone', 'NSAID', 'potassium supplement']),
  drug('losartan', 'C09CA01', ['angiotensin II receptor blocker', 'antihypertensive'], [C.hypertension.display], ['pregnancy', 'hyperkalemia'], ['spironolactone', 'NSAID']),
  drug('amlodipine', 'C08CA01', ['calcium channel blocker', 'antihypertensive'], [C.hypertension.display, C.cad.display], ['cardiogenic shock'], []),
  drug('metoprolol', 'C07AB02', ['beta blocker'], [C.hypertension.display, C.af.display, C.heartFailure.display], ['severe bradycardia', 'cardiogenic shock'], ['verapamil', 'amiodarone']),
  drug('furosemide', 'C03CA01', ['loop diuretic'], [C.heartFailure.display], ['anuria'], ['gentamicin', 'vancomycin']),
  drug('spironolactone', 'C03DA01', ['potassium-sparing diuretic', 'mineralocorticoid receptor antagonist'], [C.heartFailure.display], ['hyperkalemia', ...SEVERE_RENAL], ['lisinopril', 'losartan', 'potassium supplement']),
  drug('atorvastatin', 'C10AA05', ['statin', 'HMG-CoA reductase inhibitor'], [C.hyperlipidemia.display, C.cad.display], ['active liver disease', 'pregnancy'], ['clarithromycin']),
  drug('amiodarone', 'C01BD01', ['antiarrhythmic (class III)'], [C.af.display], ['severe bradycardia', 'thyroid disease'], ['warfarin', 'metoprolol', 'azithromycin', 'clarithromycin']),
  drug('amoxicillin', 'J01CA04', ['penicillin', 'aminopenicillin', 'beta-lactam antibiotic'], [C.pneumonia.display, C.uti.display], ['penicillin'], []),
  drug('piperacillin-tazobactam', 'J01CR05', ['penicillin', 'beta-lactam antibiotic', 'beta-lactamase inhibitor'], [C.sepsis.display, C.pneumonia.display], ['penicillin'], ['vancomycin']),
  drug('ceftriaxone', 'J01DD04', ['cephalosporin (third generation)', 'beta-lactam antibiotic'], [C.sepsis.display, C.pneumonia.display, C.uti.display], ['cephalosporin'], []),
  drug('vancomycin', 'J01XA01', ['glycopeptide antibiotic'], [C.sepsis.display], ['vancomycin'], ['gentamicin', 'piperacillin-tazobactam', 'furosemide']),
  drug('gentamicin', 'J01GB03', ['aminoglycoside antibiotic'], [C.sepsis.display, C.uti.display], ['myasthenia gravis', ...SEVERE_RENAL], ['vancomycin', 'furosemide']),
  drug('azithromycin', 'J01FA10', ['macrolide antibiotic'], [C.pneumonia.display, C.copd.display], ['QT prolongation'], ['amiodarone']),
  drug('clarithromycin', 'J01FA09', ['macrolide antibiotic'], [C.pneumonia.display], ['QT prolongation'], ['warfarin', 'apixaban', 'atorvastatin', 'amiodarone']),
  drug('nitrofurantoin', 'J01XE01', ['nitrofuran antibiotic'], [C.uti.display], SEVERE_RENAL, []),
  drug('ibuprofen', 'M01AE01', ['NSAID'], ['pain', 'fever'], [C.pepticUlcer.display, ...SEVERE_RENAL, C.heartFailure.display, 'aspirin'], ['warfarin', 'apixaban', 'aspirin', 'lisinopril', 'losartan']),
  drug('paracetamol', 'N02BE01', ['analgesic', 'antipyretic'], ['pain', 'fever'], ['severe hepatic impairment'], []),
  drug('morphine', 'N02AA01', ['opioid analgesic'], ['severe pain'], ['respiratory depression'], ['benzodiazepine']),
  drug('omeprazole', 'A02BC01', ['proton pump inhibitor'], [C.pepticUlcer.display, 'gastro-oesophageal reflux disease'], [], ['clopidogrel']),
  drug('salbutamol', 'R03AC02', ['short-acting beta2 agonist', 'bronchodilator'], [C.asthma.display, C.copd.display], [], ['beta blocker']),
  drug('prednisolone', 'H02AB06', ['corticosteroid'], [C.asthma.display, C.copd.display], ['systemic fungal infection'], ['NSAID']),
  drug('norepinephrine', 'C01CA03', ['vasopressor', 'catecholamine'], ['septic shock'], [], []),
];

export interface DemoDoctor {
  specialties: string[];
  languages: string[];
  procedures: string[];
}

export const DEMO_DOCTORS: DemoDoctor[] = [
  { specialties: ['cardiology'], languages: ['en', 'es'], procedures: ['echocardiography', 'cardioversion'] },
  { specialties: ['cardiology', 'electrophysiology'], languages: ['en', 'de'], procedures: ['catheter ablation', 'pacemaker implantation'] },
  { specialties: ['nephrology'], languages: ['en', 'fr'], procedures: ['haemodialysis', 'kidney biopsy'] },
  { specialties: ['endocrinology'], languages: ['en', 'hi'], procedures: ['insulin pump management', 'thyroid ultrasound'] },
  { specialties: ['pulmonology'], languages: ['en', 'pt'], procedures: ['bronchoscopy', 'spirometry'] },
  { specialties: ['infectious diseases'], languages: ['en', 'es', 'fr'], procedures: ['antimicrobial stewardship', 'lumbar puncture'] },
  { specialties: ['critical care', 'anaesthesiology'], languages: ['en'], procedures: ['central line placement', 'mechanical ventilation'] },
  { specialties: ['critical care', 'internal medicine'], languages: ['en', 'ar'], procedures: ['arterial line placement', 'point-of-care ultrasound'] },
  { specialties: ['gastroenterology'], languages: ['en', 'zh'], procedures: ['endoscopy', 'colonoscopy'] },
  { specialties: ['neurology'], languages: ['en', 'it'], procedures: ['thrombolysis', 'electroencephalography'] },
  { specialties: ['internal medicine'], languages: ['en', 'sw'], procedures: ['paracentesis', 'thoracentesis'] },
  { specialties: ['geriatrics', 'internal medicine'], languages: ['en', 'pl'], procedures: ['comprehensive geriatric assessment'] },
];

export const DEMO_ALLERGIES = [
  { substance: 'penicillin', reaction: 'urticaria', severity: 'moderate' },
  { substance: 'penicillin', reaction: 'anaphylaxis', severity: 'severe' },
  { substance: 'sulfonamide', reaction: 'rash', severity: 'mild' },
  { substance: 'aspirin', reaction: 'bronchospasm', severity: 'severe' },
  { substance: 'cephalosporin', reaction: 'rash', severity: 'mild' },
  { substance: 'latex', reaction: 'contact dermatitis', severity: 'mild' },
] as const;
