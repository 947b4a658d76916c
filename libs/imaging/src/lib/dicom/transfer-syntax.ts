import { ErrorCode, PmedError } from '@pmed/core';

/** How the pixel data of a transfer syntax is stored, and so which decoder it needs. */
export type PixelEncoding = 'native' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'unsupported';

export interface TransferSyntax {
  uid: string;
  name: string;
  encoding: PixelEncoding;
}

const TABLE: readonly TransferSyntax[] = [
  { uid: '1.2.840.10008.1.2', name: 'Implicit VR Little Endian', encoding: 'native' },
  { uid: '1.2.840.10008.1.2.1', name: 'Explicit VR Little Endian', encoding: 'native' },
  { uid: '1.2.840.10008.1.2.1.99', name: 'Deflated Explicit VR Little Endian', encoding: 'native' },
  { uid: '1.2.840.10008.1.2.2', name: 'Explicit VR Big Endian', encoding: 'native' },
  { uid: '1.2.840.10008.1.2.5', name: 'RLE Lossless', encoding: 'rle' },
  { uid: '1.2.840.10008.1.2.4.50', name: 'JPEG Baseline (Process 1)', encoding: 'jpeg-baseline' },
  { uid: '1.2.840.10008.1.2.4.51', name: 'JPEG Extended (Process 2 & 4)', encoding: 'jpeg-baseline' },
  { uid: '1.2.840.10008.1.2.4.57', name: 'JPEG Lossless, Non-Hierarchical (Process 14)', encoding: 'jpeg-lossless' },
  { uid: '1.2.840.10008.1.2.4.70', name: 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])', encoding: 'jpeg-lossless' },
  { uid: '1.2.840.10008.1.2.4.80', name: 'JPEG-LS Lossless Image Compression', encoding: 'jpeg-ls' },
  { uid: '1.2.840.10008.1.2.4.81', name: 'JPEG-LS Lossy (Near-Lossless) Image Compression', encoding: 'jpeg-ls' },
  { uid: '1.2.840.10008.1.2.4.90', name: 'JPEG 2000 Image Compression (Lossless Only)', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.91', name: 'JPEG 2000 Image Compression', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.92', name: 'JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.93', name: 'JPEG 2000 Part 2 Multi-component Image Compression', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.201', name: 'High-Throughput JPEG 2000 Image Compression (Lossless Only)', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.202', name: 'High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.203', name: 'High-Throughput JPEG 2000 Image Compression', encoding: 'jpeg-2000' },
  { uid: '1.2.840.10008.1.2.4.94', name: 'JPIP Referenced', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.95', name: 'JPIP Referenced Deflate', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.100', name: 'MPEG2 Main Profile / Main Level', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.101', name: 'MPEG2 Main Profile / High Level', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.102', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.1', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.103', name: 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.104', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.105', name: 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.106', name: 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.107', name: 'HEVC/H.265 Main Profile / Level 5.1', encoding: 'unsupported' },
  { uid: '1.2.840.10008.1.2.4.108', name: 'HEVC/H.265 Main 10 Profile / Level 5.1', encoding: 'unsupported' },
];

const BY_UID = new Map(TABLE.map((t) => [t.uid, t]));

/** The transfer syntax of a UID; an unknown UID is kept, named as unknown, and marked unsupported. */
export function transferSyntaxOf(uid: string): TransferSyntax {
  return BY_UID.get(uid) ?? { uid, name: 'unknown transfer syntax', encoding: 'unsupported' };
}

/** The error for pixel data this build cannot decode: it names the transfer syntax so users can convert the file. */
export function unsupportedTransferSyntax(ts: TransferSyntax, reason: string): PmedError {
  return new PmedError(ErrorCode.UNSUPPORTED_FORMAT, `DICOM transfer syntax ${ts.uid} (${ts.name}) is not supported: ${reason}`, {
    details: { transferSyntaxUid: ts.uid, transferSyntaxName: ts.name },
  });
}
