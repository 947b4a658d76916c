export {
  ARTIFACT_FORMAT,
  ARTIFACT_FORMAT_VERSION,
  type ArtifactManifest,
  type ArtifactMetadata,
  type JsonValue,
} from './format';
export { ArtifactIOHandler } from './io-handler';
export {
  serializeModel,
  deserializeModel,
  saveModelToDirectory,
  loadModelFromDirectory,
  type SaveArtifactOptions,
  type LoadArtifactOptions,
  type SerializedArtifact,
  type LoadedModel,
} from './model-artifacts';
export {
  serializeTensors,
  deserializeTensors,
  saveTensorsToDirectory,
  loadTensorsFromDirectory,
  type LoadedTensors,
} from './tensor-artifacts';
export type { WriteDirectoryOptions } from './directory';
