#!/usr/bin/env bash
# Builds FerretDB 1.24 (a MongoDB wire-protocol server on SQLite, Apache-2.0) into .tools/bin.
# The test suite uses it when MONGODB_URL is not set; no MongoDB server is packaged for this
# platform. FerretDB 2.x needs a PostgreSQL extension we cannot install, hence 1.24.
set -euo pipefail

version=v1.24.0
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.tools/bin/ferretdb"

# No `grep -q` or `head` on these pipes: they close early, and with pipefail the SIGPIPE fails them.
installed_version() { "$1" --version 2>/dev/null | sed -n 's/^version: //p'; }

if [ -x "$bin" ] && [ "$(installed_version "$bin")" = "$version" ]; then
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "install-ferretdb: Go is needed to build FerretDB $version (or set MONGODB_URL to a running MongoDB)" >&2
  exit 1
fi

echo "install-ferretdb: building FerretDB $version into .tools/bin (first run only, 1-3 minutes)" >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init ferretdb-build >/dev/null 2>&1
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "github.com/FerretDB/FerretDB/cmd/ferretdb"
GO
# `go install pkg@version` fails here: the proxy refuses FerretDB's version list (its deprecation
# check), so build from a throw-away module instead.
go get "github.com/FerretDB/FerretDB/cmd/ferretdb@$version" >/dev/null 2>&1
go mod vendor
# Release builds generate this file; the module copy has it empty and FerretDB panics without it.
chmod -R u+w vendor
echo "$version" > vendor/github.com/FerretDB/FerretDB/build/version/version.txt
mkdir -p "$(dirname "$bin")"
go build -mod=vendor -o "$bin.tmp" github.com/FerretDB/FerretDB/cmd/ferretdb
mv "$bin.tmp" "$bin"
echo "install-ferretdb: built FerretDB $(installed_version "$bin")" >&2
