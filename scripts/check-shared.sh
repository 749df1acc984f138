#!/usr/bin/env bash
# Checks the product against the third-party data in a shared folder (real DMARC aggregate, failure
# and SMTP TLS reports, MaxMind's test databases). Not part of `npm test`: a fresh clone has no such folder.
# Usage: npm run test:shared -- <folder>     (default ../shared)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$root/../shared}" 2>/dev/null && pwd) || { echo "check-shared: folder not found: ${1:-../shared}" >&2; exit 66; }
cd "$root"
SHARED_DIR="$dir" npx vitest run --config vitest.shared.config.ts
# "A file that parsedmarc accepts, we accept", on the real samples of each kind and our fixtures.
exec bash scripts/compare-parsedmarc.sh "$dir/dmarc-samples" "$dir/failure-samples" "$dir/tls-samples"
