// A tf.io handler that loads a TF.js graph model (model.json + weight shards) from disk, without tfjs-node.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function fileHandler(modelJson) {
  return {
    load: async () => {
      const folder = path.dirname(path.resolve(modelJson));
      const model = JSON.parse(fs.readFileSync(modelJson, 'utf8'));
      const specs = [];
      const buffers = [];
      for (const group of model.weightsManifest || []) {
        for (const p of group.paths) {
          const file = path.resolve(folder, p);
          if (!file.startsWith(folder + path.sep)) throw new Error(`weight path ${p} leaves the model folder`);
          buffers.push(fs.readFileSync(file));
        }
        specs.push(...group.weights);
      }
      const all = Buffer.concat(buffers);
      return {
        modelTopology: model.modelTopology, weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
        format: model.format, generatedBy: model.generatedBy, convertedBy: model.convertedBy,
        signature: model.signature, userDefinedMetadata: model.userDefinedMetadata, modelInitializer: model.modelInitializer,
      };
    },
  };
}
