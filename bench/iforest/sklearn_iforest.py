"""scikit-learn's IsolationForest on one labelled CSV, for bench/iforest/run.ts.

Usage: python3 sklearn_iforest.py <csv> <seeds> [first_seed]   (seeds first_seed .. first_seed+seeds-1)
Prints one JSON object: auc_mean, auc_sd, fit_ms, score_ms (times are medians over seeds,
like the Node runner's).
Exit code 3 with a message on stderr when scikit-learn is not installed.
"""
import json
import sys
import time

try:
    import numpy as np
    from sklearn.ensemble import IsolationForest
    from sklearn.metrics import roc_auc_score
except ImportError as error:
    print(f"scikit-learn is not available ({error}); install it with: pip install scikit-learn", file=sys.stderr)
    sys.exit(3)


def main() -> None:
    path, seeds = sys.argv[1], int(sys.argv[2])
    first_seed = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    table = np.loadtxt(path, delimiter=",", skiprows=1)
    features, labels = table[:, :-1], table[:, -1]
    aucs, fit_ms, score_ms = [], [], []
    for seed in range(first_seed, first_seed + seeds):
        model = IsolationForest(n_estimators=100, max_samples=256, n_jobs=1, random_state=seed)
        started = time.perf_counter()
        model.fit(features)
        fitted = time.perf_counter()
        scores = model.score_samples(features)
        scored = time.perf_counter()
        fit_ms.append((fitted - started) * 1000)
        score_ms.append((scored - fitted) * 1000)
        # score_samples is lower for anomalies; the AUC wants higher = outlier.
        aucs.append(roc_auc_score(labels, -scores))
    print(json.dumps({
        "auc_mean": float(np.mean(aucs)),
        "auc_sd": float(np.std(aucs, ddof=1)) if seeds > 1 else 0.0,
        "fit_ms": float(np.median(fit_ms)),
        "score_ms": float(np.median(score_ms)),
    }))


if __name__ == "__main__":
    main()
