import { Command } from 'commander';
import { notFound } from '@pmed/core';
import { PrismaJobStore } from '@pmed/jobs';
import type { CliContext, CliOutput } from '../context';
import { commandProgress } from '../progress';

const FINISHED = new Set(['succeeded', 'failed', 'cancelled']);

export function jobsCommand(context: () => CliContext, output: CliOutput): Command {
  const command = new Command('jobs').description('list, inspect and follow training and batch jobs');

  command
    .command('list')
    .description('list recent jobs')
    .option('--status <status>', 'only jobs in this status (queued, running, succeeded, failed, cancelled)')
    .option('--kind <kind>', 'only jobs of this kind')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'print JSON')
    .action(async (options: { status?: string; kind?: string; limit: string; json?: boolean }) => {
      const db = await context().db();
      const jobs = await db.client.job.findMany({
        where: { status: options.status, kind: options.kind },
        orderBy: { createdAt: 'desc' },
        take: Math.max(1, Math.min(1000, Number(options.limit) || 20)),
      });
      if (options.json) {
        output.out(JSON.stringify(jobs));
        return;
      }
      for (const job of jobs) {
        output.out([job.id, job.status.padEnd(9), `${Math.round(job.progress * 100)}%`.padStart(4), job.kind, job.message ?? ''].join('  '));
      }
    });

  command
    .command('show')
    .description('show one job with its latest log lines')
    .argument('<id>', 'job id')
    .action(async (id: string) => {
      const db = await context().db();
      const job = await db.client.job.findUnique({ where: { id }, include: { logs: { orderBy: { id: 'desc' }, take: 20 } } });
      if (!job) throw notFound('Job', id);
      output.out(JSON.stringify({ ...job, logs: job.logs.reverse() }, null, 2));
    });

  command
    .command('watch')
    .description('follow a job with a progress bar until it finishes')
    .argument('<id>', 'job id')
    .option('--interval <ms>', 'how often to look, in milliseconds', '500')
    .action(async (id: string, options: { interval: string }) => {
      const db = await context().db();
      const interval = Math.max(50, Number(options.interval) || 500);
      const progress = commandProgress(output, `job ${id}`);
      for (;;) {
        const job = await db.client.job.findUnique({ where: { id } });
        if (!job) throw notFound('Job', id);
        progress.update({ fraction: job.progress, message: job.message ?? job.status });
        if (FINISHED.has(job.status)) {
          progress.stop(`job ${id} ${job.status}`);
          if (job.status !== 'succeeded') output.setExitCode?.(1);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, interval));
      }
    });

  command
    .command('cancel')
    .description('cancel a queued job at once, or ask a running one to stop at its next safe point')
    .argument('<id>', 'job id')
    .action(async (id: string) => {
      const db = await context().db();
      const job = await new PrismaJobStore(db.client).requestCancel(id);
      if (!job) throw notFound('Job', id);
      output.err(job.status === 'running' ? `job ${id} asked to stop; it ends 'cancelled' at its next safe point` : `job ${id} is ${job.status}`);
    });

  return command;
}
