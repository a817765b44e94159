// Runs an original TensorFlow.js graph model on given inputs with the pure-JS CPU backend or the WASM backend,
// as the reference that DanceLens's TF.js -> ONNX importer is checked against.
//
//   node run-tfjs.mjs --model /abs/model.json --dir WORKDIR [--backend cpu|wasm] [--repeat N]
//
// WORKDIR/request.json: {"outputs": ["Identity:0", ...] (optional; default: the signature's outputs),
//                        "runs": [{"inputs": [{"name": "input:0", "dtype": "float32"|"int32", "shape": [...], "file": "r0_i0.bin"}]}]}
// Tensor files are raw little-endian values. Writes WORKDIR/response.json:
//   {"backend": "...", "runs": [{"outputs": [{"name": "...", "shape": [...], "file": "r0_o0.bin"}]}],
//    "msPerInference": x, "repeat": N, "loadMs": y}
// Every output is written as float32. On failure: one line on stderr, exit code 1.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as wasm from '@tensorflow/tfjs-backend-wasm';
import * as converter from '@tensorflow/tfjs-converter';
import { fileHandler } from './fs-handler.mjs';

function arg(name, dflt) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}

function readTensor(dir, t) {
  const buf = fs.readFileSync(path.join(dir, t.file));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const data = t.dtype === 'int32' ? new Int32Array(ab) : new Float32Array(ab);
  return tf.tensor(data, t.shape, t.dtype);
}

// TF.js prints advice (install tfjs-node, use execute()) through console.warn; the Java side reads only files.
console.warn = () => {};

async function main() {
  const modelJson = arg('model');
  const dir = arg('dir');
  const backend = arg('backend', 'cpu');
  const repeat = parseInt(arg('repeat', '1'), 10);
  if (!modelJson || !dir) throw new Error('usage: run-tfjs.mjs --model model.json --dir WORKDIR [--backend cpu|wasm] [--repeat N]');
  if (backend === 'wasm') {
    const here = path.dirname(fileURLToPath(import.meta.url));
    wasm.setWasmPaths(path.join(here, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist') + path.sep);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const request = JSON.parse(fs.readFileSync(path.join(dir, 'request.json'), 'utf8'));
  const t0 = performance.now();
  const model = await converter.loadGraphModel(fileHandler(modelJson));
  const loadMs = performance.now() - t0;
  const outputNames = request.outputs && request.outputs.length ? request.outputs : model.outputNodes;
  const response = { backend: tf.getBackend(), runs: [], repeat, loadMs };
  let totalMs = 0;
  let timed = 0;
  for (let r = 0; r < request.runs.length; r++) {
    const feeds = {};
    for (const t of request.runs[r].inputs) feeds[t.name] = readTensor(dir, t);
    // execute() where the graph allows it (no control flow / dynamic shapes), executeAsync() otherwise.
    let syncOk = true;
    const exec = async () => {
      let out;
      if (syncOk) {
        try {
          out = model.execute(feeds, outputNames);
        } catch (e) {
          syncOk = false;
        }
      }
      if (!syncOk) out = await model.executeAsync(feeds, outputNames);
      return Array.isArray(out) ? out : [out];
    };
    // One untimed run (warm-up), then `repeat` timed runs; the outputs of the last run are written.
    let outs = await exec();
    for (let k = 0; k < repeat; k++) {
      tf.dispose(outs);
      const s = performance.now();
      outs = await exec();
      await Promise.all(outs.map((o) => o.data()));
      totalMs += performance.now() - s;
      timed++;
    }
    const written = [];
    for (let k = 0; k < outs.length; k++) {
      const f32 = tf.cast(outs[k], 'float32');
      const data = await f32.data();
      const file = `r${r}_o${k}.bin`;
      fs.writeFileSync(path.join(dir, file), Buffer.from(new Float32Array(data).buffer));
      written.push({ name: outputNames[k], shape: outs[k].shape, file });
      f32.dispose();
    }
    tf.dispose(outs);
    tf.dispose(Object.values(feeds));
    response.runs.push({ outputs: written });
  }
  response.msPerInference = timed ? totalMs / timed : null;
  fs.writeFileSync(path.join(dir, 'response.json'), JSON.stringify(response));
}

main().catch((e) => {
  process.stderr.write(`run-tfjs: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
