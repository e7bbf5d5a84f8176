// Checking what an in-process implementation declares (name, version, capabilities) before it is run, so
// that a report never carries a value its own schema rejects and a misdeclared capability is named.
import { DTYPES, type DType } from '../../oracle/index.js';
import { type Capabilities, type Implementation, UNDECLARED_DTYPES } from './implementation.js';

export class ImplementationShapeError extends Error {
  override name = 'ImplementationShapeError';
}

const show = (v: unknown): string => {
  try {
    return typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  } catch {
    return Object.prototype.toString.call(v);
  }
};

/** The problems with an object offered as an implementation (empty when it is well-formed). */
export function implementationProblems(impl: unknown): string[] {
  if (typeof impl !== 'object' || impl === null) return [`expected an object, got ${show(impl)}`];
  const o = impl as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof o.name !== 'string' || o.name.trim() === '')
    problems.push(`name must be a non-empty string, got ${show(o.name)}`);
  if (o.version !== undefined && typeof o.version !== 'string')
    problems.push(`version must be a string when given, got ${show(o.version)} (${typeof o.version})`);
  if (typeof o.forward !== 'function') problems.push('forward(request) must be a function');
  const caps = o.capabilities;
  if (caps === undefined) return problems;
  if (typeof caps !== 'object' || caps === null || Array.isArray(caps)) {
    problems.push(`capabilities must be an object, got ${show(caps)}`);
    return problems;
  }
  const c = caps as Record<string, unknown>;
  for (const flag of ['init', 'trainMasks', 'cell', 'packed', 'sequenceLengths', 'backward'] as const) {
    if (c[flag] !== undefined && typeof c[flag] !== 'boolean')
      problems.push(`capabilities.${flag} must be true or false, got ${show(c[flag])}`);
  }
  if (c.init === true && typeof o.init !== 'function')
    problems.push('capabilities.init is true but there is no init(request) function');
  if (c.cell === true && typeof o.forwardCell !== 'function')
    problems.push('capabilities.cell is true but there is no forwardCell(request) function');
  if (c.backward === true && typeof o.backward !== 'function')
    problems.push('capabilities.backward is true but there is no backward(request) function');
  if (c.dtypes !== undefined) {
    if (!Array.isArray(c.dtypes))
      problems.push(`capabilities.dtypes must be an array, got ${show(c.dtypes)}`);
    else {
      for (const d of c.dtypes as unknown[]) {
        if (!DTYPES.includes(d as DType))
          problems.push(
            `capabilities.dtypes: unknown dtype ${show(d)} (the suite knows ${DTYPES.join(', ')})`,
          );
      }
    }
  }
  return problems;
}

/** Throws ImplementationShapeError naming every problem, else returns the implementation. */
export function checkImplementationShape(impl: unknown, where = 'the implementation'): Implementation {
  const problems = implementationProblems(impl);
  if (problems.length > 0) throw new ImplementationShapeError(`${where}: ${problems.join('; ')}`);
  return impl as Implementation;
}

/** The dtypes an implementation computes (float32 and float64 when it does not say). */
export function declaredDtypes(capabilities: Capabilities | undefined): DType[] {
  return capabilities?.dtypes ?? [...UNDECLARED_DTYPES];
}
