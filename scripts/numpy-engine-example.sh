#!/usr/bin/env bash
# Checks examples/numpy-engine, a NumPy engine spoken to over the engine protocol (docs/engine-protocol.md):
# it must pass every check of every id it implements, and its deliberately wrong softmax (REFCHECK_WRONG=softmax,
# the first draft without the max shift) must fail, with a reason that says what it got and what was expected.
# Needs target/refcheck.jar (mvn -B -q package -DskipTests) and NumPy (Debian: apt-get install -y python3-numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/refcheck.jar
if [ ! -f "$jar" ]; then
  echo "no $jar: build it first with mvn -B -q package -DskipTests" >&2
  exit 2
fi
if ! python3 -c 'import numpy' 2>/dev/null; then
  echo "python3 cannot import numpy: install it (Debian: apt-get install -y python3-numpy)" >&2
  exit 2
fi
engine="python3 examples/numpy-engine/numpy_engine.py"

echo "== numpy-engine example: every check of every id it implements"
java -jar "$jar" check --quiet --engine-process "$engine"

echo "== numpy-engine example, wrong softmax (REFCHECK_WRONG=softmax): it must fail"
set +e
out=$(REFCHECK_WRONG=softmax java -jar "$jar" check --quiet --id softmax --engine-process "$engine" 2>&1)
code=$?
set -e
echo "$out"
if [ "$code" -ne 1 ]; then
  echo "the wrong softmax was not failed: refcheck exited $code, not 1" >&2
  exit 1
fi
if ! grep -q "^FAIL numpy-example-wrong-softmax float64 softmax value: .*got NaN, expected" <<<"$out"; then
  echo "the wrong softmax failed, but not with the value row that says what it got and what was expected" >&2
  exit 1
fi
echo "== the wrong softmax failed, as it must"
