#!/usr/bin/env bash
# Scale benchmark for the daily queue (issue "The daily queue"): prints figures, it is not a test.
#
# Builds an agency of CANDIDATES candidates, OPENINGS openings, APPLICATIONS applications and ACTIVITIES activities
# (defaults 1,000,000 / 20,000 / 2,000,000 / 8,000,000) in a private cluster, then times, in the same run:
#   reference: psql -c "COPY (SELECT * FROM activities) TO STDOUT" > /dev/null
#   recruit queue --format json > /dev/null          (target: at most 1.5x the reference, and under 10 s)
#   recruit queue --recruiter R --format json         (target: under 0.5 s)
#   recruit queue --recruiter R                       (the default text format, what a recruiter sees at a terminal)
# and recruit's peak resident memory (target: at most 256 MB), for the whole queue in every format (one run each of
# text, csv and ics, with their times, after the JSON runs); then one client's status summary (one run; no target:
# its reply figures take a pass over every activity of the agency).
# Smaller runs: CANDIDATES=100000 OPENINGS=2000 APPLICATIONS=200000 ACTIVITIES=800000 scripts/bench-queue.sh
# Drafts (issue 22; target: --drafts adds at most 50%): the text queue against the same command with --drafts DIR
# (a fresh folder each run), for one recruiter (best of RUNS) and the whole agency (best of RUNS), with the ratios;
# DRAFTS=0 leaves them out, ONLY_DRAFTS=1 measures nothing else, DRAFTS_DIR=/dev/shm/d writes them to tmpfs:
#   CANDIDATES=10000 OPENINGS=200 APPLICATIONS=20000 ACTIVITIES=80000 ONLY_DRAFTS=1 scripts/bench-queue.sh
# Keep the generated database between runs with KEEP=1 (it is reused when its sizes match).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
CANDIDATES=${CANDIDATES:-1000000}
OPENINGS=${OPENINGS:-20000}
APPLICATIONS=${APPLICATIONS:-2000000}
ACTIVITIES=${ACTIVITIES:-8000000}
AS_OF=${AS_OF:-2026-11-20}
RUNS=${RUNS:-3}
export RECRUIT_HOME=${BENCH_HOME:-/tmp/recruit-bench-queue}
unset DATABASE_URL PGHOST PGDATABASE PGSERVICE

source "$root/scripts/prerequisites.sh"
recruit_prerequisites
echo "building recruit (release) ..." >&2
recruit_build_release "$root" >/dev/null
recruit="$root/.build/release/recruit"
"$recruit" db migrate >/dev/null
socket=$("$recruit" db status | sed -n 's/^database: socket \(.*\):5432\/recruit$/\1/p')
psql=(psql -X -q -h "$socket" -p 5432 -U recruit -d recruit -v ON_ERROR_STOP=1)

sizes="$CANDIDATES/$OPENINGS/$APPLICATIONS/$ACTIVITIES"
have=$("${psql[@]}" -At -c "SELECT (SELECT count(*) FROM candidates) || '/' || (SELECT count(*) FROM openings) || '/' || (SELECT count(*) FROM applications) || '/' || (SELECT count(*) FROM activities)")
if [ "$have" != "$sizes" ]; then
    echo "generating $sizes (candidates/openings/applications/activities) ..." >&2
    start=$(date +%s)
    "${psql[@]}" <<SQL
TRUNCATE activities RESTART IDENTITY;
TRUNCATE clients, hiring_managers, openings, candidates, applications, client_policies RESTART IDENTITY CASCADE;
INSERT INTO clients (name) SELECT 'Client ' || g FROM generate_series(1, greatest($OPENINGS / 100, 1)) g;
INSERT INTO hiring_managers (client_id, name, email)
    SELECT 1 + (g % greatest($OPENINGS / 100, 1)), 'Manager ' || g, 'manager' || g || '@client.example' FROM generate_series(1, $OPENINGS) g;
INSERT INTO openings (id, client_id, title, hiring_manager_id, status, opened_on, filled_on, recruiter)
    SELECT 'JOB-' || g, 1 + (g % greatest($OPENINGS / 100, 1)), 'Role ' || g, g,
           (CASE WHEN g % 10 = 0 THEN 'filled' WHEN g % 23 = 0 THEN 'on_hold' ELSE 'open' END)::opening_status,
           DATE '$AS_OF' - 200 + (g % 60),
           CASE WHEN g % 10 = 0 THEN DATE '$AS_OF' - (g % 40) END,
           'recruiter' || (g % 50) || '@agency.test'
    FROM generate_series(1, $OPENINGS) g;
INSERT INTO candidates (email, first_name, last_name, recruiter)
    SELECT 'candidate' || g || '@example.com', 'First' || g, 'Last' || g, 'recruiter' || (g % 50) || '@agency.test'
    FROM generate_series(1, $CANDIDATES) g;
