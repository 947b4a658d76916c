import { ErrorCode, PmedError } from '@pmed/core';
import { deserializeModel, serializeModel, type ArtifactMetadata } from '@pmed/tensor';
import { CALIBRATION_METHODS, type Calibration } from '../evaluation/calibration';
import type { FeatureSpec } from '../features/normalization';
import { CELL_TYPES, type RiskModelConfig } from './risk-model';
import type { CaseModel } from './train';

const KIND = 'case-prediction-risk-model';

/** The network, its feature spec, calibration and outcome as one checksummed blob. */
export async function serializeCaseModel(caseModel: CaseModel): Promise<{ bytes: Buffer; sha256: string }> {
  const metadata = {
    kind: KIND,
    outcome: caseModel.outcome,
    spec: caseModel.spec,
    calibration: caseModel.calibration,
    config: caseModel.config,
  } as unknown as ArtifactMetadata;
  return serializeModel(caseModel.model, { metadata });
}

function invalid(message: string): PmedError {
  return new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `case-prediction artifact: ${message}`);
}

/** Loads and checks a blob from serializeCaseModel; the caller disposes `model`. */
export async function deserializeCaseModel(bytes: Uint8Array, options: { expectedSha256?: string } = {}): Promise<CaseModel> {
  const { model, metadata } = await deserializeModel(bytes, { expectedSha256: options.expectedSha256 });
  const m = metadata as unknown as { kind?: string; outcome?: unknown; spec?: FeatureSpec; calibration?: Calibration; config?: RiskModelConfig };
  try {
    if (m.kind !== KIND) throw invalid(`not a case-prediction model (kind ${String(m.kind)})`);
    if (typeof m.outcome !== 'string') throw invalid('no outcome');
    const spec = m.spec;
    if (!spec || !Array.isArray(spec.variables) || spec.mean?.length !== spec.variables.length || spec.std?.length !== spec.variables.length || !spec.statics) {
      throw invalid('the feature spec is missing or inconsistent');
    }
    const cal = m.calibration;
    if (!cal || !CALIBRATION_METHODS.includes(cal.method) || !Number.isFinite(cal.slope) || !Number.isFinite(cal.intercept)) throw invalid('the calibration is missing or invalid');
    if (!m.config || !CELL_TYPES.includes(m.config.cell)) throw invalid('the model config is missing');
    return { model, spec, calibration: cal, config: m.config, outcome: m.outcome };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
