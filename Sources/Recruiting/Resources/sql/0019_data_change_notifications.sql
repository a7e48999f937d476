-- Tells listeners that the data the queue is computed from changed: every statement that writes to it sends a
-- notification on the channel `recruit_data_changed` (PostgreSQL delivers it when the transaction commits, once per
-- transaction however many statements sent it, and never for a rolled-back one). The web workspace listens, and
-- drops the queues it keeps between page loads; whatever writes (an import, `recruit log`, `policy set`, the web
-- itself) needs to do nothing else. The payload is empty: no data travels in a notification.

CREATE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('recruit_data_changed', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER clients_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON clients
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER hiring_managers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON hiring_managers
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER openings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON openings
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER candidates_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON candidates
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER applications_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON applications
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER activities_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON activities
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER application_timelines_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON application_timelines
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER agency_policy_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agency_policy
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
CREATE TRIGGER client_policies_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON client_policies
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed();
