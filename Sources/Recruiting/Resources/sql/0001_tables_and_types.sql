-- The agency's world: its closed vocabularies, the tables that hold what the exports and `recruit log` record, the
-- indexes the commands read, and the rules that keep the tables consistent.
-- An applied file is never edited (the migrator checks its checksum): put every change in a new numbered file.

-- Closed vocabularies of POLICY.md and CONTRACT.md.
CREATE TYPE opening_status    AS ENUM ('open', 'on_hold', 'filled', 'closed');
CREATE TYPE application_stage AS ENUM ('submitted', 'interviewing', 'offered', 'hired', 'rejected', 'withdrawn');
CREATE TYPE interest_level    AS ENUM ('top', 'warm', 'neutral', 'cool');
CREATE TYPE activity_type     AS ENUM ('interview', 'thank_you', 'follow_up', 'phone_check', 'hm_reply',
                                       'keep_in_mind', 'check_back', 'offer', 'hired', 'rejected', 'withdrawn');
CREATE TYPE party             AS ENUM ('candidate', 'recruiter', 'client');
-- 'video' is not in CONTRACT.md's list but is in its worked example B; accepted rather than refused.
CREATE TYPE contact_channel   AS ENUM ('email', 'phone', 'letter', 'in_person', 'video', 'other');

