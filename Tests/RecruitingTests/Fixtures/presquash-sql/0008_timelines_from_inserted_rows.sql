-- 0008: an insert builds the packed timelines of applications that had none straight from the inserted rows.
--
-- 0006's insert trigger rebuilt every touched application from `activities`: in a fresh import of 5,000,000
-- activities that is a million index scans of rows the statement has just written, and as many speculative inserts
-- (ON CONFLICT), about 45 s of the import. An application without a row in `application_timelines` has no
-- activities before the statement (the triggers keep a row for every application that has some), so all of its
-- activities are in the statement's transition table: its row is built from there and inserted as it is. The
-- applications that had a row are rebuilt from `activities` as before. The format is 0006's, unchanged.

-- One activity as 0006 packs it: <day>,<type>,<by>,<decision_by>,<interest>[,<n>:<name>]...;
-- Used by both ways of building a row, so that they cannot drift apart. A set-returning SQL function (one row) called
-- in FROM, because PostgreSQL inlines that kind with its sub-SELECT (for the names): the plan is the one of the
-- expression written out in the query, with no function call per activity. A scalar function would be inlined only
-- without the sub-SELECT, leaving a call of a names function per activity that has names.
CREATE FUNCTION recruit_timeline_fact(occurred_on date, type activity_type, by party, with_names text[],
                                      decision_by date, interest interest_level) RETURNS SETOF text
    LANGUAGE sql STABLE ROWS 1
AS $$
    SELECT concat(occurred_on - DATE '1970-01-01', ',', type, ',', by, ',', decision_by - DATE '1970-01-01', ',',
                  interest,
                  CASE WHEN cardinality(with_names) > 0 THEN
                      (SELECT string_agg(concat(',', char_length(n), ':', n), '' ORDER BY i)
                       FROM unnest(with_names) WITH ORDINALITY AS names (n, i)
                       WHERE n IS NOT NULL) END,
                  ';')
$$;

-- As 0006's, with the fact from the function above.
CREATE OR REPLACE FUNCTION recruit_refresh_timelines(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);  -- 0x7265637275697406: any fixed number, used for this only

    INSERT INTO application_timelines AS t (application_id, facts)
    SELECT act.application_id, string_agg(fact, '' ORDER BY act.occurred_on, act.id)
    FROM (SELECT DISTINCT unnest(ids) AS id) AS touched
    JOIN activities act ON act.application_id = touched.id
    CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by, act.with_names, act.decision_by,
                                             act.interest) AS fact
    GROUP BY act.application_id
    ON CONFLICT (application_id) DO UPDATE SET facts = EXCLUDED.facts
    WHERE t.facts IS DISTINCT FROM EXCLUDED.facts;
$$;

-- The lock comes first, as in recruit_refresh_timelines, and for the same reason: a second transaction adding
-- activities to an application waits here for the first one to commit, and its statements below (each with a fresh
-- snapshot, READ COMMITTED) then see the row the first one wrote, so the application goes the rebuild way with both
-- transactions' activities instead of being built from this statement's rows alone.
-- Under REPEATABLE READ or SERIALIZABLE the snapshot is the transaction's: that row may be committed yet unseen, and
-- an insert without ON CONFLICT would fail on the key instead of with the serialization failure such transactions
-- are written to retry; those rebuild everything from `activities` (as 0006 did).
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

    -- Taken before the insert below adds rows; the primary key makes them distinct.
    known := ARRAY(SELECT t.application_id FROM application_timelines t
                   WHERE t.application_id IN (SELECT application_id FROM inserted_activities));

    INSERT INTO application_timelines (application_id, facts)
    SELECT act.application_id, string_agg(fact, '' ORDER BY act.occurred_on, act.id)
    FROM inserted_activities act
    CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by, act.with_names, act.decision_by,
                                             act.interest) AS fact
    WHERE NOT EXISTS (SELECT FROM application_timelines t WHERE t.application_id = act.application_id)
    GROUP BY act.application_id;

    IF cardinality(known) > 0 THEN
        PERFORM recruit_refresh_timelines(known);
    END IF;
    RETURN NULL;
END
$$;
