import type { DictionaryEntry } from './concept-matcher';

// A small built-in vocabulary so mining works before a hospital loads its own lists. Condition codes
// are ICD-10-CM; drugs carry no code here (the database's Drug table and user lists supply codes).
const CONDITIONS: [string, string, string[]][] = [
  ['hypertension', 'I10', ['high blood pressure']],
  ['type 2 diabetes mellitus', 'E11.9', ['type 2 diabetes', 'type ii diabetes', 'diabetes mellitus type 2']],
  ['diabetes mellitus', 'E11.9', ['diabetes']],
  ['asthma', 'J45.909', []],
  ['chronic obstructive pulmonary disease', 'J44.9', ['emphysema']],
  ['congestive heart failure', 'I50.9', ['heart failure']],
  ['atrial fibrillation', 'I48.91', ['afib', 'a-fib']],
  ['coronary artery disease', 'I25.10', []],
  ['myocardial infarction', 'I21.9', ['heart attack']],
  ['pneumonia', 'J18.9', []],
  ['chest pain', 'R07.9', []],
  ['shortness of breath', 'R06.02', ['dyspnea']],
  ['fever', 'R50.9', ['fevers', 'febrile']],
  ['headache', 'R51.9', ['headaches']],
  ['nausea', 'R11.0', []],
  ['vomiting', 'R11.10', ['emesis']],
  ['abdominal pain', 'R10.9', []],
  ['depression', 'F32.A', []],
  ['anxiety', 'F41.9', []],
  ['hyperlipidemia', 'E78.5', ['high cholesterol', 'dyslipidemia']],
  ['obesity', 'E66.9', []],
  ['gastroesophageal reflux disease', 'K21.9', ['acid reflux']],
  ['stroke', 'I63.9', ['cerebrovascular accident']],
  ['urinary tract infection', 'N39.0', []],
  ['chronic kidney disease', 'N18.9', []],
  ['hypothyroidism', 'E03.9', []],
  ['osteoarthritis', 'M19.90', []],
  ['anemia', 'D64.9', []],
  ['sepsis', 'A41.9', []],
  ['deep vein thrombosis', 'I82.409', []],
  ['pulmonary embolism', 'I26.99', []],
  ['cough', 'R05.9', []],
  ['dizziness', 'R42', ['vertigo']],
  ['syncope', 'R55', []],
  ['allergic rhinitis', 'J30.9', []],
  ['seizure', 'R56.9', ['seizures']],
  ['back pain', 'M54.9', []],
  ['migraine', 'G43.909', []],
  ['chills', 'R68.83', []],
  ['edema', 'R60.9', ['swelling']],
  ['diarrhea', 'R19.7', []],
  ['constipation', 'K59.00', []],
  ['cancer', 'C80.1', ['malignancy', 'carcinoma']],
];
const DRUGS = [
  'aspirin', 'metformin', 'lisinopril', 'atorvastatin', 'metoprolol', 'warfarin', 'insulin', 'amoxicillin', 'ibuprofen', 'acetaminophen',
  'tylenol', 'furosemide', 'lasix', 'omeprazole', 'simvastatin', 'amlodipine', 'prednisone', 'albuterol', 'heparin', 'levothyroxine',
  'gabapentin', 'hydrochlorothiazide', 'clopidogrel', 'plavix', 'morphine', 'lorazepam', 'loratadine', 'claritin', 'cetirizine', 'zyrtec',
  'fexofenadine', 'allegra', 'nitroglycerin', 'digoxin', 'coumadin', 'vancomycin', 'ceftriaxone', 'azithromycin', 'ciprofloxacin',
  'oxycodone', 'tramadol', 'sertraline', 'fluoxetine', 'losartan', 'carvedilol', 'spironolactone', 'apixaban', 'rivaroxaban', 'naproxen',
];
const PROCEDURES = [
  'colonoscopy', 'endoscopy', 'appendectomy', 'cholecystectomy', 'laparoscopic cholecystectomy', 'cardiac catheterization', 'angioplasty',
  'coronary artery bypass graft', 'cabg', 'hysterectomy', 'cesarean section', 'total knee arthroplasty', 'total hip arthroplasty',
  'biopsy', 'echocardiogram', 'electrocardiogram', 'ekg', 'ecg', 'chest x-ray', 'ct scan', 'mri', 'intubation', 'dialysis', 'bronchoscopy',
  'tonsillectomy', 'cataract extraction', 'lumbar puncture', 'arthroscopy', 'mastectomy', 'thyroidectomy',
];

export function builtinDictionary(): DictionaryEntry[] {
  const entries: DictionaryEntry[] = [];
  for (const [name, code, synonyms] of CONDITIONS) {
    for (const term of [name, ...synonyms]) entries.push({ term, type: 'condition', preferred: name, code, system: 'ICD-10-CM' });
  }
  for (const name of DRUGS) entries.push({ term: name, type: 'drug', preferred: name });
  for (const name of PROCEDURES) entries.push({ term: name, type: 'procedure', preferred: name });
  return entries;
}

/**
 * Clinical abbreviations and their expansions; matched case-sensitively (an abbreviation written in
 * lower case is usually an ordinary word: "pe", "mi", "dm").
 */
export const ABBREVIATIONS: Record<string, string> = {
  HTN: 'hypertension', DM: 'diabetes mellitus', T2DM: 'type 2 diabetes mellitus', COPD: 'chronic obstructive pulmonary disease',
  CHF: 'congestive heart failure', CAD: 'coronary artery disease', MI: 'myocardial infarction', SOB: 'shortness of breath',
  CP: 'chest pain', GERD: 'gastroesophageal reflux disease', CVA: 'stroke', UTI: 'urinary tract infection', CKD: 'chronic kidney disease',
  DVT: 'deep vein thrombosis', PE: 'pulmonary embolism', AFib: 'atrial fibrillation', AF: 'atrial fibrillation', HLD: 'hyperlipidemia',
  ASA: 'aspirin', APAP: 'acetaminophen', NTG: 'nitroglycerin', HCTZ: 'hydrochlorothiazide', CABG: 'coronary artery bypass graft',
  EKG: 'electrocardiogram', ECG: 'electrocardiogram', CXR: 'chest x-ray', TKA: 'total knee arthroplasty', THA: 'total hip arthroplasty',
  OA: 'osteoarthritis',
};
