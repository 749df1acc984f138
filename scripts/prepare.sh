#!/usr/bin/env bash
# npm runs `prepare` after `npm install` in the project: build it (tsc and the browser pages). npm
# also runs it when the first `npx dmarc-analytics ...` on a machine links the project into npm's
# npx cache (npm_command=exec): the build is there already, and building again would add seconds to
# that first command and rewrite dist/ under a server or test suite running from it.
set -euo pipefail
if [ "${npm_command:-}" = exec ]; then exit 0; fi
exec npm run build
