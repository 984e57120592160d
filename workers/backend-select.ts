/**
 * Choosing the onnxruntime backend in the worker: WebGPU when asked for (or 'auto') and the browser
 * gives an adapter, else WASM; and the WASM thread/SIMD settings that must be fixed before
 * onnxruntime starts.
 */
import { PoseEngineError } from '../src/pose/errors';
import type { Backend, BackendPreference } from '../src/pose/estimator-api';

/** The slice of WebGPU's API used here (the DOM lib in TypeScript 5.9 has no WebGPU types). */
interface WebGpuAdapter {
  readonly info?: { readonly isFallbackAdapter?: boolean; readonly architecture?: string; readonly vendor?: string };
  /** Before Chrome 136 the flag lived on the adapter itself. */
  readonly isFallbackAdapter?: boolean;
}
interface WebGpu {
  requestAdapter(): Promise<WebGpuAdapter | null>;
}

export interface BackendChoice {
  backend: Backend;
  /** Why 'auto' fell back to WASM. */
  fallbackReason?: string;
}

/**
 * Picks the backend for `preference`. 'auto' takes WebGPU only on a hardware adapter; an explicit
 * 'webgpu' takes any adapter (tests use SwiftShader's) and throws 'backend-unavailable' without one.
 */
export async function chooseBackend(preference: BackendPreference): Promise<BackendChoice> {
  if (preference === 'wasm') return { backend: 'wasm' };
  let why: string;
  const gpu = (navigator as Navigator & { gpu?: WebGpu }).gpu;
  if (!gpu) {
    why = 'this browser has no navigator.gpu';
  } else {
    try {
      const adapter = await gpu.requestAdapter();
      // onnxruntime requests its own adapter (handing ours over via env.webgpu.adapter is deprecated).
      if (!adapter) {
        why = 'no GPU adapter (WebGPU disabled or GPU blocklisted)';
      } else if (preference === 'auto' && (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter)) {
        // A software adapter (SwiftShader) runs this network ~200x slower than WASM.
        why = `only a software adapter (${adapter.info?.architecture || adapter.info?.vendor || 'fallback'}), far slower than WASM`;
      } else {
        return { backend: 'webgpu' };
      }
    } catch (e) {
      why = `requestAdapter failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const fallbackReason = `WebGPU not available: ${why}`;
  if (preference === 'webgpu') throw new PoseEngineError('backend-unavailable', fallbackReason);
  return { backend: 'wasm', fallbackReason };
}

/**
 * WASM threads: the caller's number, else every core when the page is crossOriginIsolated, else 1.
 * Without isolation there is no SharedArrayBuffer, so more than 1 would only make onnxruntime warn.
 */
export function wasmThreads(requested?: number): number {
  if (!self.crossOriginIsolated) return 1;
  const n = requested ?? navigator.hardwareConcurrency ?? 1;
  return Math.max(1, Math.floor(n));
}

/** The smallest module using a v128 instruction: validates only where WebAssembly SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether WebAssembly SIMD is available (onnxruntime-web 1.30 ships SIMD builds only). */
export const wasmSimdSupported = (): boolean => WebAssembly.validate(SIMD_PROBE);
