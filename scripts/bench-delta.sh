#!/usr/bin/env bash
# The daily delta (issue 20): what an agency imports every morning, 10,000 new activities, some of them on
# applications they create, into the full-size agency of the queue benchmark. Prints figures; it is not a test.
# Target: under 2 s a delta.
#
# It works on a copy of an agency made by `KEEP=1 scripts/bench-queue.sh` (default /tmp/recruit-bench-queue), never
# on the agency itself: BENCH_HOME (default /tmp/recruit-bench-delta) is made with `cp -a` from BENCH_FROM when it
# does not exist, which is refused while a server runs on BENCH_FROM. The copy is kept for the next run (KEEP=0
# removes it at the end); each run adds its deltas to it.
#   BENCH_FROM=/tmp/recruit-bench-queue BENCH_HOME=/tmp/recruit-bench-delta RUNS=3 scripts/bench-delta.sh
# Each run imports a new file: DELTA_ACTIVITIES rows (default 10,000), DELTA_NEW of them (default 2,000) on
# candidate and opening pairs that have no application yet (each creates one), the rest on existing applications,
# dated a day later than the previous run's. Reference in the same run: psql \copy of the same file into a plain
# table (ref_activities of bench-import.sh, as a temporary table).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
FROM=${BENCH_FROM:-/tmp/recruit-bench-queue}
export RECRUIT_HOME=${BENCH_HOME:-/tmp/recruit-bench-delta}
RUNS=${RUNS:-3}
DELTA_ACTIVITIES=${DELTA_ACTIVITIES:-10000}
DELTA_NEW=${DELTA_NEW:-2000}
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE

if [ "$(cd "$FROM" 2>/dev/null && pwd)" = "$(mkdir -p "$RECRUIT_HOME" && cd "$RECRUIT_HOME" && pwd)" ]; then
    echo "bench-delta: BENCH_HOME must be a copy, not BENCH_FROM itself" >&2
    exit 2
fi
if [ ! -d "$RECRUIT_HOME/data" ]; then
    [ -d "$FROM/data" ] || { echo "bench-delta: no agency at $FROM; make one with KEEP=1 scripts/bench-queue.sh" >&2; exit 2; }
    if [ -S "$FROM/run/.s.PGSQL.5432" ] && psql -X -h "$FROM/run" -U recruit -d recruit -Atc "SELECT 1" >/dev/null 2>&1; then
        echo "bench-delta: a server runs on $FROM; stop it (RECRUIT_HOME=$FROM recruit db stop) or wait, then run again" >&2
        exit 2
    fi
    rmdir "$RECRUIT_HOME"
    echo "copying $FROM to $RECRUIT_HOME ..." >&2
    cp -a "$FROM" "$RECRUIT_HOME"
    rm -f "$RECRUIT_HOME/data/postmaster.pid" "$RECRUIT_HOME"/run/.s.PGSQL.*
fi

source "$root/scripts/prerequisites.sh"
recruit_prerequisites
if [ -n "${BENCH_RECRUIT:-}" ]; then
    recruit=$BENCH_RECRUIT  # a binary built before (say, of another commit, on another copy, to compare)
else
    echo "building recruit (release) ..." >&2
    recruit_build_release "$root" >/dev/null
    recruit="$root/.build/release/recruit"
fi
"$recruit" db migrate >/dev/null
socket=$("$recruit" db status | sed -n 's/^database: socket \(.*\):5432\/recruit$/\1/p')
psql=(psql -X -q -h "$socket" -p 5432 -U recruit -d recruit -v ON_ERROR_STOP=1)
work=$(mktemp -d /tmp/recruit-bench-delta.XXXXXX)
chmod 755 "$work"
cleanup() {
    rm -rf "$work"
    if [ "${KEEP:-1}" != 1 ]; then "$recruit" db stop >/dev/null 2>&1 || true; rm -rf "$RECRUIT_HOME"; else "$recruit" db stop >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

"${psql[@]}" -At -c "SELECT 'agency: ' || (SELECT count(*) FROM candidates) || ' candidates, ' || (SELECT count(*) FROM openings) || ' openings, ' || (SELECT count(*) FROM applications) || ' applications, ' || (SELECT count(*) FROM activities) || ' activities'"
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk "BEGIN { printf \"%.2f\", $e - $s }"; }

# BENCH_LOG_MS=100 lists the server's statements that took longer during the runs (where the time goes).
if [ -n "${BENCH_LOG_MS:-}" ]; then
    "${psql[@]}" -c "ALTER DATABASE recruit SET log_min_duration_statement = ${BENCH_LOG_MS}" -c "ALTER DATABASE recruit SET track_functions = 'all'" -c "SELECT pg_stat_reset()" >/dev/null
    log_from=$(wc -l <"$RECRUIT_HOME/server.log")
