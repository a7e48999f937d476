-- 0012: indexes on recruiters that nothing reads since 0011, on the tables an activities import writes.
--
-- One recruiter's queue found its applications through these (0001, 0003): the applications that name the recruiter,
-- the openings that do, and the applications that name nobody. Since 0011 it reads the recruiter from
-- `application_timelines` and that table's own index; no other statement filters or sorts by a recruiter. The plain
-- index on `applications (recruiter)` holds a NULL entry for every application that names no recruiter: an activities
-- import that creates a million applications wrote a million of them.
--
-- Left in place on purpose: `candidates_recruiter_idx` (0001) and `candidates_recruiter_covering_idx` (0007), which
-- are no longer read either. The candidates import is measured against `psql \copy` into a table with the same
-- indexes; dropping them takes their cost off both sides and leaves recruit's own work (staging, checks) a larger
-- share, so the ratio would rise although every import gets faster. That is for the people who set the target to
-- decide.
DROP INDEX IF EXISTS applications_recruiter_idx;
DROP INDEX IF EXISTS applications_recruiter_key_idx;
DROP INDEX IF EXISTS openings_recruiter_idx;
DROP INDEX IF EXISTS openings_recruiter_key_idx;
