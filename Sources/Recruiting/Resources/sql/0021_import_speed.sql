-- 0021 (issue 20): the import's costs that were not the import's work.
-- An applied file is never edited (the migrator checks its checksum): put every change in a new numbered file.
--
-- `activity_key` (0001), the natural key every stored activity carries (a generated column), was a SQL function.
-- PostgreSQL cannot inline it (the enum-to-text casts and convert_to are STABLE, the function IMMUTABLE, and the
-- names were a sub-SELECT), so each call ran the SQL-function executor: about 18 us an activity, measured with
-- track_functions, 36.7 s of a 1,000,000-row import and its re-import (200,000 candidates, 1,000,000 activities;
-- a fresh import took 61.6 s). The same function in PL/pgSQL evaluates its expressions directly: 4-5 us.
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
                names := CASE WHEN names IS NULL THEN '' ELSE names || E'\x1e' END || person_key(name);
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
