-- 0017: the agency's own message templates for drafts (`recruit template set RULE FILE`). A template not stored
-- here is the bundled default. The text is checked by recruit before it is stored (it parses, and names only
-- fields its messages have); the row is replaced whole.
CREATE TABLE draft_templates (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z-]+$'),
    body       text NOT NULL CHECK (body LIKE 'Subject:%'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- Who stored it, as the audit trail names actors (never a person's name or address).
    updated_by text NOT NULL
);