fi
printf '%-4s %-12s %10s %10s %8s\n' "run" "day" "psql s" "recruit s" "ratio"
recruit_times=""
for run in $(seq 1 "$RUNS"); do
    # The day after the latest activity: every run's file is new to the agency.
    day=$("${psql[@]}" -At -c "SELECT max(occurred_on) + 1 FROM activities")
    file="$work/delta-$run.csv"
    # Existing applications picked at random, and pairs of a random candidate and opening without one (a few
    # more are drawn than needed, as some pairs exist).
    "${psql[@]}" -At >/dev/null <<SQL
CREATE TEMP TABLE delta_pairs AS
SELECT a.candidate_id, a.opening_id
FROM (SELECT DISTINCT 1 + floor(random() * (SELECT max(id) FROM applications))::bigint AS id
      FROM generate_series(1, $((DELTA_ACTIVITIES - DELTA_NEW)) * 11 / 10)) r
JOIN applications a USING (id)
LIMIT $((DELTA_ACTIVITIES - DELTA_NEW));
INSERT INTO delta_pairs
SELECT DISTINCT ON (p.candidate_id, p.opening_id) p.candidate_id, p.opening_id
FROM (SELECT 1 + floor(random() * (SELECT max(id) FROM candidates))::bigint AS candidate_id,
             'JOB-' || (1 + floor(random() * (SELECT count(*) FROM openings))::int) AS opening_id
      FROM generate_series(1, $((DELTA_NEW * 2)))) p
WHERE EXISTS (SELECT FROM candidates c WHERE c.id = p.candidate_id)
  AND EXISTS (SELECT FROM openings o WHERE o.id = p.opening_id)
  AND NOT EXISTS (SELECT FROM applications a WHERE a.candidate_id = p.candidate_id AND a.opening_id = p.opening_id)
LIMIT $DELTA_NEW;
\copy (SELECT c.email AS candidate, x.opening_id AS opening, '$day' AS date, (ARRAY['follow_up','phone_check','hm_reply','interview','check_back'])[1 + x.n % 5] AS type, (ARRAY['recruiter','recruiter','client','client','recruiter'])[1 + x.n % 5] AS by, CASE WHEN x.n % 5 = 3 THEN 'Manager ' || (x.n % 97) END AS with, 'email' AS channel, NULL AS decision_by, NULL AS interest, 'delta ' || x.n AS note FROM (SELECT row_number() OVER () AS n, candidate_id, opening_id FROM delta_pairs) x JOIN candidates c ON c.id = x.candidate_id ORDER BY x.n) TO '$file' (FORMAT csv, HEADER)
SQL
    rows=$(($(wc -l <"$file") - 1))
    p=$(seconds "${psql[@]}" -c "CREATE TEMP TABLE ref_activities (id bigserial PRIMARY KEY, candidate text NOT NULL, opening text NOT NULL, occurred_on date NOT NULL, type text NOT NULL, by text, with_names text, channel text, decision_by date, interest text, note text); CREATE INDEX ON ref_activities (candidate, opening, occurred_on);" \
        -c "\\copy ref_activities (candidate, opening, occurred_on, type, by, with_names, channel, decision_by, interest, note) FROM '$file' (FORMAT csv, HEADER)")
    r=$(seconds "$recruit" import activities "$file")
    recruit_times+="$r"$'\n'
    printf '%-4s %-12s %10s %10s %7.1fx  (%d rows)\n' "$run" "$day" "$p" "$r" "$(awk "BEGIN { print $r / $p }")" "$rows"
done
again=$(seconds "$recruit" import activities "$file")
echo "the last file imported again (nothing new): $again s"
if [ -n "${BENCH_LOG_MS:-}" ]; then
    "${psql[@]}" -c "ALTER DATABASE recruit RESET log_min_duration_statement" -c "ALTER DATABASE recruit RESET track_functions" >/dev/null
    tail -n +"$((log_from + 1))" "$RECRUIT_HOME/server.log" | grep -o "duration: .*" | cut -c1-200 >&2 || true
    "${psql[@]}" -c "SELECT funcname, calls, round(total_time) AS total_ms FROM pg_stat_user_functions ORDER BY total_time DESC LIMIT 8" >&2
fi
median=$(printf '%s' "$recruit_times" | sort -n | awk '{ t[NR] = $1 } END { print (NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2) }')
echo "daily delta of $DELTA_ACTIVITIES activities ($DELTA_NEW creating applications): median ${median} s (target < 2 s)"
