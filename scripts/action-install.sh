#!/usr/bin/env bash
# The GitHub Action's install step: the packed ackctl with production dependencies only, into a
# private prefix (no checkout of ackctl's sources, no `npm ci` of the repository).
#   PACKAGE  what to install: an npm spec or a tarball path/URL; default ackctl@<this action's version>
# Writes ACKCTL=<the installed executable> to $GITHUB_ENV and its directory to $GITHUB_PATH.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
package="${PACKAGE:-}"
if [ -z "$package" ]; then
  package="ackctl@$(node -p "require(process.argv[1]).version" "$here/package.json")"
fi
prefix="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/ackctl-cli"
npm install --global --prefix "$prefix" --omit=dev --no-audit --no-fund --loglevel=error "$package" >&2
"$prefix/bin/ackctl" --version >&2
echo "ACKCTL=$prefix/bin/ackctl" >> "${GITHUB_ENV:-/dev/null}"
echo "$prefix/bin" >> "${GITHUB_PATH:-/dev/null}"
