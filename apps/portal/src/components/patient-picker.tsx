import { useQuery } from '../api/use-gql';
import { patientName } from '../pages/patients-page';
import type { PatientSummary } from '../pages/types';
import { ErrorMessage } from './status';

const PATIENT_CHOICES = `query PatientChoices { patients(first: 100) { items { id mrn givenName familyName birthDate sex synthetic source } } }`;

/** A labelled select of patients (the first 100; search on the Patients page finds the rest). */
export function PatientPicker({ id, value, onChange }: { id: string; value: string; onChange(patientId: string): void }) {
  const { data, error, reload } = useQuery<{ patients: { items: PatientSummary[] } }>(PATIENT_CHOICES, {});
  const items = data?.patients.items ?? [];
  const known = items.some((p) => p.id === value);
  return (
    <>
      <label htmlFor={id}>Patient</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Choose a patient…</option>
        {!known && value ? <option value={value}>{value}</option> : null}
        {items.map((p) => (
          <option key={p.id} value={p.id}>
            {patientName(p)} ({p.mrn})
          </option>
        ))}
      </select>
      <ErrorMessage error={error} onRetry={reload} />
    </>
  );
}
