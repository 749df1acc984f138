import { crc32 } from 'node:zlib';
import { CorruptModelError } from '../errors.js';
import { FEATURE_STATS_FIELDS, type FeatureStats } from './feature-stats.js';
import { LEAF, type ForestArrays, type ModelState } from './model.js';
import { heightLimit, leafPathLength } from './path-length.js';

/*
 * Format version 1, little-endian:
 *   header (48 bytes): magic "DMIF", u16 version, u16 reserved, u32 nFeatures, u32 nEstimators,
 *     u32 sampleSize, u32 trainingRows, u32 seed, u32 totalNodes,
 *     f64 contamination (NaN = auto), f64 offset
 *   f64 × 7 × nFeatures   feature statistics (FEATURE_STATS_FIELDS order)
 *   u32 × nEstimators     node count per tree
 *   i16 × totalNodes      split feature, -1 = leaf
 *   f64 × totalNodes      split value, or the leaf's point count
 *   u32                   CRC-32 of everything before it
 * Child links, depths and inner node sizes are not stored: breadth-first order determines them.
 * Leaves store their size rather than their path length so that the loader recomputes the path
 * length with the very same code as training, keeping reloaded scores bit-identical.
 */
const MAGIC = 0x46494d44; // "DMIF" read as a little-endian u32
const FORMAT_VERSION = 1;
const HEADER_BYTES = 48;
const CHECKSUM_BYTES = 4;

function encodedLength(nFeatures: number, nEstimators: number, totalNodes: number): number {
  return (
    HEADER_BYTES +
    8 * FEATURE_STATS_FIELDS.length * nFeatures +
    4 * nEstimators +
    2 * totalNodes +
    8 * totalNodes +
    CHECKSUM_BYTES
  );
}

export function serializeModel(model: ModelState): Buffer {
  const { forest, nFeatures, nEstimators } = model;
  const totalNodes = forest.feature.length;
  const buffer = Buffer.alloc(encodedLength(nFeatures, nEstimators, totalNodes));
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  view.setUint32(0, MAGIC, true);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint16(6, 0, true);
  view.setUint32(8, nFeatures, true);
  view.setUint32(12, nEstimators, true);
  view.setUint32(16, model.sampleSize, true);
  view.setUint32(20, model.trainingRows, true);
  view.setUint32(24, model.seed, true);
  view.setUint32(28, totalNodes, true);
  view.setFloat64(32, model.contamination ?? Number.NaN, true);
  view.setFloat64(40, model.offset, true);
  let at = HEADER_BYTES;
  for (const stats of model.featureStats) {
    for (const field of FEATURE_STATS_FIELDS) {
      view.setFloat64(at, stats[field], true);
      at += 8;
    }
  }
  for (let t = 0; t < nEstimators; t++) {
    view.setUint32(at, forest.treeOffsets[t + 1]! - forest.treeOffsets[t]!, true);
    at += 4;
  }
  for (let node = 0; node < totalNodes; node++, at += 2) view.setInt16(at, forest.feature[node]!, true);
  for (let node = 0; node < totalNodes; node++, at += 8) {
    const isLeaf = forest.feature[node] === LEAF;
    view.setFloat64(at, isLeaf ? forest.nodeSize[node]! : forest.threshold[node]!, true);
  }
  view.setUint32(at, crc32(buffer.subarray(0, at)), true);
  return buffer;
}

