-- PostgreSQL's twin of this number indexes the rollup by month for the
-- report. SQLite needs no such index: its report reads the rollup within
-- 300 ms at 1,000,000 entries as it is (docs/deploy.md), and an index would
-- only slow its writes. Nothing to change here; the number is kept so both
-- backends count their migrations alike.
SELECT 1;
