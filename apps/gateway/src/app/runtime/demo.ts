import { ApiKeyRepository, loadDemoData, type Database } from '@pmed/data';
import { demoModelJobs } from '@pmed/job-handlers';
import type { JobQueue } from '@pmed/jobs';

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

/**
 * Queues the small demo models (one per module) after a first demo start. A job that cannot be
 * queued is reported and skipped: the gateway serves without that model.
 */
export async function enqueueDemoModels(args: { queue: JobQueue; dataDir: string; log: (line: string) => void }): Promise<string[]> {
  const ids: string[] = [];
  for (const job of await demoModelJobs({ dataDir: args.dataDir })) {
    try {
      ids.push((await args.queue.enqueue({ ...job, createdBy: null })).id);
    } catch (error) {
      args.log(`demo model job ${job.kind} was not queued: ${(error as Error).message}`);
    }
  }
  args.log(`training ${ids.length} small demo model(s) in the background; follow them with { jobs { items { kind status progress } } } (PMED_DEMO_MODELS=0 turns this off)`);
  return ids;
}
