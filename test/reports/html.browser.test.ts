// The HTML report in a real browser (Debian's chromium, driven by playwright-core; .ci/run installs it): a failing
// and a passing report load with no console error and no request, every plot has drawn marks, and screenshots
// are kept under test-artifacts/reports/ (CI keeps that folder).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownPage } from '../../harness/report/markdown-page.js';
import { cli, ROOT } from '../helpers/cli.js';

const CHROMIUM =
  process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync);
const SHOTS = join(ROOT, 'test-artifacts', 'reports');
const dir = mkdtempSync(join(tmpdir(), 'gru-html-'));
const RUN = [
  '--only',
  'numeric.one-step,numeric.bidirectional,numeric.layers,relation.eq,golden.edge-batch',
  '--runs',
  '8',
  '--workers',
  '1',
  '-q',
];
const REPORTS = {
  failing: { impl: 'examples/js/gru-swapped-gates.js', verdict: 'NOT-CONFORMANT' },
  passing: { impl: 'examples/js/gru.js', verdict: 'CONFORMANT' },
} as const;

if (CHROMIUM === undefined)
  console.warn(
    'test/reports/html.browser.test.ts: skipped, no chromium (apt-get install -y chromium; .ci/run does)',
  );

describe.skipIf(CHROMIUM === undefined)('the HTML report in headless chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await Promise.all(
      Object.entries(REPORTS).map(([name, r]) =>
        cli('check', r.impl, ...RUN, '--report-html', join(dir, `${name}.html`)),
      ),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each(Object.keys(REPORTS) as (keyof typeof REPORTS)[])(
    'gru.num.tolerance: the %s report loads offline with no console error, and every plot has drawn marks',
    async (name) => {
      const file = join(dir, `${name}.html`);
      expect(readFileSync(file, 'utf8')).not.toMatch(/<script|<link |src="http|href="http/);
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) requests.push(r.url());
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      expect(await page.textContent('#verdict')).toBe(REPORTS[name].verdict);
      const plots = await page.$$('.plot');
      expect(plots.length).toBeGreaterThan(name === 'failing' ? 1 : 0);
      for (const plot of plots) {
        const marks = await plot.$$eval(
          'svg g.role-mark path, svg g.role-mark rect',
          (els) => els.filter((e) => e.getBoundingClientRect().width > 0).length,
        );
        expect(marks, await plot.evaluate((e) => e.id || e.className)).toBeGreaterThan(0);
      }
      if (name === 'failing') expect(await page.$$('.heatmap svg')).not.toHaveLength(0);
      await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
      await page
        .locator('.plot')
        .first()
        .screenshot({ path: join(SHOTS, `${name}-distribution.png`) });
      if (name === 'failing')
        await page
          .locator('.heatmap')
          .first()
          .screenshot({ path: join(SHOTS, `${name}-heatmap.png`) });
      await page.close();
      expect(problems).toEqual([]);
      expect(requests).toEqual([]);
    },
  );

  it.each([
    ['conformance matrix', 'adapters/CONFORMANCE-MATRIX.md'],
    ['kill matrix', 'test/faulty/KILL-MATRIX.md'],
  ])('gru.num.tolerance: the %s page shows every row of its Markdown table', async (name, source) => {
    const markdown = readFileSync(join(ROOT, source), 'utf8');
    const file = join(dir, `${name.replace(' ', '-')}.html`);
    writeFileSync(file, markdownPage(name, markdown));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const tableRows = markdown.split('\n').filter((l) => l.startsWith('|')).length;
    const tables = markdown.split('\n').filter((l) => /^\|[\s:|-]+\|$/.test(l.trim())).length;
    expect(await page.$$eval('tr', (rows) => rows.length)).toBe(tableRows - tables);
    await page.screenshot({ path: join(SHOTS, `${name.replace(' ', '-')}.png`) });
    await page.close();
    expect(problems).toEqual([]);
  });
});
