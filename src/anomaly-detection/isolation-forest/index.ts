export { IsolationForest } from './isolation-forest.js';
export type { IsolationForestOptions } from './options.js';
export type { MatrixInput, RowMajorMatrix } from './feature-matrix.js';
export type { FeatureStats } from './feature-stats.js';
export type { FeatureContribution } from './explanation.js';
