import { ErrorCode, PmedError } from '@pmed/core';
import { deserializeModel, serializeModel, type ArtifactMetadata } from '@pmed/tensor';
import { CALIBRATION_METHODS, type Calibration } from '../evaluation/calibration';
import { channelsOf, staticWidthOf, stepsOf, type FeatureSpec } from '../features/normalization';
import { isValidSummarySpec } from '../features/summary';
import { riskModelMembers } from './ensemble';
import { CELL_TYPES, MAX_ENSEMBLE_SIZE, packedWidth, type RiskModelConfig } from './risk-model';
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
    // Artifacts saved before summary features and ensembles have neither field: one network, no summary.
    if (!isValidSummarySpec(spec.summary, spec.variables.length)) throw invalid('the summary feature spec is inconsistent');
    const expected = [stepsOf(spec) + 1, packedWidth({ steps: stepsOf(spec), channels: channelsOf(spec), staticWidth: staticWidthOf(spec) })];
    const actual = model.inputs[0]?.shape.slice(1);
    if (String(actual) !== String(expected)) throw invalid(`the network takes [${String(actual)}] per stay but the feature spec gives [${String(expected)}]`);
    const cal = m.calibration;
    if (!cal || !CALIBRATION_METHODS.includes(cal.method) || !Number.isFinite(cal.slope) || !Number.isFinite(cal.intercept)) throw invalid('the calibration is missing or invalid');
    if (!m.config || !CELL_TYPES.includes(m.config.cell)) throw invalid('the model config is missing');
    const members = m.config.ensembleSize ?? 1;
    if (!Number.isInteger(members) || members < 1 || members > MAX_ENSEMBLE_SIZE) throw invalid(`the model config has an invalid member count ${String(m.config.ensembleSize)}`);
    if (riskModelMembers(model) !== members) throw invalid(`the config says ${members} network(s) but the model holds ${riskModelMembers(model)}`);
    return { model, spec, calibration: cal, config: m.config, outcome: m.outcome };
  } catch (error) {
    model.dispose();
    throw error;
  }
}
