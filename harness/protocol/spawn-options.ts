// How a subprocess implementation is started and bounded (harness/protocol/subprocess.ts, child.ts).
import type { Encoding } from './wire.js';

export interface SpawnOptions {
  /** Per request, the hello included. Default 30 s; Infinity for no limit. */
  timeoutMs?: number;
  /**
   * Longest stdout line accepted, in bytes, for every line. Default: 64 MiB, or for the answer to a call
   * whatever more its output can need (spec/protocol.md, section 6).
   */
  maxLineBytes?: number;
  /** The tensor encodings offered in the hello, in order of preference. Default: base64-f64le, json. */
  encodings?: Encoding[];
  cwd?: string;
  /** Added to the harness's environment. */
  env?: Record<string, string | undefined>;
}

export type Settings = Required<Pick<SpawnOptions, 'timeoutMs' | 'maxLineBytes'>> & SpawnOptions;
