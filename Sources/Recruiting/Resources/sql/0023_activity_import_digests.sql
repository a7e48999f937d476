-- 0023 (issue 20): a re-imported activities file skips the applications whose rows it already brought.
-- An applied file is never edited (the migrator checks its checksum): put every change in a new numbered file.
--
-- Agencies export their whole ATS every night and import it every morning: nearly every row is one already stored,
-- and finding that out row by row (the natural key's ON CONFLICT, a probe of the unique index and a heap read per
-- row) cost more than everything else of the import. So each activities import leaves, per application, a digest of
-- the file's rows for it; the next import whose rows for that application have the same digest leaves them out.
--
-- What a row here states: the last activities import (in `zone`, read by the rules numbered `format`) that wrote to
-- this application had `rows` rows for it whose cells (date to note, as staged: after a profile, before any
-- reading) hash to `high` and `low`; every one of those rows was then an activity of this application, and so it
-- stays while nobody changes or removes one. Inserting more activities keeps it true; an UPDATE or DELETE of the
-- application's activities may not, so the triggers below clear the digest and count the change in `edits`.
-- `read_at_edits` is `edits` as the import read it before its insert (or, for an application it looked at again,
-- under the queue's lock): a change made by another session while the import ran leaves `edits` above it, and the
-- digest does not count (`Sources/Recruiting/Import/ImportDigests.swift`
-- has the reading and the writing, and why each side waits for the other where it must).
--
-- The digest is the sum of each row's 64-bit hash, in two 32-bit halves so that PostgreSQL sums them in 64-bit
-- integers; with the count of rows. A row's hash is `hash_record_extended` of its cells hashed once more as text:
-- `hash_record_extended` alone is linear in its cells' hashes, so its sum over rows would not see two rows swap a
-- date or a note. Equal digests of different rows are then a chance of about 2^-64 for each application (their rows
-- would be left out as if stored: a file written to collide only hides its own rows). Nothing here is personal data
-- in clear, and a change to an activity (an erasure empties names and notes) clears the digest of its application.
--
-- What the rows mean depends on how cells are read: `Cell` (Sources/Recruiting/Import/ImportChecks.swift),
-- `activity_key`, `person_key`, `recruit_parse_day`, `recruit_split_names`, the four enums. A migration that changes
-- one of them must `DELETE FROM activity_import_digests` (a release that changes `Cell` raises ImportDigests.format).
CREATE TABLE activity_import_digests (
    application_id bigint PRIMARY KEY,
    rows           bigint,
    high           bigint,
    low            bigint,
    zone           text,
    format         integer,
    read_at_edits  bigint,
    edits          bigint NOT NULL DEFAULT 0
);

-- Activities of these applications were changed or removed: their digests no longer hold. The applications that no
-- longer exist lose their row. Waits first for the queue's lock (0003), as the timeline triggers do, so that an
-- import holding it (from its insert's trigger, or its second look at the digests, to its commit) writes its digests
-- before this counts a change: the import's digests are written after its inserts, and a change it did not see then
-- still counts.
CREATE FUNCTION recruit_activity_digests_forget(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);

    INSERT INTO activity_import_digests AS d (application_id, edits)
    SELECT a.id, 1 FROM applications a WHERE a.id = ANY (ids)
    ON CONFLICT (application_id) DO UPDATE
    SET rows = NULL, high = NULL, low = NULL, zone = NULL, format = NULL, edits = d.edits + 1;

    DELETE FROM activity_import_digests d
    WHERE d.application_id = ANY (ids) AND NOT EXISTS (SELECT FROM applications a WHERE a.id = d.application_id);
$$;

CREATE FUNCTION recruit_activities_digests_deleted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_activity_digests_forget(ARRAY(SELECT DISTINCT application_id FROM digest_deleted_activities));
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_activities_digests_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_activity_digests_forget(ARRAY(SELECT application_id FROM digest_activities_before
                                                  UNION SELECT application_id FROM digest_activities_after));
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_activities_digests_truncated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    -- DELETE, not TRUNCATE: an import reading the digests holds a lock TRUNCATE would wait for, under this one.
    DELETE FROM activity_import_digests;
    RETURN NULL;
END
$$;

-- Named to run after activities_references_* and activities_timelines_* (triggers of one event run in name order,
-- 0001): the references' row locks first, then the queue's lock, as before.
CREATE TRIGGER activities_void_digests_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS digest_deleted_activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_digests_deleted();
CREATE TRIGGER activities_void_digests_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS digest_activities_before NEW TABLE AS digest_activities_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_digests_updated();
CREATE TRIGGER activities_void_digests_truncate AFTER TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_activities_digests_truncated();
