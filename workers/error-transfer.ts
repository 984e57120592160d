/**
 * Makes PoseEngineError cross the comlink boundary intact. Comlink's own 'throw' handler keeps only
 * message/name/stack, so callers would lose `code` (what the UI and tests branch on). Importing this
 * module installs the replacement; both the worker and the main thread must import it.
 */
import { transferHandlers, type TransferHandler } from 'comlink';
import { isPoseEngineError, PoseEngineError, POSE_ERROR_CODES, type PoseErrorCode } from '../src/pose/errors';

/** What comlink hands a 'throw' handler: the thrown value wrapped with comlink's private marker. */
interface Thrown {
  value: unknown;
}

type Wire =
  | { isError: true; value: { name: string; message: string; stack?: string; code?: PoseErrorCode } }
  | { isError: false; value: unknown };

const base = transferHandlers.get('throw') as TransferHandler<Thrown, Wire> | undefined;
if (!base) throw new Error("comlink has no 'throw' transfer handler to extend");

const handler: TransferHandler<Thrown, Wire> = {
  canHandle: (value): value is Thrown => base.canHandle(value),
  serialize(thrown) {
    const e = thrown.value;
    if (isPoseEngineError(e)) {
      return [{ isError: true, value: { name: e.name, message: e.message, stack: e.stack, code: e.code } }, []];
    }
    return base.serialize(thrown);
  },
  deserialize(wire) {
    if (wire.isError && wire.value.name === 'PoseEngineError' && POSE_ERROR_CODES.includes(wire.value.code as PoseErrorCode)) {
      const err = new PoseEngineError(wire.value.code as PoseErrorCode, wire.value.message);
      // Keep the worker's stack: it points at the real failure, not at comlink's message handler.
      if (wire.value.stack) err.stack = wire.value.stack;
      throw err;
    }
    return base.deserialize(wire);
  },
};

transferHandlers.set('throw', handler as TransferHandler<unknown, unknown>);
