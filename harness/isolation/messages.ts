// The messages between the harness and an implementation isolated in a worker thread.
import type { GruBackwardRequest } from '../contract/backward-request.js';
import type { GruCellRequest } from '../contract/cell-request.js';
import type { Capabilities, InitRequest } from '../contract/implementation.js';
import type { GruRequest } from '../contract/request.js';

export type ToWorker =
  | { type: 'forward'; id: number; request: GruRequest }
  | { type: 'init'; id: number; request: InitRequest }
  | { type: 'cell'; id: number; request: GruCellRequest }
  | { type: 'backward'; id: number; request: GruBackwardRequest }
  | { type: 'close' };

export type ToHost =
  | {
      type: 'ready';
      name: string;
      version?: string;
      capabilities?: Capabilities;
      hasInit: boolean;
      /** It has forwardCell(request) (capability `cell`). */
      hasCell?: boolean;
      /** It has backward(request) (capability `backward`). */
      hasBackward?: boolean;
    }
  | { type: 'load-error'; message: string }
  /** What forward, init, forwardCell or backward returned, as the structured clone copied it out of the worker. */
  | { type: 'value'; id: number; value: unknown }
  | { type: 'rejected'; id: number; message: string; clause?: string }
  | { type: 'unreadable'; id: number; message: string }
  /** It answered, but changed the request's tensors (gru.shape.inputs-unchanged): `message` says where. */
  | { type: 'changed-request'; id: number; message: string }
  | { type: 'closed' };
