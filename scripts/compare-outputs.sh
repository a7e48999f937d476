#!/usr/bin/env bash
# Byte-for-byte comparison of two recruit binaries' outputs (issue "One codebase the next person can change": a
# refactoring changes no output). Not a test: prints one line per output, "same" or "DIFFERENT", and exits 1 when
# any differs.
#
#   scripts/compare-outputs.sh OLD_BINARY NEW_BINARY
#
# On the queue benchmark's agency (BENCH_HOME, default /tmp/recruit-bench-queue; build it with `KEEP=1
# scripts/bench-queue.sh`), as of AS_OF: the whole agency's queue in JSON, text, CSV and ICS, one recruiter's
# (RECRUITER) in the same four, and one client's summary (CLIENT, default the benchmark's "Client 1") in text, md,
# html and json. Both binaries must accept the database's schema (no migration between them), or each reads its
# own copy of one agency: OLD_HOME and NEW_HOME (default BENCH_HOME), e.g. when the new binary has a migration the old
# one does not know (`cp -a` the agency, then `db migrate` the copy with the new binary).
set -euo pipefail
old=${1:?old binary}
new=${2:?new binary}
OLD_HOME=${OLD_HOME:-${BENCH_HOME:-/tmp/recruit-bench-queue}}
NEW_HOME=${NEW_HOME:-${BENCH_HOME:-/tmp/recruit-bench-queue}}
AS_OF=${AS_OF:-2026-11-20}
RECRUITER=${RECRUITER:-recruiter1@agency.test}
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
CLIENT=${CLIENT:-Client 1}  # the benchmark's first client
different=0
compare() {
    local label=$1; shift
    RECRUIT_HOME=$OLD_HOME "$old" "$@" > "$out/old" 2> "$out/old.err" || echo "exit $?" >> "$out/old.err"
    RECRUIT_HOME=$NEW_HOME "$new" "$@" > "$out/new" 2> "$out/new.err" || echo "exit $?" >> "$out/new.err"
    if cmp -s "$out/old" "$out/new" && cmp -s "$out/old.err" "$out/new.err"; then
        printf '%-44s same (%s bytes)\n' "$label" "$(stat -c %s "$out/new")"
    else
        printf '%-44s DIFFERENT\n' "$label"; cmp "$out/old" "$out/new" | head -1 || true
        different=1
    fi
}
for format in json text csv ics; do
    compare "queue, whole agency, $format" queue --as-of "$AS_OF" --format "$format"
    compare "queue, $RECRUITER, $format" queue --as-of "$AS_OF" --recruiter "$RECRUITER" --format "$format"
done
for format in text md html json; do
    compare "summary, $CLIENT, $format" summary --client "$CLIENT" --as-of "$AS_OF" --format "$format"
done
exit $different
