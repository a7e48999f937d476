-- 0010: a cheaper insert trigger for the packed timelines (0006, 0008); what it stores is unchanged.
--
-- Measured on 1,000,000 activities into 200,000 new applications (a fifth of the import benchmark), the trigger took
-- about 5 s of the insert: most of it building the facts, and a pass over the statement's rows of its own to find
-- the applications that already had a packed row.
--
-- 1. recruit_timeline_fact: an activity with one `with` name (every interview and thank-you of most files) no longer
--    runs the names sub-SELECT, a sub-plan started per activity; its name is written out directly. Two names or
--    more still go through the sub-SELECT. The text is byte for byte 0008's: NULL names are left out, a name is
--    preceded by its length in characters. The one-name branch is taken only for a one-dimensional array, whatever
--    its lower bound, so that it reads the same element unnest() would.
CREATE OR REPLACE FUNCTION recruit_timeline_fact(occurred_on date, type activity_type, by party, with_names text[],
                                                 decision_by date, interest interest_level) RETURNS SETOF text
    LANGUAGE sql STABLE ROWS 1
AS $$
    SELECT concat(occurred_on - DATE '1970-01-01', ',', type, ',', by, ',', decision_by - DATE '1970-01-01', ',',
                  interest,
                  CASE WHEN cardinality(with_names) = 1 AND array_ndims(with_names) = 1 THEN
                      CASE WHEN with_names[array_lower(with_names, 1)] IS NOT NULL THEN
                          concat(',', char_length(with_names[array_lower(with_names, 1)]), ':',
                                 with_names[array_lower(with_names, 1)]) END
                  WHEN cardinality(with_names) > 0 THEN
                      (SELECT string_agg(concat(',', char_length(n), ':', n), '' ORDER BY i)
                       FROM unnest(with_names) WITH ORDINALITY AS names (n, i)
                       WHERE n IS NOT NULL) END,
                  ';')
$$;

-- 2. The insert trigger builds every inserted application's row once, grouped from the transition table, then
--    inserts those of applications that had no row and lists the others in the same statement (one snapshot: the
--    list does not see the rows this statement adds), instead of a first pass over the transition table for the
--    list and a second one, filtered by it, for the rows. The applications that had a row are rebuilt from
--    `activities` as before (their rows built here are dropped), and the lock, the isolation rule and the reasons
--    for them are 0008's.
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
        SELECT act.application_id, string_agg(fact, '' ORDER BY act.occurred_on, act.id) AS facts
        FROM inserted_activities act
        CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by, act.with_names,
                                                 act.decision_by, act.interest) AS fact
        GROUP BY act.application_id
    ), added AS (
        INSERT INTO application_timelines (application_id, facts)
        SELECT b.application_id, b.facts FROM built b
        WHERE NOT EXISTS (SELECT FROM application_timelines t WHERE t.application_id = b.application_id)
    )
    SELECT array_agg(b.application_id) INTO known FROM built b
    WHERE EXISTS (SELECT FROM application_timelines t WHERE t.application_id = b.application_id);

    IF cardinality(known) > 0 THEN
        PERFORM recruit_refresh_timelines(known);
    END IF;
    RETURN NULL;
END
$$;
