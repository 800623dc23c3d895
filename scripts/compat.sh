#!/usr/bin/env bash
# Run the LLM-path tests against given instructor releases, each in a fresh temporary venv.
#
#   bash scripts/compat.sh 1.13.0 1.17.0        # the floor and the newest of the pin
#   bash scripts/compat.sh                      # the same two (COMPAT_VERSIONS overrides)
#
# Each venv gets this checkout (pip install -e '.[dev]') and then instructor==VERSION;
# pip's resolver picks the openai release that VERSION accepts within our own pin. Prints
# one line per version ("instructor X, openai Y: N passed" or the failure) and exits
# non-zero if any version fails. Needs the package index; takes about a minute a version.
# Run it in the foreground: a shell's background job ignores SIGINT, and the Ctrl-C test
# of the batch (tests/test_batch_llm.py) then cannot interrupt its child.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSIONS=("$@")
if [ ${#VERSIONS[@]} -eq 0 ]; then
    read -r -a VERSIONS <<< "${COMPAT_VERSIONS:-1.13.0 1.17.0}"
fi
TESTS=(
    tests/test_llm_clients.py tests/test_llm_engine.py tests/test_llm_failures.py
    tests/test_llm_response.py tests/test_batch_transport.py tests/test_batch_llm.py
    tests/test_eval_llm.py tests/test_cassettes.py tests/test_cache.py tests/test_llm_requests.py
)
PYTHON="${PYTHON:-python3}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

status=0
for version in "${VERSIONS[@]}"; do
    venv="$WORK/venv-$version"
    "$PYTHON" -m venv "$venv"
    "$venv/bin/pip" install -q -e "$ROOT[dev]" "instructor==$version" >"$WORK/pip-$version.log" 2>&1 || {
        echo "instructor $version: install failed (see below)"
        tail -5 "$WORK/pip-$version.log"
        status=1
        continue
    }
    openai_version="$("$venv/bin/python" -c 'import openai; print(openai.__version__)')"
    installed="$("$venv/bin/python" -c 'from importlib.metadata import version; print(version("instructor"))')"
    if result="$(cd "$ROOT" && "$venv/bin/python" -m pytest -p no:cacheprovider "${TESTS[@]}" 2>&1)"; then
        echo "instructor $installed, openai $openai_version: $(tail -1 <<< "$result")"
    else
        echo "instructor $installed, openai $openai_version: FAILED"
        grep -E "^(FAILED|ERROR) " <<< "$result" | head -20 || tail -20 <<< "$result"
        status=1
    fi
done
exit $status