INSERT INTO applications (candidate_id, opening_id, stage, stage_date, submitted_on, decision_by, interest)
    SELECT 1 + (g % $CANDIDATES), 'JOB-' || (1 + (g::bigint * 7919 + g / $CANDIDATES) % $OPENINGS),
           (CASE WHEN g % 17 = 0 THEN 'rejected' ELSE 'interviewing' END)::application_stage,
           CASE WHEN g % 17 = 0 THEN DATE '$AS_OF' - (g % 50) END,
           DATE '$AS_OF' - 120 + (g % 100),
           CASE WHEN g % 3 = 0 THEN DATE '$AS_OF' - 60 + (g % 70) END,
           (ARRAY['top','warm','neutral','cool'])[1 + g % 4]::interest_level
    FROM generate_series(0, $APPLICATIONS - 1) g
    ON CONFLICT DO NOTHING;
INSERT INTO activities (application_id, occurred_on, type, by, with_names, channel, decision_by, interest, note)
    SELECT a, d, t::activity_type, b::party, CASE WHEN t = 'interview' THEN ARRAY['Manager ' || a % $OPENINGS] ELSE '{}' END,
           'email', CASE WHEN t = 'hm_reply' AND k % 2 = 0 THEN d + 7 END, NULL, 'generated ' || k
    FROM (SELECT 1 + (k % n)::int AS a, k,
                 DATE '$AS_OF' - 110 + ((k / n) * 25 + (k % 13))::int AS d,
                 (ARRAY['interview','thank_you','follow_up','hm_reply','phone_check','follow_up','keep_in_mind','check_back'])
                     [1 + ((k / n) + k) % 8] AS t,
                 (ARRAY['recruiter','candidate','client'])[1 + k % 3] AS b
          FROM generate_series(0, $ACTIVITIES - 1) k, (SELECT count(*) AS n FROM applications) c) s;
VACUUM ANALYZE;
SQL
    echo "generated in $(( $(date +%s) - start )) s" >&2
fi
"${psql[@]}" -At -c "SELECT 'data: ' || (SELECT count(*) FROM candidates) || ' candidates, ' || (SELECT count(*) FROM openings) || ' openings, ' || (SELECT count(*) FROM applications) || ' applications, ' || (SELECT count(*) FROM activities) || ' activities'"

best() { sort -n | head -1; }
seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); awk "BEGIN { print $e - $s }"; }
runs() { echo "$1" | awk '{ printf "%s%.2f", (NR > 1 ? " " : ""), $1 }'; }

if [ "${DRAFTS:-1}" = 1 ]; then
    # DRAFTS_DIR=/dev/shm/... puts the drafts on tmpfs: the drafts' own cost without the disk's.
    drafts="${DRAFTS_DIR:-$RECRUIT_HOME/bench-drafts}"
    # One run of `recruit queue ARGS --drafts` into a new folder, its time printed. The folders are removed after
    # all the runs (one recruiter's and the whole agency's), not between them: ext4 without a journal (this machine's
    # /) spends long finding inodes for new files for minutes after files were deleted (recently_deleted, up to
    # 6 minutes), a cost of the benchmark's own clean-up that a day's drafts do not pay. (Deleting the recruiter's
    # 5 x 79 drafts before the agency's runs made those 2-4x slower.) Runs started within minutes of a previous
    # benchmark's clean-up pay it too: the "sys" CPU seconds printed below show it.
    with_drafts() { seconds "$recruit" queue --as-of "$AS_OF" "$@" --drafts "$drafts/${1:-all}${2:-}-$i" 2>/dev/null; }
    cpu() { /usr/bin/time -o "$RECRUIT_HOME/bench-cpu" -f '%U %S' "$@" >/dev/null 2>&1; cat "$RECRUIT_HOME/bench-cpu"; }
    ratios=()
    # Plain and with drafts alternate, so that a busy moment of the shared machine hits both alike.
    draft_runs() {
        local plain with i
        plain="$(seconds "$recruit" queue --as-of "$AS_OF" "$@")"
        i=1; with="$(with_drafts "$@")"
        for i in $(seq 2 "$RUNS"); do
            plain+=$'\n'"$(seconds "$recruit" queue --as-of "$AS_OF" "$@")"
            with+=$'\n'"$(with_drafts "$@")"
        done
        local files; files=$(ls "$drafts/${1:-all}${2:-}-1" | wc -l)
        local p w; p=$(echo "$plain" | best); w=$(echo "$with" | best)
        printf '%-58s %9.2fs\n' "recruit queue $* (text)" "$p"
        printf '%-58s %9.2fs  (%d drafts)\n' "recruit queue $* --drafts D" "$w" "$files"
        local ratio; ratio=$(awk "BEGIN { printf \"%.2f\", $w / $p }")
        ratios+=("${*:-whole agency}: ${ratio}x")
        printf '%-58s %9.2fx  (target <= 1.5x)\n' "  ratio with drafts" "$ratio"
        printf '%-58s %s | %s\n' "  every run (s): plain | drafts" "$(runs "$plain")" "$(runs "$with")"
        # CPU seconds (user, system) of one more run each: the drafts' own work, whatever the machine's load.
        printf '%-58s %s | %s\n' "  CPU s (user sys): plain | drafts" "$(cpu "$recruit" queue --as-of "$AS_OF" "$@")" \
            "$(cpu "$recruit" queue --as-of "$AS_OF" "$@" --drafts "$drafts/${1:-all}${2:-}-cpu")"
    }
    rm -rf "$drafts"
    printf '\n%-58s %10s\n' "drafts (best of $RUNS)" "value"
    draft_runs --recruiter recruiter7@agency.test
    draft_runs
    rm -rf "$drafts"
    printf '\nDRAFTS RATIO (queue --drafts / queue, best of %s; target <= 1.5x): %s\n' "$RUNS" "$(IFS=';'; echo "${ratios[*]}" | sed 's/;/; /g')"
