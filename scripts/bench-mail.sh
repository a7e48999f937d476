#!/bin/sh
# Printed figures for reading mail (Benchmarks/MailBench): release build, one core. `scripts/bench-mail.sh 100000`.
# The maximum resident size includes the generated mbox, which the benchmark holds in memory.
set -eu
cd "$(dirname "$0")/.."
swift build -c release --product mail-bench
exec /usr/bin/time -f "max resident %M KB" .build/release/mail-bench "$@"
