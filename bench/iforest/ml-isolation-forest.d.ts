// ml-isolation-forest 0.1.0 ships no types; this covers what the benchmark calls.
declare module 'ml-isolation-forest' {
  export class IsolationForest {
    constructor(options?: { nEstimators?: number });
    train(trainingSet: number[][]): void;
    /** Anomaly scores in [0, 1], higher = more anomalous. */
    predict(data: number[][]): number[];
  }
}
