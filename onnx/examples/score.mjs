// Scores 16-bit PCM WAV files with MlNetSer's fused ONNX model (mlnetser export) in Node.js:
//   npm ci && node score.mjs ser.onnx speech.wav [more.wav …]
// Prints one JSON object per file: the score fusion's label and probabilities, each network's utterance probabilities
// and the feature fusion's label and scores. A batched graph (mlnetser export --batch, inputs samples [B, T] and
// lengths [B]) scores all the files in one run; the one-utterance graph runs once per file. The WAV must be at the model's sample rate (22 050 Hz by default); resample it
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

// Row `row` of a [C] or [B, C] tensor as { label: score }.
const scores = (labels, tensor, row) => Object.fromEntries(labels.map((label, i) => [label, tensor.data[row * labels.length + i]]));

// One JSON object for row `row` of the outputs.
function describe(session, out, path, row) {
  const labels = Array.from(out.labels.data);
  const result = { path, label: out.label.data[row], scores: scores(labels, out.probabilities, row), networks: {} };
  for (const name of session.outputNames.filter((n) => n.startsWith('utt_probs_'))) {
    result.networks[name.slice('utt_probs_'.length)] = scores(labels, out[name], row);
  }
  if (out.feature_fusion_scores) {
    result.feature_fusion = { label: out.feature_fusion_label.data[row], scores: scores(labels, out.feature_fusion_scores, row) };
  }
  return result;
}

function checkRate(out, path, rate) {
  const modelRate = Number(out.sample_rate.data[0]);
  if (rate !== modelRate) throw new Error(`${path}: ${rate} Hz, but the model takes ${modelRate} Hz; resample it first`);
}

const [modelPath, ...wavPaths] = process.argv.slice(2);
if (!modelPath || wavPaths.length === 0) {
  console.error('usage: node score.mjs <model.onnx> <file.wav> [more.wav …]');
  process.exit(64);
}
const session = await ort.InferenceSession.create(modelPath);
const wavs = wavPaths.map(readWav);
if (session.inputNames.includes('lengths')) {
  // Rows zero-padded to the longest file; lengths say where each ends.
  const longest = Math.max(...wavs.map((w) => w.samples.length));
  const padded = new Float32Array(wavs.length * longest);
  wavs.forEach((w, i) => padded.set(w.samples, i * longest));
  const lengths = BigInt64Array.from(wavs.map((w) => BigInt(w.samples.length)));
  const out = await session.run({
    samples: new ort.Tensor('float32', padded, [wavs.length, longest]),
    lengths: new ort.Tensor('int64', lengths, [wavs.length]),
  });
  wavs.forEach((w, i) => checkRate(out, wavPaths[i], w.rate));
  wavs.forEach((_, i) => console.log(JSON.stringify(describe(session, out, wavPaths[i], i))));
} else {
  for (const [i, { samples, rate }] of wavs.entries()) {
    const out = await session.run({ samples: new ort.Tensor('float32', samples, [samples.length]) });
    checkRate(out, wavPaths[i], rate);
    console.log(JSON.stringify(describe(session, out, wavPaths[i], 0)));
  }
}
