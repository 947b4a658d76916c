import { combinedMemberCount, combineModels, memberPrefix, tf } from '@pmed/tensor';

export { memberPrefix };

/** Name of the layer that averages the members' risks (the ensemble's output). */
export const ENSEMBLE_OUTPUT = 'ensemble_risk';

/**
 * Joins trained risk networks of one input shape into a single model whose output is the mean of
 * their probabilities (libs/tensor's combineModels): one flat functional graph that saves and loads
 * as one artifact, so scoring, Monte Carlo dropout and occlusion explanations run on it like on a
 * single network. One member is returned as it is.
 */
export function combineRiskModels(members: readonly tf.LayersModel[], name = 'case_ensemble'): tf.LayersModel {
  if (members.length === 1) return members[0];
  return combineModels(members, { name, inputName: 'packed', outputName: ENSEMBLE_OUTPUT });
}

/** How many networks a model holds (1 for a plain one). */
export function riskModelMembers(model: tf.LayersModel): number {
  return combinedMemberCount(model);
}
