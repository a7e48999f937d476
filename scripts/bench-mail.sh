#!/bin/sh
# Printed figures for reading mail (not a test).
#   scripts/bench-mail.sh parse [N]    Sources/Mail alone (Benchmarks/MailBench): N messages of ~7.6 KB streamed
#                                      through the mbox reader and the parser (default 100000)
#   scripts/bench-mail.sh import [R]   `recruit import mail` end to end: the sample agency (`recruit demo` in a
#                                      private cluster under a temporary RECRUIT_HOME) and its mailbox repeated R
#                                      times with ~6 KB of quoted prose per message (scripts/sample-mailbox.py;
#                                      R=730 is 100,010 messages), a dry run then the import; time and peak memory
# Release builds. Target (issue 21): >= 10,000 messages/s and <= 150 MB at 100,000 messages of ~8 KB.
set -eu
cd "$(dirname "$0")/.."
what=${1:-parse}
case "$what" in
parse)
    swift build -c release --product mail-bench >&2
    exec /usr/bin/time -f "max resident %M KB" .build/release/mail-bench "${2:-100000}"
    ;;
import)
    swift build -c release --product recruit >&2
    work=$(mktemp -d /tmp/recruit-mail-bench.XXXXXX)
    chmod 755 "$work"
    export RECRUIT_HOME="$work/home"
    trap '.build/release/recruit db stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    .build/release/recruit demo >/dev/null
    scripts/sample-mailbox.py --repeat "${2:-730}" --pad 6000 > "$work/bench.mbox"
    echo "mailbox: $(grep -c '^From mailer' "$work/bench.mbox") messages, $(($(wc -c < "$work/bench.mbox") >> 20)) MiB"
    for flag in --dry-run ""; do
        echo "recruit import mail $flag"
        /usr/bin/time -f "  %e s, max resident %M KB" .build/release/recruit import mail "$work/bench.mbox" $flag \
            --database recruit_demo | sed 's/^/  /'
    done
    ;;
*) echo "usage: scripts/bench-mail.sh parse [N] | import [R]" >&2; exit 2 ;;
esac
