// The suite's teeth: every faulty GRU fails the default profile (CI seed) under the clause it breaks, with the
// localisation that points at its fault where it names one, and the diagnosis names the variant of every
// variant-type fault. The whole kill matrix (every check against every fault) is regenerated and compared in
// CI by `npm run teeth:matrix -- --check`. The catalogue is run in three test files (teeth*.test.ts), one part
// each, so that vitest spreads them over the cores; teeth.test.ts checks the parts cover it exactly once.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../harness/checks/types.js';
import { describeDiagnosis, diagnose } from '../../harness/diagnosis/diagnose.js';
import { describeCellDiagnosis, diagnoseCell } from '../../harness/diagnosis/diagnose-cell.js';
import { describeGradDiagnosis, diagnoseGrad } from '../../harness/diagnosis/diagnose-grad.js';
import { defaultProfile } from '../../harness/profile.js';
import { runDtypes } from '../../harness/runner.js';
import { FAULTY_GRUS, type FaultyGru } from './catalogue.js';
import { cellFaults } from './catalogue-cell.js';
import { gradFaults } from './catalogue-grad.js';
import { halfFaults } from './catalogue-half.js';
import { packedFaults } from './catalogue-packed.js';
import { firstCatch } from './caught.js';
import { CI_OPTIONS } from './kill-matrix.js';

/** The catalogue in three parts of similar cost: nn.GRU's own faults, the half-precision ones, and the others. */
const familyFaults = new Set<FaultyGru>([...cellFaults, ...packedFaults, ...gradFaults]);
const halfSet = new Set<FaultyGru>(halfFaults);
export const TEETH_PARTS = {
  gru: FAULTY_GRUS.filter((f) => !familyFaults.has(f) && !halfSet.has(f)),
  half: FAULTY_GRUS.filter((f) => halfSet.has(f)),
  families: FAULTY_GRUS.filter((f) => familyFaults.has(f)),
};

/** Every fault of `faults` is caught under its clause, and its diagnosis names its variant. */
export function describeTeeth(part: string, faults: readonly FaultyGru[]): void {
  let profile: Check[];
  beforeAll(() => {
    profile = defaultProfile();
  });
  describe(`${faults.length} faulty GRUs (${part}) against the default profile`, () => {
    it.each(faults.map((f) => [f.clause, f.id, f] as const))(
      '%s: %s is caught under the clause it breaks',
      async (clause, _id, fault) => {
        const caught = await firstCatch(fault, profile);
        expect(caught, `no check citing ${clause} fails`).not.toBeNull();
        expect(caught!.failure?.message).toBeTruthy();
        if (fault.where !== undefined) {
          expect(
            caught!.failure?.localisation?.summary,
            `${caught!.id}: ${caught!.failure?.message}`,
          ).toMatch(fault.where);
        }
      },
    );

    const variantFaults = faults.filter((f) => f.variant !== undefined);
    it.each(variantFaults.map((f) => [f.clause, f.id, f.variant!, f] as const))(
      '%s: the diagnosis of %s names the %s variant',
      async (clause, _id, variant, fault) => {
        // a faulty cell's nn.GRU is right: the cell's diagnosis names its variant; a faulty backward's, the backward's
        const text = clause.startsWith('gru.cell.')
          ? describeCellDiagnosis(await diagnoseCell(fault, runDtypes(fault, CI_OPTIONS.dtypes)))
          : clause.startsWith('gru.grad.')
            ? describeGradDiagnosis(await diagnoseGrad(fault, runDtypes(fault, CI_OPTIONS.dtypes)))
            : describeDiagnosis(await diagnose(fault, runDtypes(fault, CI_OPTIONS.dtypes)));
        expect(text).toContain(`computes the ${variant} variant`);
      },
    );
  });
}
