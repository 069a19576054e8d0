#!/usr/bin/env bash
# Runs every test of Relink and ends with one line "N passed, N failed, N skipped" (CI reads it).
# Installs what the tests need on a fresh Debian machine with the .NET 10 SDK; nothing to do by hand.
#   ./test.sh                 every test
#   ./test.sh --filter X      passes X to `dotnet test --filter` (e.g. FullyQualifiedName~Heartbeat)
set -euo pipefail
cd "$(dirname "$0")"

results=$(mktemp -d "${TMPDIR:-/tmp}/relink-test.XXXXXX")
trap 'rm -rf "$results"' EXIT

# Browser tests drive Debian's chromium (Playwright cannot download its own browser here), with a colour emoji
# font so the pages and their screenshots show emoji as people see them, not as empty boxes.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-color-emoji >/dev/null 2>&1 || missing+=(fonts-noto-color-emoji)
# The JavaScript SDK's own tests run on Node's test runner (Node >= 20) and are packed with npm.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The PostgreSQL store's tests start a throw-away server of their own (initdb + pg_ctl in a temp folder).
command -v initdb >/dev/null 2>&1 || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
# The multi-node tests start a throw-away NATS server (the bus between nodes) of their own.
[ -x /usr/sbin/nats-server ] || missing+=(nats-server)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "test.sh: installing ${missing[*]} for the browser, JavaScript, PostgreSQL and multi-node tests" >&2
  (apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null) || echo "test.sh: installing ${missing[*]} failed; the tests that need it will report it" >&2
fi

dotnet build Relink.slnx -c Release -nologo -clp:ErrorsOnly

status=0
# A test still running after 8 minutes is hung (the longest take about 1.5): the hang timeout dumps and ends its test
# host, so the run reports it as failed instead of running into CI's time limit.
dotnet test Relink.slnx -c Release --no-build --nologo --blame-hang-timeout 8m \
  --logger "trx" --results-directory "$results" \
  --logger "console;verbosity=normal" "$@" || status=$?

# Sum the counters of every TRX file: <Counters total=".." executed=".." passed=".." failed=".." ... notExecuted="..">
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  skipped=$((skipped + $(get notExecuted)))
done

# Name what failed just above the closing line, so a log cut to its end still says which tests to look at.
if [ "$failed" != 0 ]; then
  for trx in "$results"/*.trx; do
    [ -e "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.* testName="\([^"]*\)".*/FAILED: \1/p' || true
  done
fi

if [ "$files" = 0 ]; then
  echo "test.sh: no test results were written (build or test host failure)" >&2
  [ "$status" = 0 ] && status=1
fi
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then
  failed=1   # the run failed without a failed test (crash, build error): never report it green
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
