-- 0022 (issue 20): less work per inserted activity. The figures behind each change are in CHANGELOG.md and
-- docs/benchmarks.md.
-- An applied file is never edited (the migrator checks its checksum): put every change in a new numbered file.
--
-- 1. `activity_key` (0001, 0021), the natural key every stored activity carries (a generated column), becomes a SQL
-- function that PostgreSQL inlines: the generated column is then computed as a plain expression, with no function
-- call per row. It could not be inlined before because its body called STABLE functions (the enum-to-text casts and
-- convert_to); here
--   - each enum value is written out by a CASE over its labels (enum comparison is IMMUTABLE). A label the CASE does
--     not list gives a NULL key, which the NOT NULL column refuses: a migration that adds a label to activity_type,
--     party, contact_channel or interest_level must list it here too (ActivityKeyTests checks every label);
--   - the text's UTF-8 bytes are `decode(replace(text, '\', '\\'), 'escape')` (every byte copied, each backslash
--     doubled and read back as one), which equals convert_to(text, 'UTF8') in a UTF8 database only: in a database
--     of another encoding the function stays 0021's;
--   - no names or one name are written out; two names or more go through `recruit_activity_key_names`, 0021's loop.
-- Same arguments, same value for every input (the stored keys stay valid; no row is rewritten).
-- Tests/RecruitingTests/ActivityKeyTests.swift compares it with 0001's definition on generated inputs.
CREATE FUNCTION recruit_activity_key_names(with_names text[]) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    names text;
    name text;
BEGIN
    IF cardinality(with_names) > 0 THEN
        FOREACH name IN ARRAY with_names LOOP
            IF name IS NOT NULL THEN
                -- person_key(name), written out (see 0021: a restore runs with an empty search_path).
                names := CASE WHEN names IS NULL THEN '' ELSE names || E'\x1e' END
                         || lower(regexp_replace(btrim(name), '\s+', ' ', 'g'));
            END IF;
        END LOOP;
    END IF;
    RETURN coalesce(names, '');
END
$$;

DO $do$
BEGIN
    IF current_setting('server_encoding') = 'UTF8' THEN
        EXECUTE $sql$
        CREATE OR REPLACE FUNCTION activity_key(occurred_on date, type activity_type, by party, with_names text[],
                                                channel contact_channel, decision_by date, interest interest_level,
                                                note text)
            RETURNS bytea
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN sha256(decode(replace(
            (occurred_on - DATE '2000-01-01')::text || E'\x1f' ||
            CASE type WHEN 'interview' THEN 'interview' WHEN 'thank_you' THEN 'thank_you'
                      WHEN 'follow_up' THEN 'follow_up' WHEN 'phone_check' THEN 'phone_check'
                      WHEN 'hm_reply' THEN 'hm_reply' WHEN 'keep_in_mind' THEN 'keep_in_mind'
                      WHEN 'check_back' THEN 'check_back' WHEN 'offer' THEN 'offer' WHEN 'hired' THEN 'hired'
                      WHEN 'rejected' THEN 'rejected' WHEN 'withdrawn' THEN 'withdrawn' END ||
            E'\x1f' ||
            CASE WHEN by IS NULL THEN '' WHEN by = 'candidate' THEN 'candidate' WHEN by = 'recruiter' THEN 'recruiter'
                 WHEN by = 'client' THEN 'client' END ||
            E'\x1f' ||
            CASE WHEN with_names IS NULL OR cardinality(with_names) = 0 THEN ''
                 WHEN cardinality(with_names) = 1 AND array_ndims(with_names) = 1 THEN
                     coalesce(lower(regexp_replace(btrim(with_names[array_lower(with_names, 1)]), '\s+', ' ', 'g')), '')
                 ELSE recruit_activity_key_names(with_names) END ||
            E'\x1f' ||
            CASE WHEN channel IS NULL THEN '' WHEN channel = 'email' THEN 'email' WHEN channel = 'phone' THEN 'phone'
                 WHEN channel = 'letter' THEN 'letter' WHEN channel = 'in_person' THEN 'in_person'
                 WHEN channel = 'video' THEN 'video' WHEN channel = 'other' THEN 'other' END ||
            E'\x1f' || coalesce((decision_by - DATE '2000-01-01')::text, '') ||
            E'\x1f' ||
            CASE WHEN interest IS NULL THEN '' WHEN interest = 'top' THEN 'top' WHEN interest = 'warm' THEN 'warm'
                 WHEN interest = 'neutral' THEN 'neutral' WHEN interest = 'cool' THEN 'cool' END ||
            E'\x1f' || coalesce(note, ''),
            E'\\', E'\\\\'), 'escape'))
        $sql$;
    END IF;
