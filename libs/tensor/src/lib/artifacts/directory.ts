import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, PmedError } from '@pmed/core';
import { invalidArtifact, verifyArtifact, type Artifact } from './format';

export const MANIFEST_FILE = 'manifest.json';

export interface WriteDirectoryOptions {
  /** Replace an artifact already in the directory. Default false. */
  overwrite?: boolean;
}

/** Writes weights first and the manifest last, each by rename, so a crash never leaves a loadable half. */
export async function writeArtifactDirectory(dir: string, artifact: Artifact, options: WriteDirectoryOptions = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!options.overwrite && (await exists(manifestPath))) {
    throw new PmedError(ErrorCode.CONFLICT, `${dir} already holds a model artifact; pass overwrite: true to replace it`, { details: { dir } });
  }
  const weightsPath = join(dir, artifact.manifest.weightsFile);
  await writeFile(`${weightsPath}.tmp`, artifact.weights);
  await rename(`${weightsPath}.tmp`, weightsPath);
  await writeFile(`${manifestPath}.tmp`, `${JSON.stringify(artifact.manifest, null, 2)}\n`);
  await rename(`${manifestPath}.tmp`, manifestPath);
}

export async function readArtifactDirectory(dir: string, expectedSha256?: string): Promise<Artifact> {
  const manifestPath = join(dir, MANIFEST_FILE);
  const manifestText = await readOrExplain(manifestPath, `no ${MANIFEST_FILE} in ${dir}`);
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText.toString('utf8'));
  } catch {
    throw invalidArtifact(`${manifestPath} is not valid JSON (corrupted)`);
  }
  const weightsFile = (raw as { weightsFile?: unknown } | null)?.weightsFile;
  if (typeof weightsFile !== 'string' || weightsFile.includes('/') || weightsFile.includes('\\') || weightsFile.startsWith('.')) {
    throw invalidArtifact(`${manifestPath} names no valid weights file`);
  }
  const weights = await readOrExplain(join(dir, weightsFile), `the weights file ${weightsFile} is missing from ${dir}`);
  return verifyArtifact(raw, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength), expectedSha256);
}

async function readOrExplain(path: string, missing: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw invalidArtifact(missing, { path });
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
