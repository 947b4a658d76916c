import { openTestDatabase } from '@pmed/data';
import type { JobStore } from '../lib/job-store';
import { MemoryJobStore } from '../lib/memory-job-store';
import { PrismaJobStore } from '../lib/prisma-job-store';

export interface StoreFactory {
  name: string;
  create: () => Promise<{ store: JobStore; cleanup: () => Promise<void> }>;
}

/** The stores the queue's unit tests run against: in memory and a migrated SQLite test database. */
export function storeFactories(): StoreFactory[] {
  return [
    { name: 'memory', create: async () => ({ store: new MemoryJobStore(), cleanup: async () => undefined }) },
    {
      name: 'SQLite',
      create: async () => {
        const db = await openTestDatabase('sqlite');
        return { store: new PrismaJobStore(db.client), cleanup: () => db.drop() };
      },
    },
  ];
}
