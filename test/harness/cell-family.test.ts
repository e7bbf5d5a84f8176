// The cell family (capability `cell`): the oracle passes it whole, an implementation without the cell skips it
// without making the run incomplete, a rejection naming another cell clause fails, the cell goldens are
// sha256-verified, and the diagnosis names the variant a wrong cell computes.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CELL_GOLDEN_DIR, loadCellManifest, verifyCellGoldens } from '../../harness/cases/cell-goldens.js';
import { GoldenIntegrityError } from '../../harness/cases/goldens.js';
import { CELL_PROPERTY_CHECKS, cellGoldenChecks } from '../../harness/checks/cell.js';
import { INVALID_CHECKS } from '../../harness/checks/invalid.js';
import { NUMERIC_CHECKS } from '../../harness/checks/numeric.js';
import { cellAsGruRequest, type GruCellRequest } from '../../harness/contract/cell-request.js';
import type { Implementation } from '../../harness/contract/implementation.js';
import { implementationProblems } from '../../harness/contract/implementation-shape.js';
import { oracleImplementation } from '../../harness/contract/oracle-implementation.js';
import { describeCellDiagnosis, diagnoseCell } from '../../harness/diagnosis/diagnose-cell.js';
import { runChecks } from '../../harness/runner.js';
import { mergeReports } from '../../harness/shard/merge.js';
import { shardOf } from '../../harness/shard/shard.js';
import { EQUATION_VARIANTS, KNOWN_VARIANTS, type VariantId } from '../../harness/variants/registry.js';
import { type VariantSwitches, variantForward } from '../../harness/variants/variant-gru.js';
import { GruSpecError } from '../../oracle/index.js';

const OPTIONS = { seed: 11, runs: 40, dtypes: ['float32', 'float64'] as ('float32' | 'float64')[] };
const cellChecks = () => [...cellGoldenChecks(), ...CELL_PROPERTY_CHECKS];

