-- `recruit import mail` (MAIL.md): which messages were read into which activities, the invitations that can move
-- or cancel an interview, and the messages left for a person to place. Never a body: a message is its identity (its
-- Message-ID, or a digest of From, To, Date and Subject), its day and, for review, what a person needs to find it.

-- A message placed on applications, and the activities it made (empty when every one was there already, or when
-- its interview was cancelled since). Thread replies (In-Reply-To, References) find their applications here.
CREATE TABLE mail_messages (
    identity        text PRIMARY KEY CHECK (identity <> ''),
    occurred_on     date NOT NULL,
    application_ids bigint[] NOT NULL,
    activity_ids    bigint[] NOT NULL DEFAULT '{}',
    imported_at     timestamptz NOT NULL DEFAULT now()
);

-- The interview an invitation made (RFC 5546: UID, SEQUENCE), so a later REQUEST with a higher SEQUENCE moves it
-- and a CANCEL removes it. No foreign keys (here or in mail_messages): `applications` can be truncated, as the
-- activities' statement triggers allow (0001); an id that names nothing any more places nothing.
CREATE TABLE mail_invitations (
    uid            text NOT NULL,
    application_id bigint NOT NULL,
    sequence       integer NOT NULL,
    activity_id    bigint,
    cancelled      boolean NOT NULL DEFAULT false,
    PRIMARY KEY (uid, application_id)
);

-- Messages that count but could not be placed with certainty: `recruit mail review` lists them, `recruit mail
-- assign` places one. Parties are addresses and display names (to classify the message once placed); no body.
CREATE TABLE mail_review (
    identity     text PRIMARY KEY CHECK (identity <> ''),
    reason       text NOT NULL,
    sent_at      timestamptz,
    subject      text,
    sender       text,
    sender_name  text,
    recipients   text[] NOT NULL DEFAULT '{}',
    recipient_names text[] NOT NULL DEFAULT '{}',
    source       text NOT NULL,
    added_at     timestamptz NOT NULL DEFAULT now()
);
