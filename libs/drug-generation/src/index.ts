// The public API of @pmed/drug-generation.
export { loadRdkit, openRdkit, RdkitSession, type ParsedSmiles, type RdkitModule, type RdkitMol } from './lib/chemistry/rdkit';
export { Chemistry, openChemistry, tanimoto, type MolecularProperties, type FingerprintOptions } from './lib/chemistry/chemistry';
export { QED_ADS, QED_MEAN_WEIGHTS, QED_PROPERTIES, desirability, qedFromProperties } from './lib/chemistry/qed-parameters';
export { tokenizeSmiles, tokenKind, parseBracketAtom, type BracketAtom, type SmilesTokenKind } from './lib/smiles/tokenizer';
export { encodeSelfies, selfiesToCanonicalSmiles, selfiesSymbols } from './lib/selfies/selfies';
export { decodeSelfies } from './lib/selfies/decoder';
export { kekuleSmilesToSelfies } from './lib/selfies/encoder';
export { DRUG_LIKE_ALPHABET, INDEX_ALPHABET } from './lib/selfies/alphabet';
export { evaluateGenerated, internalDiversity, type GenerationMetrics, type EvaluateOptions, type PropertyComparison } from './lib/metrics/moses';
export { summarize, wasserstein1d, type Summary } from './lib/metrics/distributions';
export { Vocabulary, moleculeTokens, tokensToSmiles, type Representation } from './lib/model/vocabulary';
export { MoleculeVae, type VaeConfig } from './lib/model/vae';
export { trainVae, type TrainVaeOptions, type TrainedVae } from './lib/model/vae-training';
export { LatentGan, trainLatentGan, type LatentGanConfig, type TrainLatentGanOptions } from './lib/model/latent-gan';
export { MoleculeSampler, MAX_TEMPERATURE, checkTemperature, type DecodedMolecule, type SampleOptions } from './lib/model/generator';
export { searchLatentSpace, checkTargets, targetDistance, type PropertyTargets, type PropertyRange, type SearchResult, type SearchOptions } from './lib/model/property-search';
export { serializeMoleculeModel, deserializeMoleculeModel, MOLECULE_MODEL_FORMAT, type MoleculeModel } from './lib/model/artifact';
export { readSmilesFile, latentMeans } from './lib/model/training-data';
