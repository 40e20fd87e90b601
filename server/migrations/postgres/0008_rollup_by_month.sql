-- The report reads the rollup by month range (a year over every
-- organisation): an index in month order that holds every column the report
-- reads, so a year is an index-only scan of its own rows, already in the
-- order the report packs them (month, organisation, kind), instead of a scan
-- of every month of every year. At 1,000,000 entries (703,117 rollup rows) a
-- year's read went from a sequential scan of the whole table to one of its
-- half (see docs/deploy.md for the figures).
CREATE INDEX count_months_by_month
    ON count_months (month, org_id, kind, sensitive, key) INCLUDE (total);

-- An index-only scan skips the table only for pages vacuum has marked
-- all-visible; every write to `entries` rewrites rollup rows, so vacuum
-- this small, hot table after 1% of it changed instead of 20%.
ALTER TABLE count_months SET (
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_insert_scale_factor = 0.01
);
