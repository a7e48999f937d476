#!/bin/sh
# Printed figures for reading mail (not a test).
#   scripts/bench-mail.sh parse [N]    Sources/Mail alone (Benchmarks/MailBench): N messages of ~7.6 KB streamed
#                                      through the mbox reader and the parser (default 100000)
#   scripts/bench-mail.sh import [R]   `recruit import mail` end to end: the sample agency (`recruit demo` in a
#                                      private cluster under a temporary RECRUIT_HOME) and its mailbox repeated R
#                                      times, ~6.5 KB of quoted prose added to every body (scripts/sample-mailbox.py;
#                                      R=730, the default, is 100,010 messages of ~7.7 KB); the import, then the same
#                                      import again (records nothing): messages/s, peak resident size, and the
#                                      second run's time as a share of the first's, with the machine's load.
#                                      BENCH_BINARIES="A B" BENCH_ROUNDS=2: builds compared in turn, a fresh
#                                      demo database each
# Release builds. Target (issue 21): >= 10,000 messages/s and <= 150 MB at 100,000 messages of ~8 KB; importing
# again takes under half the time.
set -eu
cd "$(dirname "$0")/.."
what=${1:-parse}
case "$what" in
parse)
    swift build -c release --product mail-bench >&2
    exec /usr/bin/time -f "max resident %M KB" .build/release/mail-bench "${2:-100000}"
    ;;
import)
    # BENCH_BINARIES="A B": compare builds (e.g. main's and a branch's) in one session: each round runs each binary
    # in turn, each on a fresh demo database; BENCH_ROUNDS rounds (default 1). Default: this tree's release build.
    if [ -z "${BENCH_BINARIES:-}" ]; then swift build -c release --product recruit >&2; fi
    binaries=${BENCH_BINARIES:-.build/release/recruit}
    work=$(mktemp -d /tmp/recruit-mail-bench.XXXXXX)
    chmod 755 "$work"
    stop() { [ -z "${home:-}" ] || RECRUIT_HOME="$home" "$binary" db stop >/dev/null 2>&1 || true; }
    trap 'stop; rm -rf "$work"' EXIT
    scripts/sample-mailbox.py --repeat "${2:-730}" --pad 6500 > "$work/bench.mbox"
    messages=$(grep -c '^From mailer' "$work/bench.mbox")
    echo "mailbox: $messages messages, $(($(wc -c < "$work/bench.mbox") >> 20)) MiB; $(git rev-parse --short HEAD), $(date -u '+%Y-%m-%d %H:%M UTC')"
    n=0
    for round in $(seq "${BENCH_ROUNDS:-1}"); do
        for binary in $binaries; do
            n=$((n + 1))
            home="$work/home-$n"
            export RECRUIT_HOME="$home"
            "$binary" demo >/dev/null
            cat "$work/bench.mbox" > /dev/null  # in the page cache for both runs
            echo "binary: $binary (round $round)"
            for run in first again; do
                echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
                /usr/bin/time -o "$work/time" -f "%e %M" "$binary" import mail "$work/bench.mbox" \
                    --database recruit_demo | sed 's/^/  /'
                read -r seconds kb < "$work/time"
                echo "$run: $seconds s, $(echo "$messages $seconds" | awk '{printf "%.0f", $1 / $2}') messages/s, peak resident $((kb >> 10)) MB"
                [ "$run" = first ] && first=$seconds
            done
            echo "again / first: $(echo "$seconds $first" | awk '{printf "%.2f", $1 / $2}') (target < 0.5)"
            stop
            rm -rf "$home"
            home=
        done
    done
    ;;
*) echo "usage: scripts/bench-mail.sh parse [N] | import [R]" >&2; exit 2 ;;
esac
