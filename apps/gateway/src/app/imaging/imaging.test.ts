import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng, syntheticSquares, writeMedMnist } from '@pmed/imaging';
import { decodePng, readDicom } from '@pmed/imaging';
import { PNG } from 'pngjs';
import { errorCode, startTestGateway, type TestGateway } from '../testing/test-gateway';

jest.setTimeout(120_000);

const TRAIN = `mutation($input: TrainImagingModelInput!) { trainImagingModel(input: $input) { id status } }`;
const CLASSIFY = `mutation($input: ClassifyImageInput!) { classifyImage(input: $input) {
  modelVersionId modelVersion label className gradCamLayer gradCamOverlayPng inputFormat width height
  probabilities { classIndex className probability calibratedProbability } fhir } }`;

describe('imaging GraphQL', () => {
  let t: TestGateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pmed-imaging-'));
    const sets = { train: syntheticSquares({ count: 64, size: 16, square: 5, seed: 1 }), val: syntheticSquares({ count: 16, size: 16, square: 5, seed: 2 }), test: syntheticSquares({ count: 16, size: 16, square: 5, seed: 3 }) };
    writeFileSync(join(dir, 'squares.npz'), writeMedMnist(sets));
    // Read by the imaging.train parameter check, which runs in this process.
    process.env['PMED_IMAGING_DATA_DIR'] = dir;
    t = await startTestGateway();
  });

  afterAll(async () => {
    await t?.close();
    delete process.env['PMED_IMAGING_DATA_DIR'];
    rmSync(dir, { recursive: true, force: true });
  });

  async function waitForJob(id: string): Promise<{ status: string; result: unknown; error: unknown }> {
    for (let i = 0; i < 600; i++) {
      const res = await t.gql(`query($id: ID!) { job(id: $id) { status result error { code message } } }`, { variables: { id } });
      const job = res.body.data?.['job'] as { status: string; result: unknown; error: unknown };
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('job did not finish');
  }

  it('trains and registers a model, lists it, and classifies a PNG with a Grad-CAM overlay', async () => {
    const started = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { dataPath: 'squares.npz', name: 'squares', epochs: 6, batchSize: 16, seed: 3, augment: false, classNames: ['empty', 'square'] } } });
    expect(started.body.errors).toBeUndefined();
    const job = await waitForJob((started.body.data?.['trainImagingModel'] as { id: string }).id);
    expect(job).toMatchObject({ status: 'succeeded', error: null });

    const listed = await t.gql(`{ imagingModels { id name version status metrics modelCard } }`, { key: t.keys.clinician });
    const models = listed.body.data?.['imagingModels'] as { id: string; name: string; status: string; metrics: Record<string, number>; modelCard: { metrics: { confidenceIntervals: { auc: { lower: number } } } } }[];
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ name: 'squares', status: 'ready' });
    expect(models[0].metrics['auc']).toBeGreaterThan(0.8);
    expect(models[0].modelCard.metrics.confidenceIntervals.auc.lower).toBeLessThanOrEqual(models[0].metrics['auc']);

    const image = syntheticSquares({ count: 2, size: 16, square: 5, seed: 9 });
    const png = encodePng({ width: 16, height: 16, channels: 1, data: image.images.subarray(256, 512) });
    const res = await t.gql(CLASSIFY, { key: t.keys.clinician, variables: { input: { imageBase64: png.toString('base64'), modelName: 'squares' } } });
    expect(res.body.errors).toBeUndefined();
    const out = res.body.data?.['classifyImage'] as { className: string; inputFormat: string; gradCamOverlayPng: string; probabilities: { calibratedProbability: number }[] };
    expect(out).toMatchObject({ className: 'square', inputFormat: 'png', width: 16, height: 16, gradCamLayer: 'conv3' });
    expect(out.probabilities.reduce((a, p) => a + p.calibratedProbability, 0)).toBeCloseTo(1, 5);
    expect(decodePng(Buffer.from(out.gradCamOverlayPng, 'base64')).channels).toBe(3);
    // An image sent inline belongs to no patient: there is no FHIR subject to report on.
    expect((out as unknown as { fhir: unknown }).fhir).toBeNull();
  });

  it("stores a patient's DICOM upload with an audit event, classifies it by id, and stores nothing for a bad file", async () => {
    const client = t.gateway.runtime.database.client;
    const patient = await client.patient.create({ data: { mrn: 'IMG-1' } });
    const dicom = readFileSync(join(__dirname, '../../../../../../shared/data/dicom/MR_small.dcm'));
    const uploaded = await t.gql(`mutation($input: UploadImageInput!) { uploadImage(input: $input) { id patientId contentType width height transferSyntax } }`, {
      key: t.keys.clinician,
      variables: { input: { imageBase64: dicom.toString('base64'), patientId: patient.id } },
    });
    expect(uploaded.body.errors).toBeUndefined();
    const image = uploaded.body.data?.['uploadImage'] as { id: string };
    expect(image).toMatchObject({ patientId: patient.id, contentType: 'application/dicom', width: 64, height: 64, transferSyntax: '1.2.840.10008.1.2.1' });
    const classified = await t.gql(`mutation($input: ClassifyImageInput!) { classifyImage(input: $input) { imageId patientId inputFormat modelVersionId className fhir } }`, {
      key: t.keys.clinician,
      variables: { input: { imageId: image.id, modelName: 'squares' } },
    });
    const result = classified.body.data?.['classifyImage'] as { modelVersionId: string; className: string; fhir: { type: string; entry: { resource: { resourceType: string; subject: { reference: string }; extension: { valueString: string }[]; imagingStudy?: { reference: string }[] } }[] } };
    expect(result).toMatchObject({ imageId: image.id, patientId: patient.id, inputFormat: 'dicom' });
    // The result as FHIR: a DiagnosticReport about the patient from the image's study, and one Observation per class.
    const resources = result.fhir.entry.map((e) => e.resource);
    expect(resources.map((r) => r.resourceType)).toEqual(['DiagnosticReport', 'Observation', 'Observation']);
    for (const r of resources) expect(r.subject.reference).toBe(`Patient/${patient.id}`);
    expect(resources[0]!.extension[0]!.valueString).toBe(result.modelVersionId);
    const study = await client.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(resources[0]!.imagingStudy).toEqual([{ reference: `ImagingStudy/${study.studyId}` }]);
    const audits = await client.auditEvent.findMany({ where: { patientId: patient.id, entity: 'Image' }, orderBy: { at: 'asc' } });
    expect(audits.map((a) => a.action)).toEqual(['create', 'read']);

    const before = await client.image.count();
    const bad = await t.gql(`mutation($input: UploadImageInput!) { uploadImage(input: $input) { id } }`, { variables: { input: { imageBase64: dicom.subarray(0, 2000).toString('base64'), patientId: patient.id } } });
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    expect(await client.image.count()).toBe(before);
    expect(await client.imagingStudy.count()).toBe(1);
  });

  it('returns the modality values of an image for client-side window/level, and the Grad-CAM heat map alone', async () => {
    const PIXELS = 'pixels { valuesBase64 pixelType width height channels sourceWidth sourceHeight windowCenter windowWidth min max invert photometricInterpretation modality frame numberOfFrames }';
    const ct = readFileSync(join(__dirname, '../../../../../../shared/data/dicom/CT_small.dcm'));
    const res = await t.gql(`mutation($input: ClassifyImageInput!) { classifyImage(input: $input) { width height gradCamHeatMapPng ${PIXELS} } }`, {
      key: t.keys.clinician,
      variables: { input: { imageBase64: ct.toString('base64'), modelName: 'squares' } },
    });
    expect(res.body.errors).toBeUndefined();
    const out = res.body.data?.['classifyImage'] as { gradCamHeatMapPng: string; pixels: Record<string, unknown> & { valuesBase64: string } };
    const dicom = await readDicom(new Uint8Array(ct));
    expect(out.pixels).toMatchObject({
      pixelType: 'int16',
      width: 128,
      height: 128,
      channels: 1,
      sourceWidth: 128,
      sourceHeight: 128,
      windowCenter: dicom.window?.center,
      windowWidth: dicom.window?.width,
      invert: false,
      photometricInterpretation: 'MONOCHROME2',
      modality: 'CT',
      frame: 0,
      numberOfFrames: 1,
    });
    // Hounsfield units, not display grey levels: the same values readDicom gives after the rescale.
    const raw = Buffer.from(out.pixels.valuesBase64, 'base64');
    const values = Array.from({ length: raw.length / 2 }, (_, i) => raw.readInt16LE(2 * i));
    expect(values).toEqual(Array.from(dicom.values));
    expect(out.pixels['min']).toBe(Math.min(...values));
    expect(out.pixels['max']).toBe(Math.max(...values));
    const heat = PNG.sync.read(Buffer.from(out.gradCamHeatMapPng, 'base64'));
    expect([heat.width, heat.height]).toEqual([128, 128]);
    const alphas = new Set(Array.from({ length: 128 * 128 }, (_, p) => heat.data[4 * p + 3]));
    expect(alphas.size).toBeGreaterThan(1);

    // An uploaded image offers the same values, read back from storage.
    const mr = readFileSync(join(__dirname, '../../../../../../shared/data/dicom/MR_small.dcm'));
    const uploaded = await t.gql(`mutation($input: UploadImageInput!) { uploadImage(input: $input) { id ${PIXELS} } }`, { key: t.keys.clinician, variables: { input: { imageBase64: mr.toString('base64') } } });
    expect(uploaded.body.errors).toBeUndefined();
    expect((uploaded.body.data?.['uploadImage'] as { pixels: unknown }).pixels).toMatchObject({ width: 64, height: 64, modality: 'MR', invert: false });
    const badFrame = await t.gql(`mutation($input: UploadImageInput!) { uploadImage(input: $input) { pixels(frame: 5) { width } } }`, { key: t.keys.clinician, variables: { input: { imageBase64: mr.toString('base64') } } });
    expect(errorCode(badFrame)).toBe('BAD_USER_INPUT');
  });

  it('refuses bad requests with stable codes', async () => {
    const forbidden = await t.gql(TRAIN, { key: t.keys.clinician, variables: { input: { dataPath: 'squares.npz' } } });
    expect(errorCode(forbidden)).toBe('FORBIDDEN');
    const outside = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { dataPath: '../elsewhere.npz' } } });
    expect(errorCode(outside)).toBe('BAD_USER_INPUT');
    for (const input of [{ labelSmoothing: 1.5 }, { mixup: -1 }, { classWeights: 'inverse' }, { architecture: 'vgg' }]) {
      const refused = await t.gql(TRAIN, { key: t.keys.researcher, variables: { input: { dataPath: 'squares.npz', ...input } } });
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.body.errors?.[0].message).toMatch(Object.keys(input)[0]);
    }
    const garbage = await t.gql(CLASSIFY, { variables: { input: { imageBase64: '%%%not base64' } } });
    expect(errorCode(garbage)).toBe('BAD_USER_INPUT');
    const text = await t.gql(CLASSIFY, { variables: { input: { imageBase64: Buffer.from('plain text, not an image').toString('base64'), modelName: 'squares' } } });
    expect(errorCode(text)).toBe('UNSUPPORTED_FORMAT');
    const unknown = await t.gql(CLASSIFY, { variables: { input: { imageBase64: Buffer.from('x').toString('base64'), modelVersionId: 'no-such-version' } } });
    expect(errorCode(unknown)).toBe('NOT_FOUND');
  });
});
