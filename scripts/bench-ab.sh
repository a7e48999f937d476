#!/usr/bin/env bash
# Two recruit binaries' queue speed, alternating in the same minutes (issue "One codebase the next person can change":
# a refactoring must stay within 5% of before). Prints figures; it is not a test.
#
#   scripts/bench-ab.sh OLD_BINARY NEW_BINARY
#
# Each round runs, with the old binary and then the new one: the whole agency's queue in JSON and in text, and one
# recruiter's (RECRUITER) in JSON, as of AS_OF, output thrown away. RUNS rounds (default 5); the medians of each
# run's wall time and of recruit's CPU time (user + system: less moved by other work on the machine), and new/old.
# OLD_HOME and NEW_HOME are the agencies each binary reads (default BENCH_HOME, itself default
# /tmp/recruit-bench-queue): give two copies of one agency when the binaries need different schemas (make one with
# `KEEP=1 scripts/bench-queue.sh` and the old binary, `cp -a` it, and `db migrate` the copy with the new one).
set -euo pipefail
old=${1:?old binary}
new=${2:?new binary}
OLD_HOME=${OLD_HOME:-${BENCH_HOME:-/tmp/recruit-bench-queue}}
NEW_HOME=${NEW_HOME:-${BENCH_HOME:-/tmp/recruit-bench-queue}}
AS_OF=${AS_OF:-2026-11-20}
RECRUITER=${RECRUITER:-recruiter1@agency.test}
RUNS=${RUNS:-5}
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

seconds() {  # seconds HOME BINARY ARGS...: the run's wall time and its CPU time (user + system), in seconds
    local home=$1 binary=$2; shift 2
    RECRUIT_HOME=$home /usr/bin/time -f '%e %U %S' -o "$out/time" "$binary" "$@" > /dev/null
    awk '{printf "%s %.2f\n", $1, $2 + $3}' "$out/time"
}
# Both servers started before timing (the first command of a home starts its embedded server).
RECRUIT_HOME=$OLD_HOME "$old" db status > /dev/null
RECRUIT_HOME=$NEW_HOME "$new" db status > /dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$RUNS"); do
    for side in old new; do
        if [ "$side" = old ]; then binary=$old home=$OLD_HOME; else binary=$new home=$NEW_HOME; fi
        seconds "$home" "$binary" queue --as-of "$AS_OF" --format json >> "$out/$side.json"
        seconds "$home" "$binary" queue --as-of "$AS_OF" >> "$out/$side.text"
        seconds "$home" "$binary" queue --as-of "$AS_OF" --recruiter "$RECRUITER" --format json >> "$out/$side.one"
    done
    echo "round $round done (load average $(cut -d' ' -f1 /proc/loadavg))"
done
median() {  # median FILE COLUMN
    awk -v c="$2" '{print $c}' "$1" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}
printf '%-26s %9s %9s %8s   %9s %9s %8s\n' "median of $RUNS" "old wall" "new wall" new/old "old CPU" "new CPU" new/old
for kind in json text one; do
    case $kind in json) label="whole agency, JSON";; text) label="whole agency, text";; one) label="one recruiter, JSON";; esac
    ow=$(median "$out/old.$kind" 1); nw=$(median "$out/new.$kind" 1)
    oc=$(median "$out/old.$kind" 2); nc=$(median "$out/new.$kind" 2)
    printf '%-26s %8.2fs %8.2fs %8.3f   %8.2fs %8.2fs %8.3f\n' "$label" "$ow" "$nw" "$(echo "$nw / $ow" | bc -l)" \
        "$oc" "$nc" "$(echo "$nc / $oc" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
