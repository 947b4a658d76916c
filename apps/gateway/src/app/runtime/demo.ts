import { ApiKeyRepository, loadDemoData, type Database } from '@pmed/data';

export interface DemoOutcome {
  /** True when this start loaded the demo into an empty database. */
  loaded: boolean;
  /** The admin key created with it, shown once so a newcomer can query at once. */
  adminKey: string | null;
}

/**
 * First start with PMED_DEMO on: an empty database gets the synthetic demo records and one admin
 * key. Later starts find patients and change nothing (the key cannot be shown again: only its hash
 * is stored; `pmed apikey create` makes new ones).
 */
export async function prepareDemo(database: Database): Promise<DemoOutcome> {
  const client = database.client as unknown as { patient: { count(): Promise<number> } };
  if ((await client.patient.count()) > 0) return { loaded: false, adminKey: null };
  await loadDemoData(database);
  const { key } = await new ApiKeyRepository(database).create({ name: 'demo admin (first start)', role: 'admin' });
  return { loaded: true, adminKey: key };
}
