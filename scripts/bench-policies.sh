#!/bin/sh
# Printed figures for the policy engine's speed (Benchmarks/PoliciesBench): release build, one core.
set -eu
cd "$(dirname "$0")/.."
exec swift run -c release policies-bench "$@"
