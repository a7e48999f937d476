-- 0006: each application's timeline, kept packed in one row, for the daily queue.
--
-- The queue evaluates every live application every morning. Reading every activity as a row (even from 0004's
-- covering index) cost the server more than the whole queue may take at 8,000,000 activities; one packed row per
-- application is a quarter of the rows and a fraction of the bytes, and needs no second ordered stream to merge.
-- This table is derived data: statement-level triggers on `activities` rebuild the rows of the applications each
-- statement touched, inside that statement, so it is never behind what any writer did (import, `recruit log`, plain
-- SQL, cascades). `activities` stays the record; `SELECT recruit_forget_timelines(array_agg(id)) FROM applications`
-- rebuilds every row from it.
--
-- `facts` lists an application's activities in timeline order (date, then recording order), each as
--     <day>,<type>,<by>,<decision_by>,<interest>[,<n>:<name>]...;
-- days counted from 1970-01-01, enum values as their labels (empty for NULL), each `with` name preceded by its
-- length in characters, so a name needs no escaping whatever it contains. It holds what the rules read; notes and
-- channels are not in it.
CREATE TABLE application_timelines (
    application_id bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    facts          text NOT NULL
);

-- Rebuilds the packed timelines of the applications `ids` names from their activities now (those without activities
-- are left to recruit_forget_timelines).
--
-- Two transactions adding activities to one application at once must not each write a row that lacks the other's:
-- the lock (held until commit) makes the second wait for the first to finish, and its statements, which run after
-- the wait with a fresh snapshot (READ COMMITTED), then see the first one's activities. Imports of activities are
-- already one at a time (the importer's own lock), so this costs them nothing.
CREATE FUNCTION recruit_refresh_timelines(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);  -- 0x7265637275697406: any fixed number, used for this only

    INSERT INTO application_timelines AS t (application_id, facts)
    SELECT act.application_id,
           string_agg(concat(act.occurred_on - DATE '1970-01-01', ',', act.type, ',', act.by, ',',
                             act.decision_by - DATE '1970-01-01', ',', act.interest,
                             CASE WHEN cardinality(act.with_names) > 0 THEN
                                 (SELECT string_agg(concat(',', char_length(n), ':', n), '' ORDER BY i)
                                  FROM unnest(act.with_names) WITH ORDINALITY AS names (n, i)
                                  WHERE n IS NOT NULL) END,
                             ';'),
                      '' ORDER BY act.occurred_on, act.id)
    FROM (SELECT DISTINCT unnest(ids) AS id) AS touched
    JOIN activities act ON act.application_id = touched.id
    GROUP BY act.application_id
    ON CONFLICT (application_id) DO UPDATE SET facts = EXCLUDED.facts
    WHERE t.facts IS DISTINCT FROM EXCLUDED.facts;
$$;

-- Removes the rows of the applications `ids` names that have no activities any more, then rebuilds the others.
CREATE FUNCTION recruit_forget_timelines(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);

    DELETE FROM application_timelines t
    WHERE t.application_id = ANY (ids)
      AND NOT EXISTS (SELECT FROM activities act WHERE act.application_id = t.application_id);

    SELECT recruit_refresh_timelines(ids);
$$;

CREATE FUNCTION recruit_activities_inserted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_refresh_timelines(ARRAY(SELECT DISTINCT application_id FROM inserted_activities));
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_activities_deleted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_forget_timelines(ARRAY(SELECT DISTINCT application_id FROM deleted_activities));
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_activities_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_forget_timelines(ARRAY(SELECT application_id FROM updated_activities_before
                                            UNION SELECT application_id FROM updated_activities_after));
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_activities_truncated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM application_timelines;
    RETURN NULL;
END
$$;

-- A trigger with transition tables serves one event, hence one per event.
CREATE TRIGGER activities_timelines_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS inserted_activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_inserted();
CREATE TRIGGER activities_timelines_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS deleted_activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_deleted();
CREATE TRIGGER activities_timelines_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS updated_activities_before NEW TABLE AS updated_activities_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_updated();
CREATE TRIGGER activities_timelines_truncate AFTER TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_truncated();

-- The activities recorded before this migration.
SELECT recruit_refresh_timelines(array_agg(id)) FROM applications;
