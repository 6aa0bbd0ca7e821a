-- restrictd: the change log is the one source of every past answer (known_at, revision:
-- docs/decisions/0008-known-at.md), so it is never compacted or rewritten. Rows of
-- `changes` could not be updated or deleted since 0001; TRUNCATE fires no row trigger,
-- so it is refused here too, for the log, the data tables (their rows are the log's latest
-- images) and list_imports (a list's past health is read from it, and it is only ever
-- appended to). The application's role never had TRUNCATE (0003); these stop the owner.
CREATE TRIGGER changes_keep_truncate BEFORE TRUNCATE ON changes
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER sources_keep_truncate BEFORE TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER subjects_keep_truncate BEFORE TRUNCATE ON subjects
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER aliases_keep_truncate BEFORE TRUNCATE ON aliases
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER rulings_keep_truncate BEFORE TRUNCATE ON rulings
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER list_imports_keep BEFORE DELETE OR UPDATE ON list_imports
    FOR EACH ROW EXECUTE FUNCTION restrictd_no_delete();
CREATE TRIGGER list_imports_keep_truncate BEFORE TRUNCATE ON list_imports
    FOR EACH STATEMENT EXECUTE FUNCTION restrictd_no_delete();

-- Which write each change belongs to: a write's changes are one change of state (an import, a
-- seed), and `known_at` answers the state before a write or after it, never from its middle
-- (docs/decisions/0008-known-at.md). The transaction id of the row (xmin) tells it too, but
-- not after a dump and restore (every row then has the restore's), so new changes record it
-- (the 64-bit id, which never wraps). Added without a default first, so that no row is
-- rewritten: the changes before this migration keep NULL and are told apart by xmin.
ALTER TABLE changes ADD COLUMN write_id bigint;
ALTER TABLE changes ALTER COLUMN write_id SET DEFAULT pg_current_xact_id()::text::bigint;