fi
if [ "${ONLY_DRAFTS:-0}" = 1 ]; then
    if [ "${KEEP:-0}" != 1 ]; then "$recruit" db stop >/dev/null; rm -rf "$RECRUIT_HOME"; fi
    exit 0
fi

# Every run's time is kept, so that the spread on a shared machine shows next to the best.
references=$(for i in $(seq "$RUNS"); do seconds "${psql[@]}" -c "COPY (SELECT * FROM activities) TO STDOUT"; done)
fulls=$(for i in $(seq "$RUNS"); do seconds "$recruit" queue --as-of "$AS_OF" --format json; done)
ones=$(for i in $(seq "$RUNS"); do seconds "$recruit" queue --as-of "$AS_OF" --recruiter recruiter7@agency.test --format json; done)
texts=$(for i in $(seq "$RUNS"); do seconds "$recruit" queue --as-of "$AS_OF" --recruiter recruiter7@agency.test; done)
reference=$(echo "$references" | best)
full=$(echo "$fulls" | best)
one=$(echo "$ones" | best)
text=$(echo "$texts" | best)
rss=$( { /usr/bin/time -v "$recruit" queue --as-of "$AS_OF" --format json >/dev/null; } 2>&1 | sed -n 's/.*Maximum resident set size (kbytes): //p')
items=$("$recruit" queue --as-of "$AS_OF" --format json | grep -c '"kind"' || true)
client=$("${psql[@]}" -At -c "SELECT name FROM clients ORDER BY id LIMIT 1")
summary=$( { /usr/bin/time -f '%e %M' "$recruit" summary --client "$client" --as-of "$AS_OF" >/dev/null; } 2>&1 | tail -1)
# The other formats of the whole queue, one run each: seconds and peak kB.
others=$(for format in text csv ics; do
    echo "$format $( { /usr/bin/time -f '%e %M' "$recruit" queue --as-of "$AS_OF" --format "$format" >/dev/null; } 2>&1 | tail -1)"
done)

printf '\n%-58s %10s\n' "measure (best of $RUNS)" "value"
printf '%-58s %9.2fs\n' "reference: psql COPY (SELECT * FROM activities) TO STDOUT" "$reference"
printf '%-58s %9.2fs\n' "recruit queue --format json (all, $items items)" "$full"
printf '%-58s %9.2fx  (target <= 1.5x)\n' "  ratio to reference" "$(awk "BEGIN { print $full / $reference }")"
printf '%-58s %9.2fs  (target < 0.5 s)\n' "recruit queue --recruiter recruiter7@agency.test" "$one"
printf '%-58s %9.2fs\n' "recruit queue --recruiter recruiter7@agency.test (text)" "$text"
printf '%-58s %7d MB  (target <= 256 MB)\n' "recruit queue peak resident memory" "$(( rss / 1024 ))"
echo "$others" | while read -r format elapsed kilobytes; do
    printf '%-58s %9.2fs, %d MB\n' "recruit queue --format $format (all, one run)" "$elapsed" "$(( kilobytes / 1024 ))"
done
echo "$summary" | while read -r elapsed kilobytes; do
    printf '%-58s %9.2fs, %d MB\n' "recruit summary --client \"$client\" (one run)" "$elapsed" "$(( kilobytes / 1024 ))"
done
printf '%-58s %s\n' "every run (s): reference" "$(runs "$references")"
printf '%-58s %s\n' "              full queue" "$(runs "$fulls")"
printf '%-58s %s\n' "              one recruiter" "$(runs "$ones")"
printf '%-58s %s\n' "              one recruiter, text" "$(runs "$texts")"
if [ "${KEEP:-0}" != 1 ]; then "$recruit" db stop >/dev/null; rm -rf "$RECRUIT_HOME"; fi
