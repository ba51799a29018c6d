// Scores a 16-bit PCM WAV file with MlNetSer's fused ONNX model (mlnetser export) in Node.js:
//   npm ci && node score.mjs ser.onnx speech.wav
// Prints one JSON object: the score fusion's label and probabilities, each network's utterance probabilities and the
// feature fusion's label and scores. The WAV must be at the model's sample rate (22 050 Hz by default); resample it
// first otherwise (e.g. ffmpeg -i in.wav -ar 22050 out.wav). Channels are averaged to mono, as MlNetSer does.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

function readWav(path) {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset) => bytes.toString('latin1', offset, offset + 4);
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error(`${path}: not a RIFF/WAVE file`);
  let format = null;
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = { code: view.getUint16(body, true), channels: view.getUint16(body + 2, true),
                 rate: view.getUint32(body + 4, true), bits: view.getUint16(body + 14, true) };
    } else if (id === 'data') {
      if (!format) throw new Error(`${path}: data chunk before the fmt chunk`);
      if (!(format.code === 1 || format.code === 0xfffe) || format.bits !== 16) throw new Error(`${path}: not 16-bit PCM`);
      const frames = Math.floor(Math.min(size, bytes.length - body) / (2 * format.channels));
      const samples = new Float32Array(frames);
      for (let i = 0; i < frames; i++) {
        let sum = 0;
        for (let c = 0; c < format.channels; c++) sum += view.getInt16(body + 2 * (i * format.channels + c), true) / 32768;
        samples[i] = format.channels === 1 ? sum : sum / format.channels;
      }
      return { samples, rate: format.rate };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

const scores = (labels, tensor) => Object.fromEntries(labels.map((label, i) => [label, tensor.data[i]]));

const [modelPath, wavPath] = process.argv.slice(2);
if (!modelPath || !wavPath) {
  console.error('usage: node score.mjs <model.onnx> <file.wav>');
  process.exit(64);
}
const session = await ort.InferenceSession.create(modelPath);
const { samples, rate } = readWav(wavPath);
const out = await session.run({ samples: new ort.Tensor('float32', samples, [samples.length]) });
const modelRate = Number(out.sample_rate.data[0]);
if (rate !== modelRate) throw new Error(`${wavPath}: ${rate} Hz, but the model takes ${modelRate} Hz; resample it first`);
const labels = Array.from(out.labels.data);
const result = { path: wavPath, label: out.label.data[0], scores: scores(labels, out.probabilities), networks: {} };
for (const name of session.outputNames.filter((n) => n.startsWith('utt_probs_'))) {
  result.networks[name.slice('utt_probs_'.length)] = scores(labels, out[name]);
}
if (out.feature_fusion_scores) {
  result.feature_fusion = { label: out.feature_fusion_label.data[0], scores: scores(labels, out.feature_fusion_scores) };
}
console.log(JSON.stringify(result));
