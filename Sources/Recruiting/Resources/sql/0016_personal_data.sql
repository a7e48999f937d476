-- 0016: personal data handled as the law expects (`recruit forget`, `recruit export --candidate`, retention).
--
-- Forgetting a person anonymises their candidate row in place: the e-mail becomes a placeholder that cannot be
-- traced back (`erased-<random>@invalid`), names, phone, source and notes become NULL, and `erased_at` says when.
-- Their applications and activities stay (without names or notes), so that the agency's counts, a client's summary
-- and every foreign key stay as they were.
ALTER TABLE candidates ADD COLUMN erased_at timestamptz;

-- One random salt per database (so per agency), made here once: the suppression list below holds salted hashes,
-- which a copy of another agency's list cannot be matched against, and which say nothing without this database.
CREATE TABLE erasure_salt (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    salt      bytea NOT NULL CHECK (octet_length(salt) = 32)
);
INSERT INTO erasure_salt (salt)
VALUES (sha256(convert_to(gen_random_uuid()::text || clock_timestamp()::text || gen_random_uuid()::text, 'UTF8')));

-- The suppression list: the salted SHA-256 of each forgotten e-mail address (trimmed, lower-case), never the address.
-- An import that lists such an address leaves the row out and reports it as erased, unless told the person came back
-- (`--allow-erased`), which removes the hash.
CREATE TABLE erased_people (
    hash      bytea PRIMARY KEY,
    erased_at timestamptz NOT NULL DEFAULT now()
);

-- The suppression list's hash of an address, as every reader and writer of the list computes it. The salt is an
-- argument (`(SELECT salt FROM erasure_salt)`, or read once and passed as a parameter), so that the function is
-- inlined into a set-based query: an import hashes each of its rows with one call of sha256, 2 s per million rows
-- (STABLE, as convert_to is: a function declared more constant than its body is not inlined, and took twice as long).
CREATE FUNCTION recruit_erasure_hash(salt bytea, email text) RETURNS bytea
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    RETURN sha256(salt || convert_to(lower(btrim(email)), 'UTF8'));