END
$do$;

-- 2. The reference from `activities` to `applications` (0001): the statement's applications that this transaction
-- itself created or changed (their row's xmin is this transaction's id) are no longer locked FOR KEY SHARE, only
-- counted. No other transaction can delete such a row before this one ends: one it created is invisible to the
-- others, and one it changed is locked by that change (a delete waits for it). An activities import creates an
-- application for each new candidate and opening pair: each of those locks wrote a WAL record and dirtied the row's
-- page. Applications of other transactions are locked as before, and a missing one fails the same way.
CREATE OR REPLACE FUNCTION recruit_activities_check_applications() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    wanted bigint;
    found bigint;
    own bigint;
    locked bigint := 0;
    missing bigint;
    mine xid := pg_current_xact_id()::xid;
BEGIN
    SELECT count(*), count(a.id), count(*) FILTER (WHERE a.xmin = mine) INTO wanted, found, own
    FROM (SELECT DISTINCT application_id FROM checked_activities) AS n
    LEFT JOIN applications a ON a.id = n.application_id;
    IF found > own THEN
        PERFORM FROM applications a
        WHERE a.id IN (SELECT application_id FROM checked_activities) AND a.xmin <> mine
        FOR KEY SHARE OF a;
        GET DIAGNOSTICS locked = ROW_COUNT;
    END IF;
    -- Every one found, and every one of the others' still there once locked (one deleted meanwhile is skipped).
    IF found < wanted OR locked < found - own THEN
        SELECT n.application_id INTO missing FROM checked_activities n
        WHERE NOT EXISTS (SELECT FROM applications a WHERE a.id = n.application_id)
        LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "activities" violates foreign key constraint "activities_application_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'activities_application_id_fkey',
                  TABLE = 'activities', COLUMN = 'application_id',
                  DETAIL = format('Key (application_id)=(%s) is not present in table "applications".', missing);
    END IF;
    RETURN NULL;
END
$$;

-- 3. The activities' insert trigger (0003, 0014) builds each application's facts from rows read in timeline order
-- (application, date, id) and joined in that order, instead of sorting each application's few facts apart
-- (`string_agg(... ORDER BY ...)` starts a sort per application: 200,000 of them for an import that creates 200,000
-- applications). The text is the same: each group's rows reach the aggregate in the order they are read.
CREATE OR REPLACE FUNCTION recruit_activities_inserted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    known bigint[];
BEGIN
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        PERFORM recruit_refresh_timelines(ARRAY(SELECT DISTINCT application_id FROM inserted_activities));
        RETURN NULL;
    END IF;

    WITH built AS MATERIALIZED (
        SELECT act.application_id, string_agg(act.fact, '') AS facts
        FROM (SELECT n.application_id, fact
              FROM inserted_activities n
              CROSS JOIN LATERAL recruit_timeline_fact(n.occurred_on, n.type, n.by, n.with_names,
                                                       n.decision_by, n.interest) AS fact
              ORDER BY n.application_id, n.occurred_on, n.id) AS act
        GROUP BY act.application_id
    ), state AS MATERIALIZED (
        SELECT b.application_id, b.facts, t.facts AS stored
        FROM built b
        LEFT JOIN application_timelines t ON t.application_id = b.application_id
    ), filled AS (
        UPDATE application_timelines t SET facts = s.facts
        FROM state s
        WHERE s.stored = '' AND t.application_id = s.application_id
    ), added AS (
        INSERT INTO application_timelines (application_id, candidate_id, email, candidate_name, opening_id, stage,
                                           stage_date, submitted_on, decision_by, interest, recruiter, facts)
        SELECT h.application_id, h.candidate_id, h.email, h.candidate_name, h.opening_id, h.stage, h.stage_date,
               h.submitted_on, h.decision_by, h.interest, h.recruiter, s.facts
        FROM state s
        JOIN recruit_timeline_heads h ON h.application_id = s.application_id
        WHERE s.stored IS NULL
    )
    SELECT array_agg(s.application_id) INTO known FROM state s WHERE s.stored <> '';

    IF cardinality(known) > 0 THEN
        PERFORM recruit_refresh_timelines(known);
    END IF;
    RETURN NULL;
END
$$;
