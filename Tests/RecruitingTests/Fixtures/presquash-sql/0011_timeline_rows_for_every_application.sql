-- 0011: `application_timelines` holds the queue's whole row for every application: the application's own columns,
-- its candidate's e-mail, the recruiter it answers to (the application's, else the candidate's, else the opening's)
-- and the packed facts (0006; '' for an application without activities). The queue reads this table alone.
--
-- Why: one recruiter's queue found its applications through the candidates (0007), probed `applications` by
-- candidate, then `application_timelines` by application: about 13 buffers per candidate, 0.25-0.3 s of server time
-- per part for 40,000 applications of 2,000,000, most of the command's half second. With the recruiter on the row and
-- an index on it (below), a part reads its rows straight from the index and the heap: one heap page per application,
-- 0.09-0.12 s per part on the same data. A whole agency's read scans this table alone (no join with `applications`,
-- no separate read of a million candidates' e-mails).
--
-- The cost is on the writers, all kept by the triggers below:
--   - a new application gets its row at once ('' facts) from the insert trigger on `applications`. The activities
--     importer, which creates applications and then inserts their activities in one transaction, sets
--     `recruit.timelines_from_activities` for the transaction instead: those applications' rows are then written
--     once, whole, by the activities' insert trigger (an insert, not an insert then an update of every new row);
--   - the activities' insert trigger fills a row that has no facts yet from the statement's rows (an update), and
--     rebuilds a row that has facts from `activities`, as 0008 did;
--   - a change of an application's columns, of a candidate's e-mail or recruiter, or of an opening's recruiter
--     rewrites the rows of the applications concerned, only where a value differs;
--   - deleting or truncating applications deletes their rows.
-- Every writer takes 0006's advisory lock first: READ COMMITTED writers then see each other's committed rows.

LOCK TABLE applications, candidates, openings, activities IN SHARE MODE;

-- What an application's row says besides its facts. A view, so that each trigger's query joins it as it needs.
CREATE VIEW recruit_timeline_heads AS
SELECT a.id AS application_id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
       a.decision_by, a.interest, coalesce(a.recruiter, c.recruiter, o.recruiter) AS recruiter
FROM applications a
JOIN candidates c ON c.id = a.candidate_id
JOIN openings o ON o.id = a.opening_id;

CREATE TABLE application_timelines_0011 (
    application_id bigint NOT NULL,
    candidate_id   bigint NOT NULL,
    email          text NOT NULL,
    opening_id     text NOT NULL,
    stage          application_stage NOT NULL,
    stage_date     date,
    submitted_on   date,
    decision_by    date,
    interest       interest_level,
    recruiter      text,
    facts          text NOT NULL
);

INSERT INTO application_timelines_0011
SELECT h.application_id, h.candidate_id, h.email, h.opening_id, h.stage, h.stage_date, h.submitted_on, h.decision_by,
       h.interest, h.recruiter, coalesce(t.facts, '')
FROM recruit_timeline_heads h
LEFT JOIN application_timelines t ON t.application_id = h.application_id
ORDER BY h.application_id;

DROP TABLE application_timelines;
ALTER TABLE application_timelines_0011 RENAME TO application_timelines;
ALTER TABLE application_timelines ADD CONSTRAINT application_timelines_pkey PRIMARY KEY (application_id);
-- One recruiter's rows, in application id order: the queue splits them into parts by ranges of ids.
CREATE INDEX application_timelines_recruiter_idx ON application_timelines (lower(btrim(recruiter)), application_id)
    WHERE recruiter IS NOT NULL;
ANALYZE application_timelines;

