-- 0003: indexes for the daily queue (issue "The daily queue end to end").
-- Numbered 0003 because the import work adds its own 0002.

-- One recruiter's queue: an item's recruiter is coalesce(application's, candidate's, opening's), compared trimmed
-- and case-insensitively. Each level gets an index on that comparison so the three branches of the lookup
-- (TimelineReader.fillScope) are index scans instead of a scan of every application.
CREATE INDEX applications_recruiter_key_idx ON applications (lower(btrim(recruiter))) WHERE recruiter IS NOT NULL;
CREATE INDEX candidates_recruiter_key_idx ON candidates (lower(btrim(recruiter))) WHERE recruiter IS NOT NULL;
CREATE INDEX openings_recruiter_key_idx ON openings (lower(btrim(recruiter))) WHERE recruiter IS NOT NULL;

-- "Hired anywhere" (reading 12) reads every hired fact before the timelines; hires are rare, so small partial
-- indexes spare it a scan of every activity.
CREATE INDEX activities_hired_idx ON activities (application_id) WHERE type = 'hired';
CREATE INDEX applications_hired_idx ON applications (id) WHERE stage = 'hired';
