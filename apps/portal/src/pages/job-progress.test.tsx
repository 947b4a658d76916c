import { renderToStaticMarkup } from 'react-dom/server';
import { applyJobEvent, curveSeries, INITIAL_JOB_PROGRESS, JobProgressView, mergeCurve, type CurvePoint, type JobProgressState, type ProgressEvent } from './job-progress';

const event = (type: string, fields: Partial<ProgressEvent> = {}): ProgressEvent => ({ type, at: '2026-01-01T10:00:00.000Z', status: null, progress: null, message: null, level: null, error: null, points: null, ...fields });
const point = (epoch: number, loss: number, valLoss?: number): CurvePoint => ({ epoch, values: valLoss === undefined ? { loss } : { loss, val_loss: valLoss } });
const play = (events: ProgressEvent[], from: JobProgressState = INITIAL_JOB_PROGRESS): JobProgressState => events.reduce(applyJobEvent, from);

describe('live training curves on the job page', () => {
  it('starts from the curve so far in the subscription snapshot and grows it from live events', () => {
    const joined = play([
      // What a subscription to a job already at epoch 2 starts with.
      event('status', { status: 'running' }),
      event('progress', { progress: 0.4, message: 'epoch 2/5' }),
      event('metrics', { points: [point(1, 0.9, 1.0), point(2, 0.7, 0.8)] }),
      // A live event published while the snapshot was read repeats epoch 2: it replaces it, no double.
      event('metrics', { points: [point(2, 0.7, 0.8), point(3, 0.5, 0.65)] }),
      event('progress', { progress: 0.6, message: 'epoch 3/5' }),
    ]);
    expect(joined).toMatchObject({ status: 'running', progress: 0.6, message: 'epoch 3/5' });
    expect(joined.curve.map((p) => p.epoch)).toEqual([1, 2, 3]);

    const html = renderToStaticMarkup(<JobProgressView jobId="j1" state={joined} error={null} />);
    expect(html).toContain('data-testid="training-curves" data-source="live"');
    expect(html).toContain('Training curves (live, epoch 3)');
    expect(html).toContain('data-series="loss"');
    expect(html).toContain('data-series="val_loss"');
    expect(html).toContain('<progress id="progress-j1" max="1" value="0.6">');

    // Finished without a stored history (the curve is all there is): still drawn, no longer live.
    const done = play([event('status', { status: 'succeeded', progress: 1 })], joined);
    const finished = renderToStaticMarkup(<JobProgressView jobId="j1" state={done} error={null} result={{ modelVersionId: 'm1' }} />);
    expect(finished).toContain('data-source="live"');
    expect(finished).toContain('<title id=');
    expect(finished).toMatch(/>Training curves</);
    expect(finished).not.toContain('(live');
  });

  it('draws a finished job’s stored history as before, in preference to the live curve', () => {
    const state = play([event('status', { status: 'succeeded' }), event('metrics', { points: [point(1, 0.9)] })]);
    const html = renderToStaticMarkup(<JobProgressView jobId="j2" state={state} error={null} result={{ history: { loss: [1, 0.5], auc: [0.6, 0.7] } }} />);
    expect(html).toContain('data-source="result"');
    expect(html).toContain('data-series="auc"');
  });

  it('shows no chart for a job that reports no curve', () => {
    const state = play([event('status', { status: 'running' }), event('progress', { progress: 0.5 }), event('log', { level: 'info', message: 'step' })]);
    expect(state.logs).toHaveLength(1);
    const html = renderToStaticMarkup(<JobProgressView jobId="j3" state={state} error={null} />);
    expect(html).not.toContain('training-curves');
  });

  it('starts the curve again when a retried attempt counts from epoch 1, and stays bounded', () => {
    const retried = play([event('metrics', { points: [point(1, 0.9), point(2, 0.8), point(3, 0.7)] }), event('metrics', { points: [point(1, 0.95)] })]);
    expect(retried.curve).toEqual([point(1, 0.95)]);
    const long = mergeCurve([], Array.from({ length: 300 }, (_, i) => point(i + 1, 1 / (i + 1))), 100);
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long[0]?.epoch).toBe(1);
    expect(long.at(-1)?.epoch).toBe(300);
  });

  it('turns the curve into one series per metric, leaving out epochs that lack it', () => {
    const series = curveSeries([point(1, 0.9, 1.1), point(2, 0.8), { epoch: 3, values: { loss: 0.6, val_loss: 0.7 } }]);
    expect(series).toEqual([
      { name: 'loss', points: [{ x: 1, y: 0.9 }, { x: 2, y: 0.8 }, { x: 3, y: 0.6 }] },
      { name: 'val_loss', points: [{ x: 1, y: 1.1 }, { x: 3, y: 0.7 }] },
    ]);
  });
});
