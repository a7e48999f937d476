-- 0015: the web workspace's accounts, sessions and secret links, and the audit trail of sign-ins and token uses.
-- Every secret (session cookie, one-time password link, calendar feed, client share link) is stored only as its
-- SHA-256: a copy of the database cannot be used to sign in or to read a feed.

-- The agency's staff. A recruiter's e-mail is the recruiter named on applications, candidates and openings, so a
-- recruiter's own queue is the queue of that e-mail.
CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email         text NOT NULL UNIQUE CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
    name          text NOT NULL CHECK (btrim(name) <> ''),
    role          text NOT NULL CHECK (role IN ('recruiter', 'manager', 'admin')),
    -- bcrypt; NULL until the person sets a password through their one-time link.
    password_hash text,
    disabled_at   timestamptz,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- A signed-in browser. The cookie holds the secret; `csrf` is the token every form of that session carries.
CREATE TABLE web_sessions (
    secret_hash bytea PRIMARY KEY,
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX web_sessions_user_idx ON web_sessions (user_id);

-- Secret links: a one-time link to set a password, a user's calendar feed, a client's share link.
CREATE TABLE access_tokens (
    secret_hash bytea PRIMARY KEY,
    purpose     text NOT NULL CHECK (purpose IN ('set_password', 'calendar', 'share')),
    -- The user it belongs to (set_password, calendar) or who created it (share).
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The client whose summary a share link shows.
    client_id   bigint REFERENCES clients (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz,
    used_at     timestamptz,
    revoked_at  timestamptz,
    CHECK ((purpose = 'share') = (client_id IS NOT NULL))
);
CREATE INDEX access_tokens_user_idx ON access_tokens (user_id, purpose);

-- Failed sign-ins, for throttling per account and per address; rows older than a day are pruned.
CREATE TABLE login_failures (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account text NOT NULL,
    address text NOT NULL,
    at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_account_idx ON login_failures (account, at);
CREATE INDEX login_failures_address_idx ON login_failures (address, at);

-- Who did what, never the personal data itself: the actor (a user's id, the operating-system user, a token's
-- purpose), the action, and counts or ids in `detail`. Rows are only ever added.
CREATE TABLE audit_events (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at     timestamptz NOT NULL DEFAULT now(),
    actor  text NOT NULL,
    action text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}'
);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
