// The suite's teeth: every faulty GRU fails the default profile (CI seed) under the clause it breaks, with the
// localisation that points at its fault where it names one, and the diagnosis names the variant of every
// variant-type fault. The whole kill matrix (every check against every fault) is regenerated and compared in
// CI by `npm run teeth:matrix -- --check`.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Check } from '../../harness/checks/types.js';
import { describeDiagnosis, diagnose } from '../../harness/diagnosis/diagnose.js';
import { describeCellDiagnosis, diagnoseCell } from '../../harness/diagnosis/diagnose-cell.js';
import { describeGradDiagnosis, diagnoseGrad } from '../../harness/diagnosis/diagnose-grad.js';
import { defaultProfile } from '../../harness/profile.js';
import { runDtypes } from '../../harness/runner.js';
import { FAULTY_GRUS } from './catalogue.js';
import { firstCatch } from './caught.js';
import { CI_OPTIONS } from './kill-matrix.js';

let profile: Check[];
beforeAll(() => {
  profile = defaultProfile();
});

describe(`${FAULTY_GRUS.length} faulty GRUs against the default profile`, () => {
  it.each(FAULTY_GRUS.map((f) => [f.clause, f.id, f] as const))(
    '%s: %s is caught under the clause it breaks',
    async (clause, _id, fault) => {
      const caught = await firstCatch(fault, profile);
      expect(caught, `no check citing ${clause} fails`).not.toBeNull();
      expect(caught!.failure?.message).toBeTruthy();
      if (fault.where !== undefined) {
        expect(caught!.failure?.localisation?.summary, `${caught!.id}: ${caught!.failure?.message}`).toMatch(
          fault.where,
        );
      }
    },
  );

  const variantFaults = FAULTY_GRUS.filter((f) => f.variant !== undefined);
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
