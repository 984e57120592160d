import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import '../../workers/error-transfer';
import { PoseEngineError } from '../../src/pose/errors';

/** Both ends in one process over a real MessageChannel: the same path as the worker boundary. */
function connect<T>(obj: T): { remote: Comlink.Remote<T>; close(): void } {
  const { port1, port2 } = new MessageChannel();
  Comlink.expose(obj, port1 as unknown as Comlink.Endpoint);
  const remote = Comlink.wrap<T>(port2 as unknown as Comlink.Endpoint);
  return { remote, close: () => (port1.close(), port2.close()) };
}

describe('error transfer over comlink', () => {
  let close = (): void => undefined;
  afterEach(() => close());

  it('rebuilds a PoseEngineError with its code and message', async () => {
    const c = connect({
      fail(): void {
        throw new PoseEngineError('model-truncated', 'models/x.onnx is truncated: 1 of 2 bytes');
      },
    });
    close = c.close;
    const err = await c.remote.fail().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PoseEngineError);
    expect(err).toMatchObject({ name: 'PoseEngineError', code: 'model-truncated', message: 'models/x.onnx is truncated: 1 of 2 bytes' });
  });

  it('leaves other errors and thrown values to comlink', async () => {
    const c = connect({
      fail(): void {
        throw new RangeError('bad height');
      },
      throwValue(): void {
        throw 42;
      },
    });
    close = c.close;
    const err = await c.remote.fail().catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(PoseEngineError);
    expect(err).toMatchObject({ name: 'RangeError', message: 'bad height' });
    await expect(c.remote.throwValue()).rejects.toBe(42);
  });
});
