import { badInput, ErrorCode, PmedError } from '@pmed/core';
import { readDicom, type DicomImage, type ReadDicomOptions } from '../dicom/read-dicom';
import { decodeJpeg, decodePng } from './png-jpeg';
import type { RasterImage } from './raster';

export type ImageFormat = 'dicom' | 'png' | 'jpeg';

export interface DecodedImage {
  format: ImageFormat;
  contentType: string;
  image: RasterImage;
  /** Set for DICOM input. */
  dicom?: Omit<DicomImage, 'values' | 'image'>;
}

/** Recognises a file by its signature, not its name: uploads arrive without trustworthy names. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d) return 'dicom';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return null;
}

const CONTENT_TYPES: Record<ImageFormat, string> = { dicom: 'application/dicom', png: 'image/png', jpeg: 'image/jpeg' };

/** Decodes a DICOM Part 10, PNG or JPEG file to a raster in [0, 1]. */
export async function decodeImage(bytes: Uint8Array, options: ReadDicomOptions = {}): Promise<DecodedImage> {
  if (bytes.length === 0) throw badInput('file', 'is empty');
  const format = sniffImageFormat(bytes);
  if (format === null) {
    throw new PmedError(ErrorCode.UNSUPPORTED_FORMAT, 'file is not a DICOM Part 10, PNG or JPEG image (unrecognised signature)');
  }
  if (format === 'dicom') {
    const { values: _values, image, ...dicom } = await readDicom(bytes, options);
    return { format, contentType: CONTENT_TYPES[format], image, dicom };
  }
  const image = format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  return { format, contentType: CONTENT_TYPES[format], image };
}
