#!/usr/bin/env bash
# Builds (or reuses) the Collector distribution described by builder-config.yaml with the
# OpenTelemetry Collector Builder from the Go module proxy; prints the binary's path.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VERSION="$(awk '$1 == "version:" {print $2; exit}' "$HERE/builder-config.yaml")"
CACHE="${LLMCOST_OTELCOL_CACHE:-$HOME/.cache/llm-cost-operator/otelcol/$VERSION}"
if [ ! -x "$CACHE/otelcol-llmcost" ]; then
  export PATH="$PATH:$(go env GOPATH)/bin"
  command -v builder >/dev/null 2>&1 || GOFLAGS= go install "go.opentelemetry.io/collector/cmd/builder@v$VERSION"
  work="$(mktemp -d)"
  sed "s#output_path: ./build#output_path: $work#" "$HERE/builder-config.yaml" > "$work/builder-config.yaml"
  echo "otelcol: building otelcol-llmcost $VERSION into $CACHE (first time only)" >&2
  started=$SECONDS
  CGO_ENABLED=0 builder --config "$work/builder-config.yaml" >&2
  mkdir -p "$CACHE"
  mv "$work/otelcol-llmcost" "$CACHE/otelcol-llmcost"
  rm -rf "$work"
  echo "otelcol: built in $((SECONDS - started)) s" >&2
fi
echo "$CACHE/otelcol-llmcost"