export function deserializeModel(buffer: Uint8Array): ModelState {
  if (buffer.byteLength < HEADER_BYTES + CHECKSUM_BYTES) {
    throw new CorruptModelError('truncated', `${buffer.byteLength} bytes is shorter than the header`);
  }
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (view.getUint32(0, true) !== MAGIC) {
    throw new CorruptModelError('magic', 'not an isolation forest model');
  }
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) {
    throw new CorruptModelError('version', `format version ${version}, this build reads ${FORMAT_VERSION}`);
  }
  const nFeatures = view.getUint32(8, true);
  const nEstimators = view.getUint32(12, true);
  const sampleSize = view.getUint32(16, true);
  const trainingRows = view.getUint32(20, true);
  const seed = view.getUint32(24, true);
  const totalNodes = view.getUint32(28, true);
  const contamination = view.getFloat64(32, true);
  const offset = view.getFloat64(40, true);

  const expected = encodedLength(nFeatures, nEstimators, totalNodes);
  if (buffer.byteLength < expected) {
    throw new CorruptModelError('truncated', `${buffer.byteLength} bytes, the header announces ${expected}`);
  }
  if (buffer.byteLength > expected) {
    throw new CorruptModelError('structure', `${buffer.byteLength - expected} unexpected trailing bytes`);
  }
  const checksumAt = expected - CHECKSUM_BYTES;
  if (crc32(buffer.subarray(0, checksumAt)) !== view.getUint32(checksumAt, true)) {
    throw new CorruptModelError('checksum', 'the checksum does not match the content');
  }
  // Past the checksum only a writer bug (or a forged file) can produce nonsense; still check it.
  if (nFeatures < 1 || nEstimators < 1 || sampleSize < 1 || trainingRows < sampleSize) {
    throw new CorruptModelError('structure', 'impossible header values');
  }

  let at = HEADER_BYTES;
  const featureStats: FeatureStats[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const entries = FEATURE_STATS_FIELDS.map((field, i) => [field, view.getFloat64(at + 8 * i, true)]);
    featureStats.push(Object.fromEntries(entries) as FeatureStats);
    at += 8 * FEATURE_STATS_FIELDS.length;
  }
  const treeOffsets = new Int32Array(nEstimators + 1);
  for (let t = 0; t < nEstimators; t++, at += 4) {
    treeOffsets[t + 1] = treeOffsets[t]! + view.getUint32(at, true);
  }
  if (treeOffsets[nEstimators] !== totalNodes) {
    throw new CorruptModelError('structure', 'tree sizes do not add up to the node count');
  }
  const feature = new Int32Array(totalNodes);
  for (let node = 0; node < totalNodes; node++, at += 2) feature[node] = view.getInt16(at, true);
  const stored = new Float64Array(totalNodes);
  for (let node = 0; node < totalNodes; node++, at += 8) stored[node] = view.getFloat64(at, true);

  const forest = rebuildForest(feature, stored, treeOffsets, nFeatures, sampleSize);
  return {
    forest,
    nFeatures,
    nEstimators,
    sampleSize,
    trainingRows,
    seed,
    contamination: Number.isNaN(contamination) ? undefined : contamination,
    offset,
    featureStats,
  };
}

/** Restores child links, depths, node sizes and leaf path lengths from breadth-first order. */
function rebuildForest(
  feature: Int32Array,
  stored: Float64Array,
  treeOffsets: Int32Array,
  nFeatures: number,
  sampleSize: number,
): ForestArrays {
  const totalNodes = feature.length;
  const left = new Int32Array(totalNodes);
  const depth = new Int32Array(totalNodes);
  const nodeSize = new Int32Array(totalNodes);
  const threshold = new Float64Array(totalNodes);
  const maxDepth = heightLimit(sampleSize);
  const fail = (problem: string): never => {
    throw new CorruptModelError('structure', problem);
  };
  for (let t = 0; t + 1 < treeOffsets.length; t++) {
    const root = treeOffsets[t]!;
    const end = treeOffsets[t + 1]!;
    if (end <= root) fail(`tree ${t} is empty`);
    // Children come in pairs, in the order their parents appear.
    let nextChild = root + 1;
    for (let node = root; node < end; node++) {
      const split = feature[node]!;
      if (split === LEAF) continue;
      if (split < 0 || split >= nFeatures) fail(`node ${node} splits on feature ${split}`);
      if (!Number.isFinite(stored[node]!)) fail(`node ${node} has split value ${stored[node]}`);
      if (nextChild + 2 > end) fail(`tree ${t} has more children than nodes`);
      left[node] = nextChild;
      depth[nextChild] = depth[nextChild + 1] = depth[node]! + 1;
      if (depth[node]! + 1 > maxDepth) fail(`tree ${t} is deeper than ${maxDepth}`);
      threshold[node] = stored[node]!;
      nextChild += 2;
    }
    if (nextChild !== end) fail(`tree ${t} has nodes that no parent links to`);
    // Children have larger indices than parents, so a backward pass sees children first.
    for (let node = end - 1; node >= root; node--) {
      if (feature[node] === LEAF) {
        const size = stored[node]!;
        if (!Number.isInteger(size) || size < 1 || size > sampleSize) fail(`leaf ${node} holds ${size} points`);
        nodeSize[node] = size;
        threshold[node] = leafPathLength(depth[node]!, size);
      } else {
        nodeSize[node] = nodeSize[left[node]!]! + nodeSize[left[node]! + 1]!;
      }
    }
    if (nodeSize[root] !== sampleSize) fail(`tree ${t} holds ${nodeSize[root]} points, not ${sampleSize}`);
  }
  return { feature, threshold, left, nodeSize, treeOffsets };
}