-- Makes the rows of applications `ids` right: every column from the application, its candidate and opening, and the
-- facts rebuilt from `activities`; written only where something differs. Applications that no longer exist are
-- left to the delete trigger of `applications`.
CREATE OR REPLACE FUNCTION recruit_refresh_timelines(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);  -- 0x7265637275697406: any fixed number, used for this only

    WITH touched AS (SELECT DISTINCT unnest(ids) AS id),
    built AS (
        SELECT act.application_id, string_agg(fact, '' ORDER BY act.occurred_on, act.id) AS facts
        FROM touched
        JOIN activities act ON act.application_id = touched.id
        CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by, act.with_names, act.decision_by,
                                                 act.interest) AS fact
        GROUP BY act.application_id
    )
    INSERT INTO application_timelines AS t (application_id, candidate_id, email, opening_id, stage, stage_date,
                                           submitted_on, decision_by, interest, recruiter, facts)
    SELECT h.application_id, h.candidate_id, h.email, h.opening_id, h.stage, h.stage_date, h.submitted_on,
           h.decision_by, h.interest, h.recruiter, coalesce(b.facts, '')
    FROM touched
    JOIN recruit_timeline_heads h ON h.application_id = touched.id
    LEFT JOIN built b ON b.application_id = touched.id
    ON CONFLICT (application_id) DO UPDATE
    SET candidate_id = EXCLUDED.candidate_id, email = EXCLUDED.email, opening_id = EXCLUDED.opening_id,
        stage = EXCLUDED.stage, stage_date = EXCLUDED.stage_date, submitted_on = EXCLUDED.submitted_on,
        decision_by = EXCLUDED.decision_by, interest = EXCLUDED.interest, recruiter = EXCLUDED.recruiter,
        facts = EXCLUDED.facts
    WHERE (t.candidate_id, t.email, t.opening_id, t.stage, t.stage_date, t.submitted_on, t.decision_by, t.interest,
           t.recruiter, t.facts)
          IS DISTINCT FROM (EXCLUDED.candidate_id, EXCLUDED.email, EXCLUDED.opening_id, EXCLUDED.stage,
                            EXCLUDED.stage_date, EXCLUDED.submitted_on, EXCLUDED.decision_by, EXCLUDED.interest,
                            EXCLUDED.recruiter, EXCLUDED.facts);
$$;

-- After activities were deleted or moved: rows of applications that are gone go, the others are rebuilt (an
-- application whose last activity went keeps its row, with '' facts).
CREATE OR REPLACE FUNCTION recruit_forget_timelines(ids bigint[]) RETURNS void
    LANGUAGE sql VOLATILE
AS $$
    SELECT pg_advisory_xact_lock(8243104036218827782);

    DELETE FROM application_timelines t
    WHERE t.application_id = ANY (ids)
      AND NOT EXISTS (SELECT FROM applications a WHERE a.id = t.application_id);

    SELECT recruit_refresh_timelines(ids);
$$;

