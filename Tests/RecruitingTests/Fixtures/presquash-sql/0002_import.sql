-- 0002: helpers for `recruit import` (CSV -> COPY into a staging table -> validation and merge in SQL).
-- None of them raises an error on bad input: validation asks "is this NULL?" so that one query can list every
-- bad cell of a file with its line and column, instead of stopping at the first exception.

-- A calendar day from CONTRACT.md's date cells: `YYYY-MM-DD`, or an ISO 8601 date-time. A date-time with an offset
-- (or `Z`) is converted to `zone` and then its date is used; one without an offset is already in the zone
-- (POLICY.md reading 1). NULL for anything else (`03/04/2026`, `2026-02-30`), and for blank cells.
-- The importer checks the common case (`YYYY-MM-DD` with a day up to 28) inline and calls this for the rest.
CREATE FUNCTION recruit_parse_day(cell text, zone text) RETURNS date
    LANGUAGE plpgsql STABLE PARALLEL SAFE
AS $$
DECLARE
    part text[];
    y int; m int; d int; hh int; mi int; ss numeric;
    offset_minutes int;
    utc timestamp;
BEGIN
    part := regexp_match(btrim(cell),
        '^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:[.,]\d+)?))?(Z|[+-]\d{2}(?::?\d{2})?)?)?$');
    IF part IS NULL THEN
        RETURN NULL;
    END IF;
    y := part[1]::int; m := part[2]::int; d := part[3]::int;
    IF y < 1 OR m NOT BETWEEN 1 AND 12 OR d < 1
       OR d > extract(day FROM make_date(y, m, 1) + interval '1 month' - interval '1 day') THEN
        RETURN NULL;
    END IF;
    IF part[4] IS NULL THEN
        RETURN make_date(y, m, d);
    END IF;
    hh := part[4]::int; mi := part[5]::int; ss := coalesce(replace(part[6], ',', '.')::numeric, 0);
    IF hh > 23 OR mi > 59 OR ss >= 60 THEN
        RETURN NULL;
    END IF;
    IF part[7] IS NULL THEN
        RETURN make_date(y, m, d);  -- a local time in the agency's zone already
    END IF;
    IF part[7] = 'Z' THEN
        offset_minutes := 0;
    ELSE
        offset_minutes := substr(part[7], 2, 2)::int * 60
                          + coalesce(nullif(substr(replace(part[7], ':', ''), 4, 2), '')::int, 0);
        IF offset_minutes > 18 * 60 THEN
            RETURN NULL;
        END IF;
        IF left(part[7], 1) = '-' THEN
            offset_minutes := -offset_minutes;
        END IF;
    END IF;
    -- ISO offsets are east-positive; PostgreSQL reads '+05' as a POSIX zone (west-positive), so do the arithmetic.
    utc := make_timestamp(y, m, d, hh, mi, ss::double precision) - make_interval(mins => offset_minutes);
    RETURN ((utc AT TIME ZONE 'UTC') AT TIME ZONE coalesce(nullif(zone, ''), 'UTC'))::date;
END
$$;

-- The names of a `with` cell (POLICY.md reading 10): split on `;`, trimmed, runs of spaces collapsed, empty parts and
-- repeats (compared as `person_key`) dropped, first spelling kept, in the order written.
CREATE FUNCTION recruit_split_names(cell text) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN ARRAY(
        SELECT name FROM (
            SELECT DISTINCT ON (person_key(part)) regexp_replace(btrim(part), '\s+', ' ', 'g') AS name, position
            FROM unnest(string_to_array(coalesce(cell, ''), ';')) WITH ORDINALITY AS parts(part, position)
            WHERE btrim(part) <> ''
            ORDER BY person_key(part), position
        ) AS kept
        ORDER BY position);

-- `recruit_last_given(value ORDER BY line)`: the last non-NULL value, so that when one file names the same key twice
-- the later row wins while its blank cells keep what the earlier row said (CONTRACT.md: blank is "not given").
CREATE FUNCTION recruit_later(earlier anyelement, later anyelement) RETURNS anyelement
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS 'SELECT $2';

CREATE AGGREGATE recruit_last_given(anyelement) (SFUNC = recruit_later, STYPE = anyelement);
