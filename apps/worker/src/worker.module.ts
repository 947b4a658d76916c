import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { openDatabase, type Database } from '@pmed/data';
import { DATABASE, JobWorkerService, WORKER_CONFIG } from './job-worker.service';
import { loadWorkerConfig, type WorkerConfig } from './worker-config';

/** The worker: configuration, the database and the BullMQ consumer. No HTTP. */
@Module({
  providers: [
    { provide: WORKER_CONFIG, useFactory: (): WorkerConfig => loadWorkerConfig() },
    {
      provide: DATABASE,
      inject: [WORKER_CONFIG],
      useFactory: (settings: WorkerConfig): Promise<Database> => openDatabase({ url: settings.config.databaseUrl, migrate: true }),
    },
    JobWorkerService,
  ],
})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  /** Runs after every beforeApplicationShutdown hook, so jobs have stopped writing. */
  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}
