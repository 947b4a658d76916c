import { explainTimeline, scoreTimelines } from '@pmed/case-prediction';
import type { Database } from '@pmed/data';
import type { JobContext } from '@pmed/jobs';
import { findEncounterIds, loadEncounterTimelines } from './case-data';
import { loadCaseModel, resolveCaseModelVersion } from './case-models';
import type { CaseScoreParams } from './case-params';
import { ensureCaseBackend } from './case-train';

export const CASE_SCORE_KIND = 'case.score';
const BATCH = 200;
const TOP_DRIVERS = 5;

export interface CaseScoreCheckpoint {
  /** Encounters (in id order) already written. */
  done: number;
  modelVersionId: string;
}

export interface CaseScoreResult {
  modelVersionId: string;
  outcome: string;
  encounters: number;
  scored: number;
  /** Encounters without a usable observation in the window: no risk written. */
  skipped: number;
}

/**
 * Scores many encounters and writes one RiskPrediction per encounter, keyed by (job, encounter):
 * a retried attempt resumes after its checkpoint and rewrites, never duplicates, its rows.
 */
export async function runCaseScoring(db: Database, ctx: JobContext<CaseScoreParams, CaseScoreCheckpoint>): Promise<CaseScoreResult> {
  const p = ctx.params;
  await ensureCaseBackend();
  // A retry keeps the version the first attempt chose, even if a newer one became ready meanwhile.
  const version = await resolveCaseModelVersion(db, { modelVersionId: ctx.checkpoint?.modelVersionId ?? p.modelVersionId, name: p.name });
  const model = await loadCaseModel(db, version.id);
  try {
    const ids = await findEncounterIds(db, p.filter);
    let done = ctx.checkpoint?.done ?? 0;
    let scored = await db.client.riskPrediction.count({ where: { jobId: ctx.job.id } });
    let skipped = 0;
    await ctx.log('info', `case.score: ${ids.length} encounters with ${version.name} v${version.version}${done ? `, resuming after ${done}` : ''}`);
    for (; done < ids.length; ) {
      ctx.throwIfAborted();
      const batch = await loadEncounterTimelines(db, ids.slice(done, done + BATCH), { hours: model.spec.hours });
      const risks = scoreTimelines(model, batch.map((b) => b.timeline));
      for (const [i, item] of batch.entries()) {
        const r = risks[i];
        if (r.calibratedRisk === null || r.risk === null) {
          skipped++;
          continue;
        }
        const drivers = p.explain
          ? explainTimeline(model, item.timeline, r.calibratedRisk, { cells: false })
              .drivers.slice(0, TOP_DRIVERS)
              .map((d) => ({ kind: d.kind, name: d.name, contribution: d.contribution, value: d.value }))
          : undefined;
        const data = { modelVersionId: version.id, patientId: item.patientId, outcome: model.outcome, risk: r.risk, calibratedRisk: r.calibratedRisk, drivers };
        await db.client.riskPrediction.upsert({
          where: { jobId_encounterId: { jobId: ctx.job.id, encounterId: item.encounterId } },
          create: { ...data, jobId: ctx.job.id, encounterId: item.encounterId },
          update: data,
        });
      }
      done += batch.length;
      scored = await db.client.riskPrediction.count({ where: { jobId: ctx.job.id } });
      await ctx.saveCheckpoint({ done, modelVersionId: version.id });
      await ctx.progress(ids.length ? done / ids.length : 1, `${done}/${ids.length} encounters`);
    }
    return { modelVersionId: version.id, outcome: model.outcome, encounters: ids.length, scored, skipped };
  } finally {
    model.model.dispose();
  }
}
