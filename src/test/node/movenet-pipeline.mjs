// Reference MoveNet pipeline in TF.js, after the MoveNet tutorial (single pose with crop feedback, or multipose on
// the frame padded to a square), to check DanceLens's own pre- and post-processing end to end.
//
//   node movenet-pipeline.mjs --model /abs/model.json --dir WORKDIR --mode single|multi --size 192|256
//
// WORKDIR/frames.json: {"width": W, "height": H, "files": ["f0.rgb", ...]} (raw RGB uint8, row-major, one per frame)
// Writes WORKDIR/keypoints.json: {"frames": [[{"keypoints": [[x, y, score] x 17], "crop": [y0, x0, y1, x1] (single) |
// "score": s (multi)} per person] per frame]}, keypoints in frame pixels, crops normalised.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as converter from '@tensorflow/tfjs-converter';
import { fileHandler } from './fs-handler.mjs';

console.warn = () => {};

function arg(name, dflt) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : dflt;
}


const MIN_CROP_KEYPOINT_SCORE = 0.2;
const KP = { leftShoulder: 5, rightShoulder: 6, leftHip: 11, rightHip: 12 };

// The tutorial's init_crop_region: the whole image, padded to a square.
function initCropRegion(h, w) {
  if (w > h) {
    const boxH = w / h;
    const yMin = (h / 2 - w / 2) / h;
    return { yMin, xMin: 0, yMax: yMin + boxH, xMax: 1 };
  }
  const boxW = h / w;
  const xMin = (w / 2 - h / 2) / w;
  return { yMin: 0, xMin, yMax: 1, xMax: xMin + boxW };
}

function torsoVisible(kp) {
  return (kp[KP.leftHip][2] > MIN_CROP_KEYPOINT_SCORE || kp[KP.rightHip][2] > MIN_CROP_KEYPOINT_SCORE)
    && (kp[KP.leftShoulder][2] > MIN_CROP_KEYPOINT_SCORE || kp[KP.rightShoulder][2] > MIN_CROP_KEYPOINT_SCORE);
}

// The tutorial's determine_crop_region; kp holds [y, x, score] in pixels.
function determineCropRegion(kp, h, w) {
  if (!torsoVisible(kp)) return initCropRegion(h, w);
  const cy = (kp[KP.leftHip][0] + kp[KP.rightHip][0]) / 2;
  const cx = (kp[KP.leftHip][1] + kp[KP.rightHip][1]) / 2;
  let torsoY = 0; let torsoX = 0;
  for (const j of [KP.leftShoulder, KP.rightShoulder, KP.leftHip, KP.rightHip]) {
    torsoY = Math.max(torsoY, Math.abs(cy - kp[j][0]));
    torsoX = Math.max(torsoX, Math.abs(cx - kp[j][1]));
  }
  let bodyY = 0; let bodyX = 0;
  for (let j = 0; j < 17; j++) {
    if (kp[j][2] < MIN_CROP_KEYPOINT_SCORE) continue;
    bodyY = Math.max(bodyY, Math.abs(cy - kp[j][0]));
    bodyX = Math.max(bodyX, Math.abs(cx - kp[j][1]));
  }
  let half = Math.max(torsoX * 1.9, torsoY * 1.9, bodyY * 1.2, bodyX * 1.2);
  half = Math.min(half, Math.max(cx, w - cx, cy, h - cy));
  if (half > Math.max(w, h) / 2) return initCropRegion(h, w);
  const len = half * 2;
  return { yMin: (cy - half) / h, xMin: (cx - half) / w, yMax: (cy - half + len) / h, xMax: (cx - half + len) / w };
}

async function main() {
  const dir = arg('dir');
  const mode = arg('mode', 'single');
  const size = parseInt(arg('size', '192'), 10);
  await tf.setBackend('cpu');
  await tf.ready();
  const model = await converter.loadGraphModel(fileHandler(arg('model')));
  const spec = JSON.parse(fs.readFileSync(path.join(dir, 'frames.json'), 'utf8'));
  const { width: w, height: h } = spec;
  let crop = initCropRegion(h, w);
  const frames = [];
  for (const file of spec.files) {
    const bytes = fs.readFileSync(path.join(dir, file));
    const image = tf.tensor4d(new Float32Array(bytes), [1, h, w, 3]);
    const region = mode === 'single' ? crop : initCropRegion(h, w);
    const cropped = tf.image.cropAndResize(image, [[region.yMin, region.xMin, region.yMax, region.xMax]], [0], [size, size]);
    const input = tf.cast(cropped, 'int32');
    const out = await model.executeAsync(input);
    const data = await out.data();
    const people = [];
    if (mode === 'single') {
      const kp = [];
      for (let j = 0; j < 17; j++) {
        const y = (region.yMin + (region.yMax - region.yMin) * data[j * 3]) * h;
        const x = (region.xMin + (region.xMax - region.xMin) * data[j * 3 + 1]) * w;
        kp.push([y, x, data[j * 3 + 2]]);
      }
      crop = determineCropRegion(kp, h, w);
      people.push({ crop: [region.yMin, region.xMin, region.yMax, region.xMax], keypoints: kp.map(([y, x, s]) => [x, y, s]) });
    } else {
      for (let p = 0; p < 6; p++) {
        const o = p * 56;
        const kp = [];
        for (let j = 0; j < 17; j++) {
          kp.push([(region.xMin + (region.xMax - region.xMin) * data[o + j * 3 + 1]) * w,
            (region.yMin + (region.yMax - region.yMin) * data[o + j * 3]) * h, data[o + j * 3 + 2]]);
        }
        people.push({ score: data[o + 55], keypoints: kp });
      }
    }
    frames.push(people);
    tf.dispose([image, cropped, input, out]);
  }
  fs.writeFileSync(path.join(dir, 'keypoints.json'), JSON.stringify({ frames }));
}

main().catch((e) => {
  process.stderr.write(`movenet-pipeline: ${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
