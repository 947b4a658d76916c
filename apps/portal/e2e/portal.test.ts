// End to end: the built gateway on a fresh SQLite database with the demo data, the built portal,
// and Debian's Chromium driven by playwright-core. Screenshots go to reports/screenshots/.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(__dirname, '../../..');
const shots = join(root, 'reports', 'screenshots');
const CHROMIUM = process.env['PMED_CHROMIUM'] ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Polls `check` (locator counts and the like) until it holds; the page's CSP forbids evaluated strings. */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((done, fail) => {
    let seen = '';
    const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${seen}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(pattern);
      if (match) {
        clearTimeout(timer);
        done(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => fail(new Error(`gateway exited with ${code}; output:\n${seen}`)));
  });
}

/** A 28x28 grey PNG with a bright square: something for the imaging page to upload. */
function samplePng(): Buffer {
  const png = new PNG({ width: 28, height: 28 });
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const i = (y * 28 + x) * 4;
      const v = x > 9 && x < 19 && y > 9 && y < 19 ? 230 : 40;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = v;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

describe('clinician portal in Chromium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'pmed-portal-e2e-'));
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let url = '';
  let key = '';
  const pageErrors: string[] = [];

  const shot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  /** After an action a page shows either its result or a readable error, never nothing. */
  const resultOrAlert = async (result: string) => {
    await page.locator(`${result}, [role="alert"]`).first().waitFor({ timeout: 60_000 });
    return (await page.locator(result).count()) > 0;
  };

  /** A first demo start trains one small model per module in the background; wait for them. */
  const waitForDemoModels = async () => {
    const wanted = ['case.train', 'imaging.train', 'molecules.train'];
    const deadline = Date.now() + 240_000;
    for (;;) {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ jobs(filter: { limit: 50 }) { items { kind status error { message } } } }' }),
      });
      const jobs = ((await response.json()) as { data: { jobs: { items: { kind: string; status: string; error: { message: string } | null }[] } } }).data.jobs.items;
      const failed = jobs.filter((j) => wanted.includes(j.kind) && j.status === 'failed');
      if (failed.length) throw new Error(`demo model job failed: ${JSON.stringify(failed)}`);
      if (wanted.every((kind) => jobs.some((j) => j.kind === kind && j.status === 'succeeded'))) return;
      if (Date.now() > deadline) throw new Error(`demo models not ready: ${JSON.stringify(jobs)}`);
      await new Promise((done) => setTimeout(done, 1000));
    }
  };

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does) or set PMED_CHROMIUM`);
    mkdirSync(shots, { recursive: true });
    execFileSync(process.execPath, ['tools/scripts/build.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
    execFileSync(process.execPath, ['apps/portal/build-portal.mjs', '--quiet'], { cwd: root, stdio: 'inherit' });
    child = spawn(process.execPath, ['dist/apps/gateway/src/main.js'], {
      cwd: root,
      env: { ...process.env, PMED_PORT: '0', PMED_DATA_DIR: dataDir, PMED_TF_BACKEND: 'cpu', NO_COLOR: '1', DATABASE_URL: '', REDIS_URL: '', NODE_ENV: 'production', PMED_RATE_LIMIT: '100000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const listening = waitForOutput(child, /listening on (http:\/\/[^\s/]+)\/graphql/, 120_000);
    const keyLine = waitForOutput(child, /PMED_DEMO_API_KEY=(pmed_[A-Za-z0-9_-]+)/, 120_000);
    url = (await listening)[1]!;
    key = (await keyLine)[1]!;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong key with a readable message, then logs in with the demo key', async () => {
    await page.goto(`${url}/`);
    await page.getByLabel('API key').fill('pmed_not-a-real-key');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').innerText()).toContain('not accepted');
    await shot('01-login-error');

    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Patients', level: 1 }).waitFor();
    await page.locator('table.data tbody tr').first().waitFor();
    expect(await page.locator('table.data tbody tr').count()).toBeGreaterThan(5);
    expect(await page.evaluate("window.sessionStorage.getItem('pmed.apiKey')")).toBe(key);
    await shot('02-patients');
  });

  it('searches patients and opens one: conditions, medications, allergies, observation charts', async () => {
    const mrn = await page.locator('table.data tbody tr').nth(2).locator('td').nth(1).innerText();
    await page.getByLabel('Search by MRN or name').fill(mrn);
    const rows = page.locator('table.data tbody tr');
    await until(async () => (await rows.count()) === 1 && (await rows.filter({ hasText: mrn }).count()) === 1);
    await page.locator('table.data tbody tr td a').first().click();
    await page.getByRole('heading', { name: 'Conditions' }).waitFor();
    for (const heading of ['Medications', 'Allergies', 'Observations over time']) expect(await page.getByRole('heading', { name: heading }).count()).toBe(1);
    // The charts load after the headings: wait for the first line to be drawn.
    await page.locator('.patient .chart svg path').first().waitFor();
    await shot('03-patient');
  });

  it('shows doctors and drugs for a condition, and the filtered drugs with reasons behind a toggle', async () => {
    await page.locator('a[aria-label^="Recommendations for"]').first().click();
    await page.locator('caption', { hasText: 'Doctors' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('caption', { hasText: 'Drugs' }).count() + (await page.getByText(/No drugs to recommend/).count())).toBe(1);
    await page.getByLabel('Show drugs filtered out for safety').check();
    await page.getByRole('heading', { name: 'Filtered out for safety' }).waitFor();
    await shot('04-recommendations');
  });

  it('starts a job and follows its progress live to the end', async () => {
    // The in-process queue runs one job at a time: let the demo training jobs finish first, or the
    // self-test job waits behind them with no progress to show.
    await waitForDemoModels();
    await page.getByRole('link', { name: 'Models & jobs' }).click();
    await page.getByRole('button', { name: 'Start self-test job' }).click();
    await page.getByTestId('job-status').waitFor();
    await page.locator('progress:not([value="0"])').waitFor({ timeout: 30_000 });
    // The self-test reports a curve point per step: the chart grows while it runs.
    await page.locator('[data-testid="training-curves"] [data-series="remaining"]').waitFor({ timeout: 30_000 });
    await shot('05-job-running');
    await page.getByTestId('job-status').filter({ hasText: /^succeeded$/ }).waitFor({ timeout: 60_000 });
    expect(await page.locator('progress').getAttribute('value')).toBe('1');
    await page.getByRole('heading', { name: 'Model registry' }).waitFor();
    await shot('06-jobs');
  }, 300_000);

  it('lists the models of every module in the registry, with metrics, ROC, reliability and training curves', async () => {
    await waitForDemoModels();
    await page.getByRole('button', { name: 'Refresh models' }).click();
    const rows = (module: string) => page.locator(`table.registry tbody tr[data-module="${module}"]`);
    await until(async () => (await rows('imaging').count()) > 0 && (await rows('case-prediction').count()) > 0 && (await rows('drug-generation').count()) > 0);
    const detail = page.getByTestId('model-detail');
    // An SVG <title> is never visible itself: wait for it to be in the page.
    const chart = (title: RegExp) => detail.locator('svg[role="img"] title', { hasText: title });
    const drawn = (title: RegExp) => chart(title).waitFor({ state: 'attached' });

    await page.getByRole('button', { name: /^Show Imaging model default version/ }).first().click();
    await detail.getByRole('heading', { name: /^Imaging \/ default v\d+/ }).waitFor();
    await drawn(/^ROC curve \(AUC [\d.]+\)$/);
    expect(await detail.locator('caption', { hasText: 'Metrics' }).count()).toBe(1);
    expect(await chart(/^Reliability diagram$/).count()).toBe(1);
    expect(await chart(/^Training: loss per epoch$/).count()).toBe(1);
    expect(await detail.getByText('Intended use', { exact: true }).count()).toBe(1);
    await shot('06-model-registry');

    await page.getByLabel('Module', { exact: true }).selectOption('case-prediction');
    await until(async () => (await rows('case-prediction').count()) > 0 && (await rows('imaging').count()) === 0);
    await detail.getByRole('heading', { name: /^Case prediction \/ / }).waitFor();
    await drawn(/^ROC curve/);
    expect(await chart(/^Reliability diagram$/).count()).toBe(1);

    await page.getByLabel('Module', { exact: true }).selectOption('drug-generation');
    await detail.getByRole('heading', { name: /^Drug generation \/ / }).waitFor();
    await drawn(/^Training: loss per epoch$/);
    expect(await chart(/^ROC curve/).count()).toBe(0);
    await shot('06-model-registry-molecules');
    await page.getByLabel('Module', { exact: true }).selectOption('');
  }, 300_000);

  it('mines a note: concepts marked by negation and uncertainty, de-identified text beside it', async () => {
    await page.getByRole('link', { name: 'Notes' }).click();
    await page.getByRole('button', { name: 'Analyse note' }).click();
    await page.getByTestId('mined-note').waitFor({ timeout: 60_000 });
    expect(await page.locator('mark.concept').count()).toBeGreaterThan(2);
    expect(await page.locator('mark.concept.negated').count()).toBeGreaterThan(0);
    const deid = await page.getByTestId('deid-note').innerText();
    expect(deid).not.toContain('John Example');
    expect(deid).not.toContain('555-201-3344');
    await shot('07-notes');
  });

  it('asks for a risk from the demo model and shows it with the drivers heat map', async () => {
    await waitForDemoModels();
    await page.getByRole('link', { name: 'Risk' }).click();
    await page.getByLabel('Patient').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Predict' }).click();
    expect(await resultOrAlert('.big-number')).toBe(true);
    expect(await page.locator('.heat-map svg rect').count()).toBeGreaterThan(0);
    await shot('08-risk');
  }, 300_000);

  it('uploads a PNG and a DICOM file and shows each prediction with the Grad-CAM overlay', async () => {
    await page.getByRole('link', { name: 'Imaging' }).click();
    await page.getByLabel('Image (DICOM, PNG or JPEG)').setInputFiles({ name: 'square.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByRole('button', { name: 'Classify' }).click();
    expect(await resultOrAlert('[data-testid="gradcam-overlay"]')).toBe(true);
    await page.getByLabel(/Heat map opacity/).fill('0.3');
    expect(await page.getByTestId('gradcam-overlay').getAttribute('style')).toContain('opacity: 0.3');
    await shot('09-imaging');

    await page.getByLabel('Image (DICOM, PNG or JPEG)').setInputFiles(join(root, '../shared/data/dicom/CT_small.dcm'));
    await page.getByRole('button', { name: 'Classify' }).click();
    // The result line names the decoded format; for CT it comes through the DICOM reader.
    await page.getByText(/Grad-CAM on \w+, dicom/i).first().waitFor({ timeout: 50_000 });
    expect(await page.getByTestId('gradcam-overlay').count()).toBe(1);
    await shot('09-imaging-dicom');

    // Window/level happens in the browser: moving the slider redraws the canvas and asks the gateway nothing.
    const canvas = page.getByTestId('windowed-image');
    const canvasPixels = () => canvas.evaluate((element) => (element as unknown as { toDataURL(): string }).toDataURL());
    const [center, width] = ((await canvas.getAttribute('data-window')) ?? '').split('/').map(Number);
    expect(Number.isFinite(center) && width! >= 1).toBe(true);
    const before = await canvasPixels();
    const requests: string[] = [];
    const onRequest = (request: { url(): string }) => requests.push(request.url());
    page.on('request', onRequest);
    const narrower = Math.max(1, Math.round(width! / 4));
    await page.getByLabel(/^Window width/).fill(String(narrower));
    await until(async () => (await canvas.getAttribute('data-window')) === `${center}/${narrower}`);
    await until(async () => (await canvasPixels()) !== before);
    page.off('request', onRequest);
    expect(requests).toEqual([]);
    expect(await page.getByTestId('gradcam-overlay').count()).toBe(1);
    await shot('09-imaging-dicom-window');
  });

  it('generates molecules from the demo model with their drawings', async () => {
    await page.getByRole('link', { name: 'Molecules' }).click();
    await page.getByRole('button', { name: 'Generate' }).click();
    expect(await resultOrAlert('ul.molecules li')).toBe(true);
    expect(await page.locator('ul.molecules li img').count()).toBeGreaterThan(0);
    await shot('10-molecules');

    // The seed is checked as it is typed: a readable error for a bad one, the depiction of a good one.
    const seed = page.getByLabel('Seed molecule (SMILES, optional)');
    await seed.pressSequentially('C1CC', { delay: 20 });
    await page.getByTestId('seed-invalid').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('seed-invalid').innerText()).toContain('not a valid SMILES');
    expect(await page.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(true);
    await seed.fill('');
    await seed.pressSequentially('OC(=O)c1ccccc1OC(C)=O', { delay: 20 });
    const preview = page.getByTestId('seed-preview');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.innerText()).toContain('CC(=O)Oc1ccccc1C(=O)O');
    const depiction = preview.locator('img');
    await until(async () => (await depiction.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth)) > 0);
    expect(await page.getByRole('button', { name: 'Generate' }).isDisabled()).toBe(false);
    await shot('10-molecules-seed');
  });

  it('fits a tablet width and is usable from the keyboard', async () => {
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('link', { name: 'Patients' }).click();
    await page.locator('table.data tbody tr td a').first().click();
    await page.getByRole('heading', { name: 'Conditions' }).waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await shot('11-patient-tablet');

    await page.goto(`${url}/patients`);
    await page.locator('table.data tbody tr').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').innerText()).toBe('Patients');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('answers an unknown page with a message, keeps /health open and the API key-protected', async () => {
    await page.goto(`${url}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    const health = await page.request.get(`${url}/health`);
    expect(health.status()).toBe(200);
    const api = await page.request.post(`${url}/graphql`, { data: { query: '{ system { version } }' } });
    expect(((await api.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(pageErrors).toEqual([]);
  });
});
