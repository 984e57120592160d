/** Constants shared by the record-panel test page and its Node test (no DOM code here). */

/** Synthetic capture rate. */
export const FPS = 30;
/** Timestamp of the first synthetic frame (ms, like performance.now() some time after page load). */
export const T0_MS = 1234;
