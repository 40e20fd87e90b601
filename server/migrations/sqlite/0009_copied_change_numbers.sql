-- PostgreSQL's twin of this number moves its change counter once per copied
-- statement instead of once per row. SQLite numbers changes without a
-- counter row: nothing to change here; the number is kept so both backends
-- count their migrations alike.
SELECT 1;
