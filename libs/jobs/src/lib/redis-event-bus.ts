import { Redis } from 'ioredis';
import { closeRedis } from './bull-options';
import { LocalFanout, type JobEventBus } from './event-bus';
import type { JobEvent, JobEventListener } from './types';

type Message = { t: 'event'; event: JobEvent } | { t: 'cancel'; jobId: string };

/**
 * JobEventBus over Redis pub/sub: a worker process publishes, every gateway process delivers to its
 * own subscribers. Messages carry no patient data, only job ids, progress, status and log lines.
 */
export class RedisJobEventBus implements JobEventBus {
  private readonly fanout = new LocalFanout();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly ready: Promise<unknown>;

  constructor(options: { redisUrl: string; prefix: string }) {
    this.channel = `${options.prefix}:job-events`;
    this.publisher = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(options.redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
    // Errors surface through failed commands; the listener stops ioredis printing them unhandled.
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', () => undefined);
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    this.ready = this.subscriber.subscribe(this.channel);
  }

  /** Resolves once the subscription is live, so no event published after it is missed. */
  async whenReady(): Promise<void> {
    await this.ready;
  }

  private receive(raw: string): void {
    let message: Message;
    try {
      message = JSON.parse(raw) as Message;
    } catch {
      return;
    }
    if (message.t === 'event') this.fanout.emitEvent(message.event);
    else if (message.t === 'cancel') this.fanout.emitCancel(message.jobId);
  }

  private send(message: Message): void {
    // Events are advisory (the Job row is the truth), so a lost publish is not an error for the job.
    this.publisher.publish(this.channel, JSON.stringify(message)).catch(() => undefined);
  }

  publish(event: JobEvent): void {
    this.send({ t: 'event', event });
  }

  subscribe(jobId: string, listener: JobEventListener): () => void {
    return this.fanout.subscribe(jobId, listener);
  }

  requestCancel(jobId: string): void {
    this.send({ t: 'cancel', jobId });
  }

  onCancel(listener: (jobId: string) => void): () => void {
    return this.fanout.onCancel(listener);
  }

  async close(): Promise<void> {
    this.fanout.clear();
    await Promise.allSettled([closeRedis(this.subscriber), closeRedis(this.publisher)]);
  }
}
