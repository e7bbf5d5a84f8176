// A failure's evidence, kept only when the run asks for it (--dump): settled into plain data at the failure a
// check reports, never for the many failing candidates a property shrinks through.
import { type Evidence, type PendingEvidence, settleEvidence } from '../judging/evidence.js';
import type { CheckContext } from './types.js';

export function evidenceField(
  ctx: Pick<CheckContext, 'evidence'>,
  pending: PendingEvidence | undefined,
): { evidence?: Evidence } {
  return ctx.evidence === true && pending !== undefined ? { evidence: settleEvidence(pending) } : {};
}
