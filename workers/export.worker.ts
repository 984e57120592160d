/**
 * The export worker: runs the .vrma / .bvh / OpenPose exporters (src/record) off the main thread so a
 * long recording exports without freezing the page. Spawned by src/record/export-client.ts.
 */
import * as Comlink from 'comlink';
import { inlineExportApi, type ExportApi } from '../src/record/export-api';

const api: ExportApi = {
  async vrma(clip, rest, options) {
    const bytes = await inlineExportApi.vrma(clip, rest, options);
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  bvh: (clip, rest, options) => inlineExportApi.bvh(clip, rest, options),
  async openPose(clips, options) {
    const out = await inlineExportApi.openPose(clips, options);
    return Comlink.transfer(out, [out.zip.buffer]);
  },
};

Comlink.expose(api);
