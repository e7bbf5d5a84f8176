// The teeth of the suite against nn.GRU's own faults (test/faulty/teeth.ts), and the split of the catalogue.
import { describe, expect, it } from 'vitest';
import { FAULTY_GRUS } from './catalogue.js';
import { describeTeeth, TEETH_PARTS } from './teeth.js';

describe('the teeth files', () => {
  it('gru.num.tolerance: the three parts hold every faulty GRU of the catalogue exactly once', () => {
    const parts = Object.values(TEETH_PARTS).flat();
    expect(parts.map((f) => f.id).sort()).toEqual(FAULTY_GRUS.map((f) => f.id).sort());
    expect(new Set(parts.map((f) => f.id)).size).toBe(FAULTY_GRUS.length);
  });
});

describeTeeth('nn.GRU, float32 and float64', TEETH_PARTS.gru);