-- 0010's insert trigger, for rows that now always exist: a row without facts ('') takes them from the statement's
-- rows, since none of its activities were stored before (an update of the facts only); a row with facts is rebuilt
-- from `activities` (0008's way); an application with no row (created in this transaction by the activities
-- importer, see above) gets it whole. All three are decided on one snapshot, before any of them writes.
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

    -- `stored`: the row's facts before this statement, NULL when there is no row. Every step below joins on
    -- primary keys, so that each application costs about the same whatever the statement's size.
    WITH built AS MATERIALIZED (
        SELECT act.application_id, string_agg(fact, '' ORDER BY act.occurred_on, act.id) AS facts
        FROM inserted_activities act
        CROSS JOIN LATERAL recruit_timeline_fact(act.occurred_on, act.type, act.by, act.with_names,
                                                 act.decision_by, act.interest) AS fact
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
        INSERT INTO application_timelines (application_id, candidate_id, email, opening_id, stage, stage_date,
                                           submitted_on, decision_by, interest, recruiter, facts)
        SELECT h.application_id, h.candidate_id, h.email, h.opening_id, h.stage, h.stage_date, h.submitted_on,
               h.decision_by, h.interest, h.recruiter, s.facts
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

-- Truncating `activities` leaves every application without facts.
CREATE OR REPLACE FUNCTION recruit_activities_truncated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    UPDATE application_timelines SET facts = '' WHERE facts <> '';
    RETURN NULL;
END
$$;

-- New applications get their rows ('' facts: their activities, if this statement added any, come with the
-- activities' trigger, which fills or rebuilds the row whichever trigger runs first), unless the transaction set
-- `recruit.timelines_from_activities` (the activities importer; see above).
CREATE FUNCTION recruit_applications_inserted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF coalesce(current_setting('recruit.timelines_from_activities', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    INSERT INTO application_timelines (application_id, candidate_id, email, opening_id, stage, stage_date,
                                       submitted_on, decision_by, interest, recruiter, facts)
    SELECT h.application_id, h.candidate_id, h.email, h.opening_id, h.stage, h.stage_date, h.submitted_on,
           h.decision_by, h.interest, h.recruiter, ''
    FROM inserted_applications n
    JOIN recruit_timeline_heads h ON h.application_id = n.id
    ON CONFLICT (application_id) DO NOTHING;
    RETURN NULL;
END
$$;

-- Changed applications: their rows' columns follow (the facts are the activities' business). A statement that
-- changed none of them (an import touching `updated_at` only, say) writes nothing and takes no lock. An id set anew
-- (`SET id = DEFAULT`) moves the row: the old id's goes, the new id's is built.
CREATE FUNCTION recruit_applications_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    renamed bigint[];
BEGIN
    renamed := ARRAY(SELECT n.id FROM applications_after n
                     WHERE NOT EXISTS (SELECT FROM applications_before o WHERE o.id = n.id));
    IF cardinality(renamed) = 0
       AND NOT EXISTS (SELECT FROM applications_after n JOIN applications_before o ON o.id = n.id
                       WHERE (n.candidate_id, n.opening_id, n.stage, n.stage_date, n.submitted_on, n.decision_by,
                              n.interest, n.recruiter)
                             IS DISTINCT FROM (o.candidate_id, o.opening_id, o.stage, o.stage_date, o.submitted_on,
                                               o.decision_by, o.interest, o.recruiter)) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    IF cardinality(renamed) > 0 THEN
        DELETE FROM application_timelines t USING applications_before o
        WHERE t.application_id = o.id AND NOT EXISTS (SELECT FROM applications_after n WHERE n.id = o.id);
        PERFORM recruit_refresh_timelines(renamed);
    END IF;
    UPDATE application_timelines t
    SET candidate_id = h.candidate_id, email = h.email, opening_id = h.opening_id, stage = h.stage,
        stage_date = h.stage_date, submitted_on = h.submitted_on, decision_by = h.decision_by,
        interest = h.interest, recruiter = h.recruiter
    FROM (SELECT DISTINCT id FROM applications_after) AS n
    JOIN recruit_timeline_heads h ON h.application_id = n.id
    WHERE t.application_id = h.application_id
      AND (t.candidate_id, t.email, t.opening_id, t.stage, t.stage_date, t.submitted_on, t.decision_by, t.interest,
           t.recruiter)
          IS DISTINCT FROM (h.candidate_id, h.email, h.opening_id, h.stage, h.stage_date, h.submitted_on,
                            h.decision_by, h.interest, h.recruiter);
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_applications_deleted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    DELETE FROM application_timelines t USING deleted_applications d WHERE t.application_id = d.id;
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_applications_truncated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    DELETE FROM application_timelines;
    RETURN NULL;
END
$$;

-- A candidate's e-mail or recruiter, or an opening's recruiter, reaches the rows of their applications. A statement
-- that changed neither (a re-import of the same file, new phone numbers) writes nothing and takes no lock.
CREATE FUNCTION recruit_candidates_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM candidates_after n JOIN candidates_before o ON o.id = n.id
                   WHERE (n.email, n.recruiter) IS DISTINCT FROM (o.email, o.recruiter)) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    UPDATE application_timelines t
    SET email = h.email, recruiter = h.recruiter
    FROM (SELECT n.id FROM candidates_after n JOIN candidates_before o ON o.id = n.id
          WHERE (n.email, n.recruiter) IS DISTINCT FROM (o.email, o.recruiter)) AS changed
    JOIN applications a ON a.candidate_id = changed.id
    JOIN recruit_timeline_heads h ON h.application_id = a.id
    WHERE t.application_id = h.application_id
      AND (t.email, t.recruiter) IS DISTINCT FROM (h.email, h.recruiter);
    RETURN NULL;
END
$$;

CREATE FUNCTION recruit_openings_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM openings_after n JOIN openings_before o ON o.id = n.id
                   WHERE n.recruiter IS DISTINCT FROM o.recruiter) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    UPDATE application_timelines t
    SET recruiter = h.recruiter
    FROM (SELECT n.id FROM openings_after n JOIN openings_before o ON o.id = n.id
          WHERE n.recruiter IS DISTINCT FROM o.recruiter) AS changed
    JOIN applications a ON a.opening_id = changed.id
    JOIN recruit_timeline_heads h ON h.application_id = a.id
    WHERE t.application_id = h.application_id
      AND t.recruiter IS DISTINCT FROM h.recruiter;
    RETURN NULL;
END
$$;

CREATE TRIGGER applications_timelines_insert AFTER INSERT ON applications
    REFERENCING NEW TABLE AS inserted_applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_inserted();
CREATE TRIGGER applications_timelines_update AFTER UPDATE ON applications
    REFERENCING OLD TABLE AS applications_before NEW TABLE AS applications_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_updated();
CREATE TRIGGER applications_timelines_delete AFTER DELETE ON applications
    REFERENCING OLD TABLE AS deleted_applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_deleted();
CREATE TRIGGER applications_timelines_truncate AFTER TRUNCATE ON applications
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_applications_truncated();
CREATE TRIGGER candidates_timelines_update AFTER UPDATE ON candidates
    REFERENCING OLD TABLE AS candidates_before NEW TABLE AS candidates_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_candidates_updated();
CREATE TRIGGER openings_timelines_update AFTER UPDATE ON openings
    REFERENCING OLD TABLE AS openings_before NEW TABLE AS openings_after
    FOR EACH STATEMENT EXECUTE FUNCTION recruit_openings_updated();