/** The oracle's nn.GRU with the cell of a variant GRU: one step of it (gru.cell.step). */
function variantCell(id: string, switches: VariantSwitches): Implementation {
  return {
    name: `cell of ${id}`,
    capabilities: { cell: true },
    forward: oracleImplementation.forward,
    forwardCell(r: GruCellRequest) {
      oracleImplementation.forwardCell!(r); // the oracle's checks first
      const hN = variantForward(switches, cellAsGruRequest(r)).h_n;
      return { h: { ...hN, shape: [...r.input.shape.slice(0, -1), hN.shape.at(-1)!] } };
    },
  };
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe('the cell family', () => {
  it('gru.cell.step: the oracle passes every cell check, naming every error clause (strict)', async () => {
    const report = await runChecks(oracleImplementation, cellChecks(), { ...OPTIONS, strictClauses: true });
    expect(
      report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.failure?.message}`),
    ).toEqual([]);
    expect(report.summary.warnings).toBe(0);
    expect(
      report.checks.every((c) => c.family === 'cell' && c.clauses.every((id) => id.startsWith('gru.cell.'))),
    ).toBe(true);
    expect(report.clauses.filter((c) => c.id.startsWith('gru.cell.') && c.status !== 'pass')).toEqual([]);
  });

  it('gru.cell.signature: without the cell capability the family is skipped and the run stays complete', async () => {
    const { forwardCell: _dropped, ...gruOnly } = oracleImplementation;
    const plain: Implementation = { ...gruOnly, capabilities: { trainMasks: true } };
    const checks = [...INVALID_CHECKS.slice(0, 1), ...cellChecks()];
    const report = await runChecks(plain, checks, OPTIONS);
    expect(report.verdict).toBe('conformant');
    const cell = report.checks.filter((c) => c.family === 'cell');
    expect(cell.every((c) => c.status === 'skip' && c.skipKind === 'capability')).toBe(true);
    expect(cell[0].skipReason).toMatch(/cell capability/);
  });

  it('gru.cell.signature: capabilities.cell without forwardCell is a clear shape error', () => {
    const { forwardCell: _dropped, ...gruOnly } = oracleImplementation;
    expect(implementationProblems({ ...gruOnly, capabilities: { cell: true } })).toEqual([
      'capabilities.cell is true but there is no forwardCell(request) function',
    ]);
    expect(implementationProblems({ ...gruOnly, capabilities: { cell: 'yes' } })).toEqual([
      "capabilities.cell must be true or false, got 'yes'",
    ]);
  });

  it('gru.cell.err-batch-mismatch: a rejection naming another clause fails as wrong-clause (goldens and generated)', async () => {
    const misfiled: Implementation = {
      ...oracleImplementation,
      forwardCell(r) {
        try {
          return oracleImplementation.forwardCell!(r);
        } catch (e) {
          if (!(e instanceof GruSpecError) || e.clause !== 'gru.cell.err-batch-mismatch') throw e;
          throw Object.assign(new Error(e.message), { clause: 'gru.cell.err-hidden-size' });
        }
      },
    };
    const checks = cellChecks().filter((c) => c.clauses.includes('gru.cell.err-batch-mismatch'));
    expect(checks.map((c) => c.id).sort()).toEqual([
      'cell.error.batch-mismatch',
      'cell.error.generated.batch-mismatch',
    ]);
    const report = await runChecks(misfiled, checks, OPTIONS);
    for (const c of report.checks) {
      expect(c.failure?.kind, c.id).toBe('wrong-clause');
      expect(c.failure?.message).toMatch(
        /named gru\.cell\.err-hidden-size, but the call breaks gru\.cell\.err-batch-mismatch/,
      );
    }
    expect(report.diagnosis).toBeUndefined(); // invalid calls judged are not wrong values
  });

  it('gru.cell.step: a cell golden changed after generation stops the run, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cell-goldens-'));
    scratch.push(dir);
    cpSync(CELL_GOLDEN_DIR, dir, { recursive: true });
    const manifest = loadCellManifest(dir);
    expect(() => verifyCellGoldens(manifest, dir)).not.toThrow();
    const entry = manifest.cases[3];
    writeFileSync(join(dir, entry.file), '{}');
    expect(() => verifyCellGoldens(manifest, dir)).toThrow(GoldenIntegrityError);
    expect(() => verifyCellGoldens(manifest, dir)).toThrow(
      new RegExp(`cell golden ${entry.id}: .*\\(sha256 `),
    );
  });

  const cellVariants: VariantId[] = [
    ...EQUATION_VARIANTS.map((v) => v.id),
    'hx-ignored',
    'overflowing-tanh',
    'inputs-rounded-to-float32',
  ];
  it.each(cellVariants)('gru.cell.step: the diagnosis names the %s variant of a cell', async (id) => {
    const v = KNOWN_VARIANTS.find((x) => x.id === id)!;
    const text = describeCellDiagnosis(
      await diagnoseCell(variantCell(id, v.switches), ['float32', 'float64']),
    );
    expect(text).toContain(`nn.GRUCell computes the ${id} variant`);
  });

  it("gru.cell.step: a run's wrong cell values carry the cell's diagnosis, its nn.GRU none", async () => {
    const impl = variantCell('gate-order-zrn', { zrnOrder: true });
    const checks = CELL_PROPERTY_CHECKS.filter((c) => c.id === 'cell.numeric.step');
    const report = await runChecks(impl, checks, OPTIONS);
    expect(report.verdict).toBe('not-conformant');
    expect(report.diagnosis).toMatch(/^nn\.GRUCell computes the gate-order-zrn variant/);
    expect(report.checks[0].failure?.diagnosis).toBe(report.diagnosis);
  });
});

describe('the diagnosis of a run with wrong nn.GRU and nn.GRUCell values', () => {
  // also: gru.eq.gate-order
  it('gru.cell.step: names both, each on its own failures, and a merge of shards words it as the whole run', async () => {
    const impl: Implementation = {
      ...variantCell('gate-order-zrn', { zrnOrder: true }),
      forward: (r) => variantForward({ zrnOrder: true }, r),
    };
    const checks = [
      ...NUMERIC_CHECKS.filter((c) => c.id === 'numeric.one-step'),
      ...CELL_PROPERTY_CHECKS.slice(0, 1),
    ];
    const whole = await runChecks(impl, checks, OPTIONS);
    expect(whole.diagnosis).toMatch(
      /^computes the gate-order-zrn variant: .*; nn\.GRUCell computes the gate-order-zrn variant: /,
    );
    const [gru, cell] = whole.checks;
    expect(gru.failure?.diagnosis).toMatch(/^computes the gate-order-zrn variant/);
    expect(cell.failure?.diagnosis).toMatch(/^nn\.GRUCell computes the gate-order-zrn variant/);
    const shards = await Promise.all(
      [1, 2].map(async (index) => {
        const shard = { index, count: 2, total: checks.length };
        const report = await runChecks(impl, shardOf(checks, shard), { ...OPTIONS, shard });
        return { source: `shard ${index}`, report };
      }),
    );
    expect(shards.map((s) => s.report.diagnosis?.startsWith('nn.GRUCell'))).toEqual([false, true]);
    expect(mergeReports(shards).report.diagnosis).toBe(whole.diagnosis);
  });
});
