// The one error type of the oracle: every rejected call names the spec clause it violates.

/** A call that nn.GRU rejects (or that the spec does not define), identified by clause id. */
export class GruSpecError extends Error {
  readonly clause: string;
  /** The offending values, for reports. */
  readonly details: Record<string, unknown>;

  constructor(clause: string, message: string, details: Record<string, unknown> = {}) {
    super(`${clause}: ${message}`);
    this.name = 'GruSpecError';
    this.clause = clause;
    this.details = details;
  }
}

/** Python's repr of a JSON-like value, for messages that quote what the caller passed. */
export function pyRepr(value: unknown): string {
  if (value === undefined) return '<missing>';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' && Number.isNaN(value)) return 'nan';
  return JSON.stringify(value) ?? String(value);
}

/** Python's type name of a JSON-like value. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}
