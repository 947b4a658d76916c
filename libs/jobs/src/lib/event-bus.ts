import { EventEmitter } from 'node:events';
import type { JobEvent, JobEventListener } from './types';

/**
 * Carries job events and cancel requests between whoever runs a job and whoever watches it. In one
 * process an EventEmitter does; across processes (BullMQ) Redis pub/sub does.
 */
export interface JobEventBus {
  publish(event: JobEvent): void;
  subscribe(jobId: string, listener: JobEventListener): () => void;
  /** Asks every runner to abort this job, wherever it runs. */
  requestCancel(jobId: string): void;
  onCancel(listener: (jobId: string) => void): () => void;
  close(): Promise<void>;
}

/** Fans messages out to local listeners; one listener's exception does not starve the others. */
export class LocalFanout {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per GraphQL subscription or CLI watcher; many can watch the same busy job.
    this.emitter.setMaxListeners(0);
  }

  emitEvent(event: JobEvent): void {
    this.emitter.emit(`job:${event.jobId}`, event);
  }

  emitCancel(jobId: string): void {
    this.emitter.emit('cancel', jobId);
  }

  subscribe(jobId: string, listener: JobEventListener): () => void {
    const safe = (event: JobEvent): void => {
      try {
        listener(event);
      } catch {
        // A subscriber's bug must not break the job that publishes.
      }
    };
    this.emitter.on(`job:${jobId}`, safe);
    return () => this.emitter.off(`job:${jobId}`, safe);
  }

  onCancel(listener: (jobId: string) => void): () => void {
    this.emitter.on('cancel', listener);
    return () => this.emitter.off('cancel', listener);
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}

export class LocalJobEventBus implements JobEventBus {
  private readonly fanout = new LocalFanout();

  publish(event: JobEvent): void {
    this.fanout.emitEvent(event);
  }

  subscribe(jobId: string, listener: JobEventListener): () => void {
    return this.fanout.subscribe(jobId, listener);
  }

  requestCancel(jobId: string): void {
    this.fanout.emitCancel(jobId);
  }

  onCancel(listener: (jobId: string) => void): () => void {
    return this.fanout.onCancel(listener);
  }

  async close(): Promise<void> {
    this.fanout.clear();
  }
}
