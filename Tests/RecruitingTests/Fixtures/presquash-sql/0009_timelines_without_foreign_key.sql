-- 0009: `application_timelines` without its foreign key to `applications`.
--
-- The key checked every new row against `applications`: a query and a row lock per application, about 8 s of a
-- fresh import that creates a million of them (0008's path measured 29 us per new application with the key, 19 us
-- without). It guarded nothing the triggers do not already keep: a row exists only while its application has
-- activities, and deleting an application deletes its activities (0001's ON DELETE CASCADE), whose delete trigger
-- removes the row; truncating `applications` must cascade to `activities`, whose truncate trigger empties this
-- table. Application ids are never reused, and every reader starts from `applications`, so even a row left behind by
-- a writer that turned triggers off could not be read as another application's timeline.
ALTER TABLE application_timelines DROP CONSTRAINT application_timelines_application_id_fkey;
