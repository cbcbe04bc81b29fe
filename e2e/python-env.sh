#!/usr/bin/env bash
# Creates (or reuses) the virtualenv with LiteLLM and LangChain for the end-to-end tests; prints
# its bin directory. Rebuilt when python-requirements.txt changes.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${LLMCOST_PY_ENV:-$HOME/.cache/llm-cost-operator/py-e2e}"
STAMP="$VENV/.requirements"
if [ ! -x "$VENV/bin/litellm" ] || ! cmp -s "$HERE/python-requirements.txt" "$STAMP"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$HERE/python-requirements.txt" >&2
  cp "$HERE/python-requirements.txt" "$STAMP"
fi
echo "$VENV/bin"
