import { renderToStaticMarkup } from 'react-dom/server';
import { ApiError } from '../api/graphql';
import { SeedPreview, seedPreviewState } from './molecules-page';

const aspirin = {
  smiles: 'OC(=O)c1ccccc1OC(C)=O',
  canonicalSmiles: 'CC(=O)Oc1ccccc1C(=O)O',
  svg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0"/></svg>',
  properties: { qed: 0.5501, logP: 1.31, molecularWeight: 180.159, tpsa: 63.6, hbd: 1, hba: 3, alerts: 1 },
};
const idle = { data: null, error: null, loading: false };

describe('seed molecule preview', () => {
  it('shows nothing without a seed and waits while typing goes on or the check runs', () => {
    expect(seedPreviewState('', '', idle)).toEqual({ kind: 'none' });
    expect(seedPreviewState('CC(=O)O', 'CC(=', { data: { molecule: aspirin }, error: null, loading: false })).toEqual({ kind: 'checking' });
    expect(seedPreviewState('CCO', 'CCO', { ...idle, loading: true })).toEqual({ kind: 'checking' });
  });

  it('shows the depiction and properties of a valid seed', () => {
    const state = seedPreviewState(aspirin.smiles, aspirin.smiles, { data: { molecule: aspirin }, error: null, loading: false });
    expect(state.kind).toBe('valid');
    const html = renderToStaticMarkup(<SeedPreview state={state} />);
    expect(html).toContain('data-testid="seed-preview"');
    expect(html).toContain(`src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(aspirin.svg)}"`);
    expect(html).toContain('alt="Structure of the seed CC(=O)Oc1ccccc1C(=O)O"');
    expect(html).toContain('<dt>QED</dt><dd>0.5501</dd>');
    expect(html).toContain('<dt>Weight</dt><dd>180.2</dd>');
  });

  it('explains an invalid SMILES in words, and other failures with the usual error', () => {
    const invalid = seedPreviewState('C1CC', 'C1CC', { data: null, error: new ApiError('BAD_USER_INPUT', 'smiles: unclosed ring 1'), loading: false });
    expect(invalid).toEqual({ kind: 'invalid', smiles: 'C1CC', reason: 'unclosed ring 1' });
    const html = renderToStaticMarkup(<SeedPreview state={invalid} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('<code>C1CC</code> is not a valid SMILES.');
    expect(html).toContain('Unclosed ring 1. Fix the seed');

    const down = seedPreviewState('CCO', 'CCO', { data: null, error: new ApiError('NETWORK', 'fetch failed'), loading: false });
    expect(down.kind).toBe('failed');
    expect(renderToStaticMarkup(<SeedPreview state={down} />)).toContain('The gateway could not be reached');
  });
});
