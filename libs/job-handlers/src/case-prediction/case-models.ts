import { badInput, ErrorCode, PmedError } from '@pmed/core';
import { deserializeCaseModel, predictTimeline, renderHeatmapSvg, type CaseModel, type RiskResult } from '@pmed/case-prediction';
import { ModelVersionRepository, type Database } from '@pmed/data';
import { loadEncounterTimelines, resolvePatientEncounter } from './case-data';
import { DEFAULT_CASE_MODEL_NAME } from './case-params';

/** What callers need of a case-prediction ModelVersion row. */
export interface CaseModelVersionRow {
  id: string;
  name: string;
  version: number;
  status: string;
  metrics: unknown;
  createdAt: Date;
}

/** A ready case-prediction version: by id, else the latest of a name (default 'default'). */
export async function resolveCaseModelVersion(db: Database, options: { modelVersionId?: string | null; name?: string | null }): Promise<CaseModelVersionRow> {
  const repo = new ModelVersionRepository(db.client);
  const row = options.modelVersionId ? await repo.get(options.modelVersionId) : await repo.latest('case-prediction', options.name ?? DEFAULT_CASE_MODEL_NAME);
  if (!row || row.module !== 'case-prediction') {
    throw new PmedError(ErrorCode.NOT_FOUND, options.modelVersionId ? `case-prediction model version ${options.modelVersionId} was not found` : `no ready case-prediction model named "${options.name ?? DEFAULT_CASE_MODEL_NAME}"; train one with pmed case train or trainCaseModel`, {
      details: { entity: 'ModelVersion', id: options.modelVersionId ?? options.name ?? DEFAULT_CASE_MODEL_NAME },
    });
  }
  if (row.status !== 'ready') throw badInput('model', `model version ${row.id} is ${row.status}, not ready`);
  return { id: row.id, name: row.name, version: row.version, status: row.status, metrics: row.metrics, createdAt: row.createdAt };
}

/** Loads the network of a version (the caller disposes `model`); checks the stored checksum. */
export async function loadCaseModel(db: Database, modelVersionId: string): Promise<CaseModel> {
  const row = await db.client.modelVersion.findUnique({ where: { id: modelVersionId }, select: { artifact: true, checksum: true } });
  if (!row?.artifact) throw new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `model version ${modelVersionId} has no stored artifact`);
  return deserializeCaseModel(row.artifact, { expectedSha256: row.checksum ?? undefined });
}

export interface EncounterPrediction {
  patientId: string;
  encounterId: string;
  modelVersion: CaseModelVersionRow;
  outcome: string;
  result: RiskResult;
  heatmapSvg: string | null;
}

/** Scores one patient's encounter (their latest when none is named) with drivers and a heat map. */
export async function predictEncounterOutcome(db: Database, options: { patientId: string; encounterId?: string | null; modelVersion: CaseModelVersionRow; model: CaseModel; maxDrivers?: number }): Promise<EncounterPrediction> {
  const encounter = await resolvePatientEncounter(db, options.patientId, options.encounterId);
  const [loaded] = await loadEncounterTimelines(db, [encounter.id], { hours: options.model.spec.hours });
  const result = predictTimeline(options.model, loaded.timeline);
  if (result.explanation) result.explanation.drivers = result.explanation.drivers.filter((d) => d.contribution !== 0).slice(0, options.maxDrivers ?? 10);
  const heatmapSvg = result.explanation ? renderHeatmapSvg(result.explanation.heatmap, { maxRows: 15, title: `${options.model.outcome}: contribution by variable and hour` }) : null;
  return { patientId: encounter.patientId, encounterId: encounter.id, modelVersion: options.modelVersion, outcome: options.model.outcome, result, heatmapSvg };
}
