/** The one error type the converter throws: a message that names the model, node or file at fault. */
export class TfjsToOnnxError extends Error {
  override readonly name = 'TfjsToOnnxError';
}
