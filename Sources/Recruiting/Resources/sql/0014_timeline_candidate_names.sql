-- 0014: the queue's row for each application (0011) carries its candidate's name, so that the queue can show people
-- by name ("Bea Weiss", not only bea.weiss@example.com) without a second read: a whole agency's queue names hundreds
-- of thousands of candidates, too many to look up one by one or to hold in a map.
--
-- `candidate_name` is the candidate's first and last names, trimmed, joined by a space; NULL when neither is given.
-- The table is rebuilt (as 0011 did) rather than updated in place: an UPDATE of every row would leave a dead copy of
-- each one behind, and the whole agency's queue scans this table.
--
-- The writers that keep the rows (0011's triggers) write the name too; a candidate's new first or last name reaches
-- the rows of their applications, as a new e-mail does. Statements that change no name write nothing more.

LOCK TABLE applications, candidates, openings, activities IN SHARE MODE;

CREATE OR REPLACE VIEW recruit_timeline_heads AS
SELECT a.id AS application_id, a.candidate_id, c.email, a.opening_id, a.stage, a.stage_date, a.submitted_on,
       a.decision_by, a.interest, coalesce(a.recruiter, c.recruiter, o.recruiter) AS recruiter,
       nullif(concat_ws(' ', nullif(btrim(c.first_name), ''), nullif(btrim(c.last_name), '')), '') AS candidate_name
FROM applications a
JOIN candidates c ON c.id = a.candidate_id
JOIN openings o ON o.id = a.opening_id;

CREATE TABLE application_timelines_0014 (
    application_id bigint NOT NULL,
    candidate_id   bigint NOT NULL,
    email          text NOT NULL,
    candidate_name text,
    opening_id     text NOT NULL,
    stage          application_stage NOT NULL,
    stage_date     date,
    submitted_on   date,
    decision_by    date,
    interest       interest_level,
    recruiter      text,
    facts          text NOT NULL
);

INSERT INTO application_timelines_0014
SELECT t.application_id, t.candidate_id, t.email,
       nullif(concat_ws(' ', nullif(btrim(c.first_name), ''), nullif(btrim(c.last_name), '')), ''),
       t.opening_id, t.stage, t.stage_date, t.submitted_on, t.decision_by, t.interest, t.recruiter, t.facts
FROM application_timelines t
JOIN candidates c ON c.id = t.candidate_id
ORDER BY t.application_id;

DROP TABLE application_timelines;
ALTER TABLE application_timelines_0014 RENAME TO application_timelines;
ALTER TABLE application_timelines ADD CONSTRAINT application_timelines_pkey PRIMARY KEY (application_id);
CREATE INDEX application_timelines_recruiter_idx ON application_timelines (lower(btrim(recruiter)), application_id)
    WHERE recruiter IS NOT NULL;
ANALYZE application_timelines;

-- 0011's, with the name.
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
    INSERT INTO application_timelines AS t (application_id, candidate_id, email, candidate_name, opening_id, stage,
                                           stage_date, submitted_on, decision_by, interest, recruiter, facts)
    SELECT h.application_id, h.candidate_id, h.email, h.candidate_name, h.opening_id, h.stage, h.stage_date,
           h.submitted_on, h.decision_by, h.interest, h.recruiter, coalesce(b.facts, '')
    FROM touched
    JOIN recruit_timeline_heads h ON h.application_id = touched.id
    LEFT JOIN built b ON b.application_id = touched.id
    ON CONFLICT (application_id) DO UPDATE
    SET candidate_id = EXCLUDED.candidate_id, email = EXCLUDED.email, candidate_name = EXCLUDED.candidate_name,
        opening_id = EXCLUDED.opening_id, stage = EXCLUDED.stage, stage_date = EXCLUDED.stage_date,
        submitted_on = EXCLUDED.submitted_on, decision_by = EXCLUDED.decision_by, interest = EXCLUDED.interest,
        recruiter = EXCLUDED.recruiter, facts = EXCLUDED.facts
    WHERE (t.candidate_id, t.email, t.candidate_name, t.opening_id, t.stage, t.stage_date, t.submitted_on,
           t.decision_by, t.interest, t.recruiter, t.facts)
          IS DISTINCT FROM (EXCLUDED.candidate_id, EXCLUDED.email, EXCLUDED.candidate_name, EXCLUDED.opening_id,
                            EXCLUDED.stage, EXCLUDED.stage_date, EXCLUDED.submitted_on, EXCLUDED.decision_by,
                            EXCLUDED.interest, EXCLUDED.recruiter, EXCLUDED.facts);
$$;

-- 0011's, with the name in the rows it adds.
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

-- 0011's, with the name.
CREATE OR REPLACE FUNCTION recruit_applications_inserted() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF coalesce(current_setting('recruit.timelines_from_activities', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    INSERT INTO application_timelines (application_id, candidate_id, email, candidate_name, opening_id, stage,
                                       stage_date, submitted_on, decision_by, interest, recruiter, facts)
    SELECT h.application_id, h.candidate_id, h.email, h.candidate_name, h.opening_id, h.stage, h.stage_date,
           h.submitted_on, h.decision_by, h.interest, h.recruiter, ''
    FROM inserted_applications n
    JOIN recruit_timeline_heads h ON h.application_id = n.id
    ON CONFLICT (application_id) DO NOTHING;
    RETURN NULL;
END
$$;

-- 0011's, with the name (an application moved to another candidate takes that candidate's).
CREATE OR REPLACE FUNCTION recruit_applications_updated() RETURNS trigger
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
    SET candidate_id = h.candidate_id, email = h.email, candidate_name = h.candidate_name, opening_id = h.opening_id,
        stage = h.stage, stage_date = h.stage_date, submitted_on = h.submitted_on, decision_by = h.decision_by,
        interest = h.interest, recruiter = h.recruiter
    FROM (SELECT DISTINCT id FROM applications_after) AS n
    JOIN recruit_timeline_heads h ON h.application_id = n.id
    WHERE t.application_id = h.application_id
      AND (t.candidate_id, t.email, t.candidate_name, t.opening_id, t.stage, t.stage_date, t.submitted_on,
           t.decision_by, t.interest, t.recruiter)
          IS DISTINCT FROM (h.candidate_id, h.email, h.candidate_name, h.opening_id, h.stage, h.stage_date,
                            h.submitted_on, h.decision_by, h.interest, h.recruiter);
    RETURN NULL;
END
$$;

-- 0011's, with the names: a candidate's new e-mail, recruiter, first or last name reaches their rows. A statement
-- that changed none of them (a re-import of the same file, new phone numbers) writes nothing and takes no lock.
CREATE OR REPLACE FUNCTION recruit_candidates_updated() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM candidates_after n JOIN candidates_before o ON o.id = n.id
                   WHERE (n.email, n.recruiter, n.first_name, n.last_name)
                         IS DISTINCT FROM (o.email, o.recruiter, o.first_name, o.last_name)) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(8243104036218827782);
    UPDATE application_timelines t
    SET email = h.email, recruiter = h.recruiter, candidate_name = h.candidate_name
    FROM (SELECT n.id FROM candidates_after n JOIN candidates_before o ON o.id = n.id
          WHERE (n.email, n.recruiter, n.first_name, n.last_name)
                IS DISTINCT FROM (o.email, o.recruiter, o.first_name, o.last_name)) AS changed
    JOIN applications a ON a.candidate_id = changed.id
    JOIN recruit_timeline_heads h ON h.application_id = a.id
    WHERE t.application_id = h.application_id
      AND (t.email, t.recruiter, t.candidate_name) IS DISTINCT FROM (h.email, h.recruiter, h.candidate_name);
    RETURN NULL;
END
$$;
