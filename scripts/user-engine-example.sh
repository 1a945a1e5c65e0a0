#!/usr/bin/env bash
# Runs examples/user-engine, a user's own Maven project that depends on refcheck at test scope, against
# the refcheck artifact installed in the local repository (`mvn install` first), and measures what that
# dependency puts on the user's test classpath: it must stay at most 25 MB (no libtorch, no ONNX Runtime).
set -euo pipefail
cd "$(dirname "$0")/../examples/user-engine"
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
jars=$(tr ':' '\n' < target/test-classpath.txt | grep -c '\.jar$')
bytes=$(tr ':' '\n' < target/test-classpath.txt | xargs du -cb | tail -1 | cut -f1)
echo "== user-engine example: test classpath of $jars jars, $((bytes / 1000000)) MB"
if [ "$bytes" -gt 25000000 ]; then
  echo "the test classpath a refcheck user gets is over 25 MB:" >&2
  tr ':' '\n' < target/test-classpath.txt | xargs du -b | sort -n | tail -5 >&2
  exit 1
fi
mvn -B verify
