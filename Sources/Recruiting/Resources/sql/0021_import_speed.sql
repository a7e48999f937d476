-- 0021 (issue 20): what writing activities and applications cost beyond the rows themselves. The figures behind each
-- change are in CHANGELOG.md and docs/benchmarks.md.
-- An applied file is never edited (the migrator checks its checksum): put every change in a new numbered file.
--
-- `activity_key` (0001), the natural key every stored activity carries (a generated column), is in PL/pgSQL. As a SQL
-- function PostgreSQL could not inline it (the enum-to-text casts and convert_to are STABLE, the function IMMUTABLE,
-- and the names were a sub-SELECT), so each call ran the SQL-function executor; PL/pgSQL evaluates the expressions
-- directly, several times faster.
--
-- Same arguments, same value for every input (the stored keys stay valid; no row is rewritten):
--   - the names are each `person_key(name)` joined by E'\x1e', NULL names left out, every element of a
--     multi-dimensional array in storage order (FOREACH reads them as unnest() did); no names, or only NULL ones,
--     give '';
--   - the rest is 0001's expression, unchanged.
-- Tests/RecruitingTests/ActivityKeyTests.swift compares it with 0001's definition on generated inputs.
CREATE OR REPLACE FUNCTION activity_key(occurred_on date, type activity_type, by party, with_names text[],
                                        channel contact_channel, decision_by date, interest interest_level, note text)
    RETURNS bytea
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    names text;
    name text;
