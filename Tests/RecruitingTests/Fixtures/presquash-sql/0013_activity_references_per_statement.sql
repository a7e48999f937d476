-- 0013: the reference from `activities` to `applications` is checked once per statement, not once per row.
--
-- The foreign key of 0001 ran its check as a query of its own for every inserted activity: 9.4 s of a 47.5 s insert of
-- 1,000,000 activities into 200,000 applications (auto_explain with log_triggers; 9.4 us per row), so about 47 s of an
-- import of 5,000,000 activities, and the key is not on the table psql's reference copy writes. The same rule is now
-- kept by statement triggers, each one set-based query:
--   - every application that a statement's inserted or updated activities name must exist: the statement locks them
--     all FOR KEY SHARE, as the key's check did one row at a time (a concurrent delete of one of them waits for this
--     transaction; one deleted meanwhile makes this statement fail), and fails with the key's error
--     (SQLSTATE 23503, constraint activities_application_id_fkey) when one is missing;
--   - deleting applications deletes their activities (the key's ON DELETE CASCADE), and truncating `applications`
--     truncates `activities` (the key made TRUNCATE applications refuse unless CASCADE, which truncated both);
--   - an application's id cannot change while activities name it (the key's NO ACTION on update).
-- Under REPEATABLE READ, a delete of an application whose new activities it cannot see (committed by another
-- transaction after its snapshot) also rewrites or deletes that application's row in `application_timelines`, which
-- those activities' trigger wrote: it fails as a serialization failure, as the key's cascade did, instead of leaving
-- them behind.
ALTER TABLE activities DROP CONSTRAINT activities_application_id_fkey;

CREATE FUNCTION recruit_activities_check_applications() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    wanted bigint;
    locked bigint;
    missing bigint;
BEGIN
    SELECT count(*) INTO wanted FROM (SELECT DISTINCT application_id FROM checked_activities) AS named;
    PERFORM FROM applications a WHERE a.id IN (SELECT application_id FROM checked_activities) FOR KEY SHARE OF a;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < wanted THEN
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

CREATE FUNCTION recruit_applications_delete_activities() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    DELETE FROM activities act USING removed_applications d WHERE act.application_id = d.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_applications_truncate_activities() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    TRUNCATE activities;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_applications_keep_activity_ids() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    named bigint;
BEGIN
    SELECT o.id INTO named FROM ids_before o
    WHERE NOT EXISTS (SELECT FROM ids_after n WHERE n.id = o.id)
      AND EXISTS (SELECT FROM activities act WHERE act.application_id = o.id)
    LIMIT 1;
    IF named IS NOT NULL THEN
        RAISE EXCEPTION 'update or delete on table "applications" violates foreign key constraint "activities_application_id_fkey" on table "activities"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'activities_application_id_fkey',
                  TABLE = 'applications',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "activities".', named);
    END IF;
    RETURN NULL;
END
$$;

-- Named to run before the timelines' triggers of the same event (triggers run in name order): a statement naming a
-- missing application fails before anything is built for it.
CREATE TRIGGER activities_references_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS checked_activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_check_applications();
CREATE TRIGGER activities_references_update AFTER UPDATE ON activities
    REFERENCING NEW TABLE AS checked_activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_check_applications();
CREATE TRIGGER applications_activities_delete AFTER DELETE ON applications
    REFERENCING OLD TABLE AS removed_applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_delete_activities();
CREATE TRIGGER applications_activities_truncate AFTER TRUNCATE ON applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_truncate_activities();
CREATE TRIGGER applications_activities_update AFTER UPDATE ON applications
    REFERENCING OLD TABLE AS ids_before NEW TABLE AS ids_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_keep_activity_ids();
