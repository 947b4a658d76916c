/**
 * Time-series variables of the PhysioNet/CinC 2012 challenge (and the demo's vitals), with their
 * units and the range outside which a value cannot be physiological and is dropped as a recording
 * error. The ranges are deliberately wide: they remove impossible values (a heart rate of 0 written
 * for "no reading", a temperature of -17), not abnormal ones.
 */
export interface VariableInfo {
  code: string;
  display: string;
  unit: string;
  min: number;
  max: number;
}

const VARIABLES: readonly VariableInfo[] = [
  { code: 'Albumin', display: 'Albumin', unit: 'g/dL', min: 0.5, max: 7 },
  { code: 'ALP', display: 'Alkaline phosphatase', unit: 'IU/L', min: 1, max: 5000 },
  { code: 'ALT', display: 'Alanine transaminase', unit: 'IU/L', min: 1, max: 20000 },
  { code: 'AST', display: 'Aspartate transaminase', unit: 'IU/L', min: 1, max: 30000 },
  { code: 'Bilirubin', display: 'Bilirubin', unit: 'mg/dL', min: 0.05, max: 60 },
  { code: 'BUN', display: 'Blood urea nitrogen', unit: 'mg/dL', min: 0.5, max: 300 },
  { code: 'Cholesterol', display: 'Cholesterol', unit: 'mg/dL', min: 10, max: 1000 },
  { code: 'Creatinine', display: 'Serum creatinine', unit: 'mg/dL', min: 0.05, max: 25 },
  { code: 'DiasABP', display: 'Invasive diastolic arterial blood pressure', unit: 'mmHg', min: 5, max: 250 },
  { code: 'FiO2', display: 'Fractional inspired O2', unit: '0-1', min: 0.15, max: 1 },
  { code: 'GCS', display: 'Glasgow Coma Score', unit: '3-15', min: 3, max: 15 },
  { code: 'Glucose', display: 'Serum glucose', unit: 'mg/dL', min: 5, max: 2000 },
  { code: 'HCO3', display: 'Serum bicarbonate', unit: 'mmol/L', min: 2, max: 60 },
  { code: 'HCT', display: 'Hematocrit', unit: '%', min: 5, max: 75 },
  { code: 'HR', display: 'Heart rate', unit: 'bpm', min: 10, max: 300 },
  { code: 'K', display: 'Serum potassium', unit: 'mEq/L', min: 1, max: 12 },
  { code: 'Lactate', display: 'Lactate', unit: 'mmol/L', min: 0.1, max: 35 },
  { code: 'Mg', display: 'Serum magnesium', unit: 'mmol/L', min: 0.2, max: 10 },
  { code: 'MAP', display: 'Invasive mean arterial blood pressure', unit: 'mmHg', min: 10, max: 300 },
  { code: 'MechVent', display: 'Mechanical ventilation respiration', unit: '0/1', min: 0, max: 1 },
  { code: 'Na', display: 'Serum sodium', unit: 'mEq/L', min: 90, max: 200 },
  { code: 'NIDiasABP', display: 'Non-invasive diastolic arterial blood pressure', unit: 'mmHg', min: 5, max: 250 },
  { code: 'NIMAP', display: 'Non-invasive mean arterial blood pressure', unit: 'mmHg', min: 10, max: 300 },
  { code: 'NISysABP', display: 'Non-invasive systolic arterial blood pressure', unit: 'mmHg', min: 20, max: 350 },
  { code: 'PaCO2', display: 'Partial pressure of arterial CO2', unit: 'mmHg', min: 5, max: 200 },
  { code: 'PaO2', display: 'Partial pressure of arterial O2', unit: 'mmHg', min: 10, max: 800 },
  { code: 'pH', display: 'Arterial pH', unit: '0-14', min: 6.3, max: 8 },
  { code: 'Platelets', display: 'Platelets', unit: 'cells/nL', min: 1, max: 2500 },
  { code: 'RespRate', display: 'Respiration rate', unit: 'bpm', min: 1, max: 100 },
  { code: 'SaO2', display: 'O2 saturation in hemoglobin', unit: '%', min: 20, max: 100 },
  { code: 'SysABP', display: 'Invasive systolic arterial blood pressure', unit: 'mmHg', min: 20, max: 350 },
  { code: 'Temp', display: 'Temperature', unit: 'degC', min: 24, max: 45 },
  { code: 'TroponinI', display: 'Troponin-I', unit: 'ug/L', min: 0, max: 500 },
  { code: 'TroponinT', display: 'Troponin-T', unit: 'ug/L', min: 0, max: 100 },
  { code: 'Urine', display: 'Urine output', unit: 'mL', min: 0, max: 5000 },
  { code: 'WBC', display: 'White blood cell count', unit: 'cells/nL', min: 0.1, max: 300 },
  { code: 'Weight', display: 'Weight', unit: 'kg', min: 20, max: 400 },
  // Codes the platform's own timelines (demo data, FHIR imports mapped to short codes) use.
  { code: 'SysBP', display: 'Systolic blood pressure', unit: 'mm[Hg]', min: 20, max: 350 },
  { code: 'DiasBP', display: 'Diastolic blood pressure', unit: 'mm[Hg]', min: 5, max: 250 },
  { code: 'SpO2', display: 'Peripheral O2 saturation', unit: '%', min: 20, max: 100 },
  { code: 'Potassium', display: 'Serum potassium', unit: 'mmol/L', min: 1, max: 12 },
];

const BY_CODE = new Map(VARIABLES.map((v) => [v.code, v]));

/** The 37 time-series parameters of the PhysioNet 2012 challenge files. */
export const PHYSIONET_TIME_SERIES: readonly string[] = VARIABLES.slice(0, 37).map((v) => v.code);

/** Known variables and their sanity ranges. */
export function variableInfo(code: string): VariableInfo | undefined {
  return BY_CODE.get(code);
}

/** Whether a value lies inside the variable's sanity range; unknown codes accept any finite value. */
export function isPlausible(code: string, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  const info = BY_CODE.get(code);
  return !info || (value >= info.min && value <= info.max);
}