BEGIN
    IF cardinality(with_names) > 0 THEN
        FOREACH name IN ARRAY with_names LOOP
            IF name IS NOT NULL THEN
                -- person_key(name), written out: a restore (pg_dump's script runs with an empty search_path)
                -- computes this column while it loads the rows, and finds only pg_catalog's functions by name.
                names := CASE WHEN names IS NULL THEN '' ELSE names || E'\x1e' END
                         || lower(regexp_replace(btrim(name), '\s+', ' ', 'g'));
            END IF;
        END LOOP;
    END IF;
    RETURN sha256(convert_to(
        (occurred_on - DATE '2000-01-01')::text || E'\x1f' || type::text || E'\x1f' || coalesce(by::text, '') ||
        E'\x1f' || coalesce(names, '') ||
        E'\x1f' || coalesce(channel::text, '') || E'\x1f' || coalesce((decision_by - DATE '2000-01-01')::text, '') ||
        E'\x1f' || coalesce(interest::text, '') || E'\x1f' || coalesce(note, ''), 'UTF8'));
END
$$;

-- The references from `applications` to `candidates` and `openings` become statement triggers, as 0001 made the one
-- from `activities` to `applications`: a foreign key checks each inserted application with a query of its own, two
-- per application here, most of the cost of inserting applications (an activities import creates one per candidate
-- and opening pair it names). The triggers keep the rules of
-- the keys they replace (named applications_candidate_id_fkey and applications_opening_id_fkey in their errors):
--   - every candidate and opening that a statement's inserted applications name, or its updated ones name anew, must
--     exist: the statement locks each of them once FOR KEY SHARE, as a key's check does one row at a time (a
--     concurrent delete waits for this transaction; one deleted meanwhile makes this statement fail), and fails with
--     a key's error (SQLSTATE 23503) when one is missing;
--   - deleting candidates or openings deletes their applications (ON DELETE CASCADE), and with them their activities
--     and rows of `application_timelines` (those tables' own triggers); truncating `candidates` or `openings`
--     truncates `applications` when it has rows (a key made such a TRUNCATE refuse unless CASCADE, which truncated
--     both);
--   - a candidate's or an opening's id cannot change while applications name it (NO ACTION on update).
-- One difference: a delete of candidates or openings (or a change of their ids) under REPEATABLE READ would not see
-- applications another transaction committed after its snapshot, and would leave those; such a statement is
-- refused (SQLSTATE 0A000) instead. recruit deletes neither; a script that does runs under READ COMMITTED, the
-- default, or SERIALIZABLE.
ALTER TABLE applications DROP CONSTRAINT applications_candidate_id_fkey,
                         DROP CONSTRAINT applications_opening_id_fkey;

-- The check, over the candidate and opening ids a statement names (each list without repeats).
CREATE FUNCTION recruit_check_application_references(candidate_ids bigint[], opening_ids text[]) RETURNS void
    LANGUAGE plpgsql
AS $$
DECLARE
    locked bigint;
    missing text;
BEGIN
    PERFORM FROM candidates c WHERE c.id = ANY (candidate_ids) FOR KEY SHARE OF c;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < cardinality(candidate_ids) THEN
        SELECT n::text INTO missing FROM unnest(candidate_ids) AS n
        WHERE NOT EXISTS (SELECT FROM candidates c WHERE c.id = n) LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "applications" violates foreign key constraint "applications_candidate_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'applications_candidate_id_fkey',
                  TABLE = 'applications', COLUMN = 'candidate_id',
                  DETAIL = format('Key (candidate_id)=(%s) is not present in table "candidates".', missing);
    END IF;
    PERFORM FROM openings o WHERE o.id = ANY (opening_ids) FOR KEY SHARE OF o;
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked < cardinality(opening_ids) THEN
        SELECT n INTO missing FROM unnest(opening_ids) AS n
        WHERE NOT EXISTS (SELECT FROM openings o WHERE o.id = n) LIMIT 1;
        RAISE EXCEPTION 'insert or update on table "applications" violates foreign key constraint "applications_opening_id_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'applications_opening_id_fkey',
                  TABLE = 'applications', COLUMN = 'opening_id',
                  DETAIL = format('Key (opening_id)=(%s) is not present in table "openings".', missing);
    END IF;
END
$$;

CREATE FUNCTION recruit_applications_check_inserted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM recruit_check_application_references(
        ARRAY(SELECT DISTINCT candidate_id FROM checked_applications),
        ARRAY(SELECT DISTINCT opening_id FROM checked_applications));
    RETURN NULL;
END
$$;

-- Only the ids an update set anew are checked, as a key checks only changed columns.
CREATE FUNCTION recruit_applications_check_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM checked_applications n
                   WHERE NOT EXISTS (SELECT FROM applications_before_check o
                                     WHERE o.id = n.id AND o.candidate_id = n.candidate_id
                                       AND o.opening_id = n.opening_id)) THEN
        RETURN NULL;
    END IF;
    PERFORM recruit_check_application_references(
        ARRAY(SELECT DISTINCT n.candidate_id FROM checked_applications n
              WHERE NOT EXISTS (SELECT FROM applications_before_check o
                                WHERE o.id = n.id AND o.candidate_id = n.candidate_id)),
        ARRAY(SELECT DISTINCT n.opening_id FROM checked_applications n
              WHERE NOT EXISTS (SELECT FROM applications_before_check o
                                WHERE o.id = n.id AND o.opening_id = n.opening_id)));
    RETURN NULL;
END
$$;

-- Refuses a change of candidates or openings that a REPEATABLE READ snapshot cannot make safely (see above).
CREATE FUNCTION recruit_refuse_repeatable_read(changed text) RETURNS void
    LANGUAGE plpgsql
AS $$
BEGIN
    IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'changing % under REPEATABLE READ could leave applications another transaction adds meanwhile', changed
            USING ERRCODE = 'feature_not_supported', HINT = 'Run it under READ COMMITTED (the default) or SERIALIZABLE.';
    END IF;
END
$$;

CREATE FUNCTION recruit_candidates_delete_applications() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT FROM removed_candidates) THEN
        PERFORM recruit_refuse_repeatable_read('candidates');
    END IF;
    DELETE FROM applications a USING removed_candidates d WHERE a.candidate_id = d.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_openings_delete_applications() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT FROM removed_openings) THEN
        PERFORM recruit_refuse_repeatable_read('openings');
    END IF;
    DELETE FROM applications a USING removed_openings d WHERE a.opening_id = d.id;
    RETURN NULL;
END
$$;

