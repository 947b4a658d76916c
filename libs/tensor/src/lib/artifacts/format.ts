import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { badInput, ErrorCode, PmedError } from '@pmed/core';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Caller facts kept with the weights: preprocessing statistics, class names, training data, ... */
export type ArtifactMetadata = { [key: string]: JsonValue };

export const ARTIFACT_FORMAT = 'pmed-model-artifact';
export const ARTIFACT_FORMAT_VERSION = 1;
export const WEIGHTS_FILE = 'weights.bin';

export interface ArtifactManifest {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: number;
  /**
   * Content digest: sha256 of the canonical JSON of this manifest without `sha256` (keys sorted),
   * a newline, then the weight bytes. The same for a blob and a directory holding the same artifact.
   */
  sha256: string;
  /** A tfjs LayersModel (topology + weights) or a plain name -> tensor map. */
  kind: 'layers-model' | 'tensors';
  createdAt: string;
  tfjsVersion: string;
  modelTopology: { [key: string]: JsonValue } | null;
  trainingConfig: { [key: string]: JsonValue } | null;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weightsFile: string;
  weightsByteLength: number;
  metadata: ArtifactMetadata;
}

export interface Artifact {
  manifest: ArtifactManifest;
  weights: Uint8Array;
}

export function invalidArtifact(message: string, details: Record<string, unknown> = {}): PmedError {
  return new PmedError(ErrorCode.MODEL_ARTIFACT_INVALID, `model artifact is invalid: ${message}`, { details });
}

/** JSON with keys sorted at every level, refusing values JSON cannot hold exactly. */
export function canonicalJson(value: unknown, path = 'metadata'): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw badInput(path, `holds ${value}, which JSON cannot store`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => canonicalJson(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const entries = keys
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], `${path}.${k}`)}`);
    return `{${entries.join(',')}}`;
  }
  throw badInput(path, `holds a ${typeof value}, which JSON cannot store`);
}

export function contentDigest(manifestWithoutDigest: Omit<ArtifactManifest, 'sha256'>, weights: Uint8Array): string {
  const { sha256: _ignored, ...rest } = manifestWithoutDigest as ArtifactManifest;
  return createHash('sha256').update(canonicalJson(rest, 'manifest')).update('\n').update(weights).digest('hex');
}

export interface NewArtifact {
  kind: ArtifactManifest['kind'];
  modelTopology: unknown;
  trainingConfig?: unknown;
  weightSpecs: tf.io.WeightsManifestEntry[];
  weights: Uint8Array;
  metadata?: ArtifactMetadata;
}

export function createArtifact(input: NewArtifact): Artifact {
  // Round-trip through canonical JSON: metadata that cannot be stored is refused now, not at load.
  const metadata = JSON.parse(canonicalJson(input.metadata ?? {})) as ArtifactMetadata;
  const body: Omit<ArtifactManifest, 'sha256'> = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_FORMAT_VERSION,
    kind: input.kind,
    createdAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
    modelTopology: (input.modelTopology ?? null) as ArtifactManifest['modelTopology'],
    trainingConfig: (input.trainingConfig ?? null) as ArtifactManifest['trainingConfig'],
    weightSpecs: input.weightSpecs,
    weightsFile: WEIGHTS_FILE,
    weightsByteLength: input.weights.byteLength,
    metadata,
  };
  return { manifest: { ...body, sha256: contentDigest(body, input.weights) }, weights: input.weights };
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8 };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Checks a parsed manifest and its weights: version, fields, sizes, checksum, expected checksum. */
export function verifyArtifact(raw: unknown, weights: Uint8Array, expectedSha256?: string): Artifact {
  if (!isObject(raw) || raw['format'] !== ARTIFACT_FORMAT) throw invalidArtifact(`the manifest is not a ${ARTIFACT_FORMAT} manifest`);
  if (raw['formatVersion'] !== ARTIFACT_FORMAT_VERSION) {
    throw invalidArtifact(`format version ${String(raw['formatVersion'])} is not supported (this build reads version ${ARTIFACT_FORMAT_VERSION})`, {
      formatVersion: raw['formatVersion'],
    });
  }
  const m = raw as unknown as ArtifactManifest;
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) throw invalidArtifact('the manifest has no valid sha256');
  if (m.kind !== 'layers-model' && m.kind !== 'tensors') throw invalidArtifact(`unknown artifact kind ${String(m.kind)}`);
  if (!Array.isArray(m.weightSpecs) || !Number.isInteger(m.weightsByteLength) || !isObject(m.metadata)) {
    throw invalidArtifact('the manifest lacks weightSpecs, weightsByteLength or metadata');
  }
  if (weights.byteLength !== m.weightsByteLength) {
    const what = weights.byteLength < m.weightsByteLength ? 'truncated' : 'longer than stated';
    throw invalidArtifact(`the weights are ${what}: ${weights.byteLength} bytes, the manifest says ${m.weightsByteLength}`, {
      actual: weights.byteLength,
      expected: m.weightsByteLength,
    });
  }
  const actual = contentDigest(m, weights);
  if (actual !== m.sha256) {
    throw invalidArtifact(`checksum mismatch, the artifact is corrupted: content sha256 is ${actual}, the manifest says ${m.sha256}`, {
      actual,
      recorded: m.sha256,
    });
  }
  if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== m.sha256) {
    throw invalidArtifact(`sha256 ${m.sha256} does not match the expected ${expectedSha256}`, { actual: m.sha256, expected: expectedSha256 });
  }
  let described = 0;
  for (const spec of m.weightSpecs) {
    const size = BYTES_PER_ELEMENT[spec.dtype];
    if (size === undefined || spec.quantization !== undefined) throw invalidArtifact(`weight ${spec.name} has unsupported dtype ${spec.dtype}`);
    described += spec.shape.reduce((a, b) => a * b, 1) * size;
  }
  if (described !== m.weightsByteLength) {
    throw invalidArtifact(`the weight specs describe ${described} bytes but the weights hold ${m.weightsByteLength}`);
  }
  return { manifest: m, weights };
}

const MAGIC = Buffer.from('PMEDMDL\n', 'latin1');
const HEADER_BYTES = MAGIC.length + 4;

/** One Buffer (for a database column): magic, manifest length (u32 LE), manifest JSON, weights. */
export function toBlob(artifact: Artifact): Buffer {
  const manifest = Buffer.from(canonicalJson(artifact.manifest, 'manifest'), 'utf8');
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32LE(manifest.length, MAGIC.length);
  return Buffer.concat([header, manifest, artifact.weights]);
}

export function fromBlob(bytes: Uint8Array, expectedSha256?: string): Artifact {
  if (!(bytes instanceof Uint8Array)) throw badInput('bytes', 'must be a Buffer or Uint8Array');
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < HEADER_BYTES) throw invalidArtifact(`truncated: ${buf.length} bytes, the header alone needs ${HEADER_BYTES}`);
  if (!buf.subarray(0, MAGIC.length).equals(MAGIC)) throw invalidArtifact('not a pmed model artifact (unknown leading bytes)');
  const manifestLength = buf.readUInt32LE(MAGIC.length);
  if (HEADER_BYTES + manifestLength > buf.length) {
    throw invalidArtifact(`truncated: the manifest needs ${manifestLength} bytes, ${buf.length - HEADER_BYTES} remain`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(buf.subarray(HEADER_BYTES, HEADER_BYTES + manifestLength).toString('utf8'));
  } catch {
    throw invalidArtifact('the manifest is not valid JSON (corrupted)');
  }
  return verifyArtifact(raw, new Uint8Array(buf.subarray(HEADER_BYTES + manifestLength)), expectedSha256);
}
