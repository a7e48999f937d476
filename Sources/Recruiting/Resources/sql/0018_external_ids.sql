-- An ATS's own id for an activity (a note id) or an application (a submission id), when the file has one
-- (CONTRACT.md, column `id`): re-importing an edited row then updates it in place instead of adding a second one.
-- Without an id, activities keep their natural key (0001) and applications their candidate and opening.
-- Nullable: rows imported before, and rows from files without ids, have none. One id names one row of its kind.
ALTER TABLE activities ADD COLUMN external_id text;
CREATE UNIQUE INDEX activities_external_id_key ON activities (external_id) WHERE external_id IS NOT NULL;

ALTER TABLE applications ADD COLUMN external_id text;
CREATE UNIQUE INDEX applications_external_id_key ON applications (external_id) WHERE external_id IS NOT NULL;
