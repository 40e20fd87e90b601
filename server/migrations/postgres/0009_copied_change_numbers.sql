-- Rows copied into `changes` with their numbers (`server migrate-db`) moved
-- `change_counter` one row at a time: 100,000 updates of one row in one
-- transaction, each walking past every earlier version of that row (none can
-- be pruned while the transaction runs), so the copy grew with the square of
-- the changes (4 min 22 s for 100,000). Now a statement's copied numbers move
-- the counter once, after it; numbers taken by a push are given as before.
CREATE OR REPLACE FUNCTION changes_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.change_no IS NULL THEN
        UPDATE change_counter SET last = last + 1 WHERE id = 1 RETURNING last INTO NEW.change_no;
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION changes_copied_numbers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only when a number went past it: a push's own numbers never do.
    UPDATE change_counter SET last = m.top
    FROM (SELECT MAX(change_no) AS top FROM inserted) AS m
    WHERE id = 1 AND m.top > last;
    RETURN NULL;
END $$;

CREATE TRIGGER changes_copied_numbers AFTER INSERT ON changes
REFERENCING NEW TABLE AS inserted
FOR EACH STATEMENT EXECUTE FUNCTION changes_copied_numbers();
