import { ErrorCode } from '@pmed/core';
import { validateImagingTrainParams } from './imaging-train';

describe('validateImagingTrainParams', () => {
  it('fills defaults and resolves the data path inside the data directory', () => {
    const params = validateImagingTrainParams({ dataPath: 'breast.npz' }, { PMED_IMAGING_DATA_DIR: '/data/imaging' });
    expect(params).toMatchObject({ name: 'default', dataPath: '/data/imaging/breast.npz', architecture: 'reference-cnn', epochs: 30, batchSize: 32, augment: false });
  });

  it.each([
    [{ dataPath: '../../etc/passwd.npz' }, 'params.dataPath'],
    [{ dataPath: 'x.csv' }, 'params.dataPath'],
    [{ dataPath: 'x.npz', architecture: 'vgg' }, 'params.architecture'],
    [{ dataPath: 'x.npz', epochs: 0 }, 'params.epochs'],
    [{ dataPath: 'x.npz', learningRate: 2 }, 'params.learningRate'],
    [{ dataPath: 'x.npz', name: '../evil' }, 'params.name'],
    [{ dataPath: 'x.npz', colour: true }, 'params'],
    [null, 'params'],
  ])('refuses %j naming %s', (params, field) => {
    try {
      validateImagingTrainParams(params, { PMED_IMAGING_DATA_DIR: '/data/imaging' });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toMatchObject({ code: ErrorCode.BAD_USER_INPUT, details: { field } });
    }
  });
});
