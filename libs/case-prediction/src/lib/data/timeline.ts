/** One measurement in a stay: hours since the stay began, a variable code and its value. */
export interface TimelinePoint {
  hours: number;
  code: string;
  value: number;
}

/** Static descriptors at admission; null (or absent) means not measured. */
export type StaticDescriptors = Record<string, number | string | boolean | null | undefined>;

/** One stay (encounter) as the model sees it. */
export interface PatientTimeline {
  /** The encounter or record id, used in reports and errors. */
  id: string;
  points: TimelinePoint[];
  descriptors: StaticDescriptors;
  /** 0 or 1 for training and evaluation; absent when scoring. */
  label?: number;
}

/** Static descriptor fields the models use, shared by the demo data and the PhysioNet importer. */
export const NUMERIC_DESCRIPTORS = ['age', 'heightCm', 'weightKg'] as const;
export const CATEGORICAL_DESCRIPTORS = ['sex', 'icuType'] as const;

/** PhysioNet's ICUType codes, written as the names the demo data uses. */
export const ICU_TYPES: Readonly<Record<number, string>> = {
  1: 'Coronary Care Unit',
  2: 'Cardiac Surgery Recovery Unit',
  3: 'Medical ICU',
  4: 'Surgical ICU',
};
