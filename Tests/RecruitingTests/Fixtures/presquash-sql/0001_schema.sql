-- 0001: the agency's world. Released files are never edited (the migrator checks their checksum):
-- put every change in a new numbered file.

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
CREATE INDEX openings_client_idx ON openings (client_id);
CREATE INDEX openings_hiring_manager_idx ON openings (hiring_manager_id);
CREATE INDEX openings_recruiter_idx ON openings (recruiter);

-- A person, identified by e-mail (POLICY.md: case-insensitive, trimmed): stored trimmed and lower-case.
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
CREATE INDEX candidates_recruiter_idx ON candidates (recruiter);

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
CREATE INDEX applications_opening_idx ON applications (opening_id);
CREATE INDEX applications_recruiter_idx ON applications (recruiter);

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
-- between facts of the same day (reading 3).
CREATE TABLE activities (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    application_id bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
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
-- The queue reads each application's timeline in date and recording order.
CREATE INDEX activities_timeline_idx ON activities (application_id, occurred_on, id);
-- Over-contact and hm-overload look at recent outbound contacts only.
CREATE INDEX activities_recent_contacts_idx ON activities (occurred_on) WHERE type IN ('follow_up', 'phone_check');

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
