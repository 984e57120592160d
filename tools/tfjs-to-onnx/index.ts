/** TFJS graph model → ONNX converter (see convert.ts for the layout conventions). */
export { convertTfjsToOnnx, defaultOutputs, type ConvertOptions, type ConvertResult } from './convert';
export { BATCH_DIM } from './context';
export { TfjsToOnnxError } from './errors';
export { encodeOnnxModel, type OnnxModel, type OnnxValueInfo } from './onnx-proto';
export { modelFiles, readTfjsModel, type TfjsModelArtifacts, type TfjsModelJson } from './tfjs-model';
export { decodeWeights, type ConstTensor } from './weights';