-- After TRUNCATE candidates or openings. A TRUNCATE that named `applications` too has emptied it already.
CREATE FUNCTION recruit_truncate_applications() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF EXISTS (SELECT FROM applications) THEN
        TRUNCATE applications;
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_candidates_keep_application_ids() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    named bigint;
BEGIN
    IF EXISTS (SELECT FROM candidate_ids_before o WHERE NOT EXISTS (SELECT FROM candidate_ids_after n WHERE n.id = o.id)) THEN
        PERFORM recruit_refuse_repeatable_read('candidates');
    END IF;
    SELECT o.id INTO named FROM candidate_ids_before o
    WHERE NOT EXISTS (SELECT FROM candidate_ids_after n WHERE n.id = o.id)
      AND EXISTS (SELECT FROM applications a WHERE a.candidate_id = o.id)
    LIMIT 1;
    IF named IS NOT NULL THEN
        RAISE EXCEPTION 'update or delete on table "candidates" violates foreign key constraint "applications_candidate_id_fkey" on table "applications"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'applications_candidate_id_fkey',
                  TABLE = 'candidates',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "applications".', named);
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_openings_keep_application_ids() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    named text;
BEGIN
    IF EXISTS (SELECT FROM opening_ids_before o WHERE NOT EXISTS (SELECT FROM opening_ids_after n WHERE n.id = o.id)) THEN
        PERFORM recruit_refuse_repeatable_read('openings');
    END IF;
    SELECT o.id INTO named FROM opening_ids_before o
    WHERE NOT EXISTS (SELECT FROM opening_ids_after n WHERE n.id = o.id)
      AND EXISTS (SELECT FROM applications a WHERE a.opening_id = o.id)
    LIMIT 1;
    IF named IS NOT NULL THEN
        RAISE EXCEPTION 'update or delete on table "openings" violates foreign key constraint "applications_opening_id_fkey" on table "applications"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'applications_opening_id_fkey',
                  TABLE = 'openings',
                  DETAIL = format('Key (id)=(%s) is still referenced from table "applications".', named);
    END IF;
    RETURN NULL;
END
$$;

-- Named applications_references_*: they run before applications_timelines_* (name order), so a statement naming a
-- missing candidate or opening fails before anything is built for it.
CREATE TRIGGER applications_references_insert AFTER INSERT ON applications
    REFERENCING NEW TABLE AS checked_applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_check_inserted();
CREATE TRIGGER applications_references_update AFTER UPDATE ON applications
    REFERENCING OLD TABLE AS applications_before_check NEW TABLE AS checked_applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_check_updated();
CREATE TRIGGER candidates_applications_delete AFTER DELETE ON candidates
    REFERENCING OLD TABLE AS removed_candidates
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_candidates_delete_applications();
CREATE TRIGGER openings_applications_delete AFTER DELETE ON openings
    REFERENCING OLD TABLE AS removed_openings
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_openings_delete_applications();
CREATE TRIGGER candidates_applications_truncate AFTER TRUNCATE ON candidates
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_truncate_applications();
CREATE TRIGGER openings_applications_truncate AFTER TRUNCATE ON openings
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_truncate_applications();
CREATE TRIGGER candidates_applications_update AFTER UPDATE ON candidates
    REFERENCING OLD TABLE AS candidate_ids_before NEW TABLE AS candidate_ids_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_candidates_keep_application_ids();
CREATE TRIGGER openings_applications_update AFTER UPDATE ON openings
    REFERENCING OLD TABLE AS opening_ids_before NEW TABLE AS opening_ids_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_openings_keep_application_ids();

-- One index of `activities` fewer: the natural key's unique index carries the columns that 0001's
-- activities_timeline_covering_idx held for index-only reads of an application's activities (rebuilding its row of
-- `application_timelines`, which sorts them by date and id itself), and that index goes: every activity inserted
-- updated both. The client summary's reply figures, which read the prompts and replies in application and date order
-- from the old index, sort them instead.
ALTER TABLE activities DROP CONSTRAINT activities_natural_key,
    ADD CONSTRAINT activities_natural_key UNIQUE (application_id, natural_key)
        INCLUDE (occurred_on, id, type, by, with_names, decision_by, interest);
DROP INDEX activities_timeline_covering_idx;