-- How people's names compare (POLICY.md reading 10): case-insensitive, trimmed, runs of spaces collapsed.
CREATE FUNCTION person_key(name text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN lower(regexp_replace(btrim(name), '\s+', ' ', 'g'));

CREATE TABLE clients (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (btrim(name) <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A client is named in every openings file: the same name in another case or spacing is the same client.
CREATE UNIQUE INDEX clients_name_key ON clients (person_key(name));

-- The client-side owner of openings, identified within the client by name (or by e-mail when the name is blank),
-- as hm-overload counts contacts per hiring manager (reading 16).
CREATE TABLE hiring_managers (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    client_id  bigint NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name       text,
    email      text,
    key        text NOT NULL GENERATED ALWAYS AS (coalesce(nullif(person_key(name), ''), lower(btrim(email)))) STORED,
    CHECK (nullif(btrim(name), '') IS NOT NULL OR nullif(btrim(email), '') IS NOT NULL),
    UNIQUE (client_id, key)
);

CREATE TABLE openings (
    id                text PRIMARY KEY CHECK (id = btrim(id) AND id <> ''),
    client_id         bigint NOT NULL REFERENCES clients (id),
    title             text NOT NULL CHECK (btrim(title) <> ''),
    hiring_manager_id bigint REFERENCES hiring_managers (id),
    status            opening_status NOT NULL DEFAULT 'open',
    opened_on         date,
    filled_on         date,
    recruiter         text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    CHECK (filled_on IS NULL OR opened_on IS NULL OR filled_on >= opened_on)
);
-- A client's openings: its queue and its summary start from them.
CREATE INDEX openings_client_idx ON openings (client_id);
-- The openings that name a hiring manager: what the foreign key above checks when a hiring manager is deleted.
CREATE INDEX openings_hiring_manager_idx ON openings (hiring_manager_id);

-- A person, identified by e-mail (POLICY.md: case-insensitive, trimmed): stored trimmed and lower-case.
-- Nothing looks candidates up by recruiter: an application's recruiter is read from its row in
-- `application_timelines` (0003), so `recruiter` has no index here.
CREATE TABLE candidates (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email      text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
    first_name text,
    last_name  text,
    phone      text,
    source     text,
    recruiter  text,
    notes      text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT candidates_email_key UNIQUE (email)
);

-- One candidate on one opening (a submittal). The row's stage and interest are one fact dated stage_date
-- (reading 3); a row without stage_date is the earliest fact of all.
CREATE TABLE applications (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    candidate_id bigint NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    opening_id   text NOT NULL REFERENCES openings (id) ON DELETE CASCADE,
    stage        application_stage NOT NULL DEFAULT 'submitted',
    stage_date   date,
    submitted_on date,
    decision_by  date,
    interest     interest_level,
    recruiter    text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT applications_candidate_opening_key UNIQUE (candidate_id, opening_id),
    -- CONTRACT.md: stage_date is required for offered and the decided stages.
    CONSTRAINT applications_stage_date_required
        CHECK (stage IN ('submitted', 'interviewing') OR stage_date IS NOT NULL)
);
-- An opening's applications: a client's queue and summary, and the recruiter of an opening reaching the rows of
-- `application_timelines` (0003).
CREATE INDEX applications_opening_idx ON applications (opening_id);
-- "Hired anywhere" (reading 12): the queue reads every hired fact before the timelines; hires are rare, so small
-- partial indexes spare it a scan of every application and every activity.
CREATE INDEX applications_hired_idx ON applications (id) WHERE stage = 'hired';

-- The natural key of an activity (reading 20): equal in every column, after e-mail case, name spacing and date
-- conversion, is the same activity, within a file and across imports. Notes can be megabytes, so the key is a
-- digest, not the columns themselves (a btree entry is limited to about 2.7 kB).
CREATE FUNCTION activity_key(occurred_on date, type activity_type, by party, with_names text[],
                             channel contact_channel, decision_by date, interest interest_level, note text)
    RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN sha256(convert_to(
        (occurred_on - DATE '2000-01-01')::text || E'\x1f' || type::text || E'\x1f' || coalesce(by::text, '') ||
        E'\x1f' || coalesce(array_to_string(ARRAY(SELECT person_key(n) FROM unnest(with_names) AS n), E'\x1e'), '') ||
        E'\x1f' || coalesce(channel::text, '') || E'\x1f' || coalesce((decision_by - DATE '2000-01-01')::text, '') ||
        E'\x1f' || coalesce(interest::text, '') || E'\x1f' || coalesce(note, ''), 'UTF8'));

-- A dated fact on an application. `id` is the recording order (file order on import), which breaks ties
-- between facts of the same day (reading 3). `application_id` names an existing application: the triggers at the
-- end of this file keep that rule, as a foreign key would, with one check per statement instead of one per row.
CREATE TABLE activities (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL,
    occurred_on    date NOT NULL,
    type           activity_type NOT NULL,
    by             party,
    with_names     text[] NOT NULL DEFAULT '{}',
    channel        contact_channel,
    decision_by    date,
    interest       interest_level,
    note           text,
    natural_key    bytea NOT NULL
        GENERATED ALWAYS AS (activity_key(occurred_on, type, by, with_names, channel, decision_by, interest, note)) STORED,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT activities_natural_key UNIQUE (application_id, natural_key),
    -- Only a client's answer states a decision date (reading 3).
    CONSTRAINT activities_decision_by_only_on_reply CHECK (decision_by IS NULL OR type = 'hm_reply')
);
-- Each application's activities in timeline order (date, then recording order), with the columns the readers need:
-- rebuilding an application's row of `application_timelines` (0003) and the client summary's reply figures read it
-- as an index-only scan.
CREATE INDEX activities_timeline_covering_idx ON activities (application_id, occurred_on, id)
    INCLUDE (type, by, with_names, decision_by, interest);
-- Over-contact and hm-overload look at recent outbound contacts only.
CREATE INDEX activities_recent_contacts_idx ON activities (occurred_on) WHERE type IN ('follow_up', 'phone_check');
-- "Hired anywhere" (see applications_hired_idx).
CREATE INDEX activities_hired_idx ON activities (application_id) WHERE type = 'hired';

-- The follow-up policy: the agency's parameters, and each client's overrides on top (POLICY.md "Parameters").
-- Stored as the JSON the Policies module encodes; only the keys that were set.
CREATE TABLE agency_policy (
    singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    settings   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO agency_policy (singleton) VALUES (true);

CREATE TABLE client_policies (
    client_id  bigint PRIMARY KEY REFERENCES clients (id) ON DELETE CASCADE,
    settings   jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(settings) = 'object'),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The reference from `activities` to `applications`, kept by statement triggers, each one set-based query, where a
-- foreign key would run a query of its own for every inserted activity (measured at 9.4 us each, about a fifth of an
-- insert of a million activities). They keep the rules of such a key (named activities_application_id_fkey in their
-- errors):
--   - every application that a statement's inserted or updated activities name must exist: the statement locks them
--     all FOR KEY SHARE, as a key's check does one row at a time (a concurrent delete of one of them waits for this
--     transaction; one deleted meanwhile makes this statement fail), and fails with a key's error
--     (SQLSTATE 23503, constraint activities_application_id_fkey) when one is missing;
--   - deleting applications deletes their activities (ON DELETE CASCADE), and truncating `applications` truncates
--     `activities` (so one TRUNCATE naming both fails, the trigger's TRUNCATE finding `activities` in use: truncate
--     `activities` first, or `applications` alone);
--   - an application's id cannot change while activities name it (NO ACTION on update).
-- Under REPEATABLE READ, a delete of an application whose new activities it cannot see (committed by another
-- transaction after its snapshot) also rewrites or deletes that application's row in `application_timelines`, which
-- those activities' trigger wrote: it fails as a serialization failure, as a key's cascade does, instead of leaving
-- them behind.
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

-- Triggers of one event run in name order: activities_references_* run before activities_timelines_* (0003), so a
-- statement naming a missing application fails before anything is built for it.
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
