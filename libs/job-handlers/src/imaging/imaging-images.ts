import { createHash } from 'node:crypto';
import { badInput, notFound } from '@pmed/core';
import type { Database } from '@pmed/data';
import { decodeImage } from '@pmed/imaging';

export interface StoreImageInput {
  bytes: Uint8Array;
  patientId?: string | null;
  description?: string | null;
}

export interface StoredImage {
  id: string;
  studyId: string;
  patientId: string | null;
  contentType: string;
  width: number;
  height: number;
  frames: number;
  transferSyntax: string | null;
  sha256: string;
  createdAt: Date;
}

/**
 * Stores an uploaded DICOM/PNG/JPEG as an Image in an ImagingStudy. The file is decoded first, so
 * only readable images are kept; a DICOM file joins the study of its Study Instance UID. Study and
 * image are written in one transaction: a failure leaves neither behind.
 */
export async function storeImage(db: Database, input: StoreImageInput): Promise<StoredImage> {
  const decoded = await decodeImage(input.bytes);
  const patientId = input.patientId ?? null;
  if (patientId !== null) {
    const patient = await db.client.patient.findUnique({ where: { id: patientId }, select: { id: true } });
    if (!patient) throw notFound('Patient', patientId);
  }
  const description = input.description ?? null;
  if (description !== null && description.length > 500) throw badInput('description', 'must be at most 500 characters');
  const dicom = decoded.dicom;
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const metadata = dicom
    ? { modality: dicom.modality, photometricInterpretation: dicom.photometricInterpretation, bitsAllocated: dicom.bitsAllocated, sopInstanceUid: dicom.sopInstanceUid, transferSyntaxName: dicom.transferSyntax.name }
    : { channels: decoded.image.channels };
  const image = await db.client.$transaction(async (tx) => {
    const studyUid = dicom?.studyInstanceUid ?? null;
    let study = studyUid ? await tx.imagingStudy.findUnique({ where: { studyUid } }) : null;
    if (study && patientId !== null && study.patientId !== null && study.patientId !== patientId) {
      throw badInput('patientId', `study ${studyUid} belongs to another patient`);
    }
    study ??= await tx.imagingStudy.create({ data: { patientId, studyUid, modality: dicom?.modality ?? null, description } });
    return tx.image.create({
      data: {
        studyId: study.id,
        contentType: decoded.contentType,
        width: decoded.image.width,
        height: decoded.image.height,
        frames: dicom?.numberOfFrames ?? 1,
        transferSyntax: dicom?.transferSyntax.uid ?? null,
        sha256,
        data: new Uint8Array(input.bytes),
        metadata,
      },
      include: { study: { select: { patientId: true } } },
    });
  });
  return toStored(image);
}

function toStored(image: { id: string; studyId: string; contentType: string; width: number | null; height: number | null; frames: number; transferSyntax: string | null; sha256: string; createdAt: Date; study: { patientId: string | null } }): StoredImage {
  return {
    id: image.id,
    studyId: image.studyId,
    patientId: image.study.patientId,
    contentType: image.contentType,
    width: image.width ?? 0,
    height: image.height ?? 0,
    frames: image.frames,
    transferSyntax: image.transferSyntax,
    sha256: image.sha256,
    createdAt: image.createdAt,
  };
}

/** The bytes of a stored image and whose it is (for the audit trail). */
export async function loadStoredImage(db: Database, id: string): Promise<{ bytes: Uint8Array; image: StoredImage }> {
  const row = await db.client.image.findUnique({ where: { id }, include: { study: { select: { patientId: true } } } });
  if (!row?.data) throw notFound('Image', id);
  return { bytes: new Uint8Array(row.data), image: toStored(row) };
}
