-- Every write to a pathway or its steps, numbered by the database. Pages built from pathways
-- (the home page) are kept until this number moves, so no server's clock and no in-process
-- signal decides when they are stale: an import run from the command line, or on another
-- replica, is seen at the next poll. Only the highest number is ever read.
CREATE TABLE pathway_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL
);

CREATE TRIGGER pathway_inserted AFTER INSERT ON pathways
BEGIN
    INSERT INTO pathway_changes (slug) VALUES (NEW.slug);
END;

CREATE TRIGGER pathway_updated AFTER UPDATE ON pathways
BEGIN
    INSERT INTO pathway_changes (slug) VALUES (NEW.slug);
END;

CREATE TRIGGER pathway_deleted AFTER DELETE ON pathways
BEGIN
    INSERT INTO pathway_changes (slug) VALUES (OLD.slug);
END;

CREATE TRIGGER pathway_step_inserted AFTER INSERT ON pathway_steps
BEGIN
    INSERT INTO pathway_changes (slug) SELECT slug FROM pathways WHERE id = NEW.pathway_id;
END;

CREATE TRIGGER pathway_step_updated AFTER UPDATE ON pathway_steps
BEGIN
    INSERT INTO pathway_changes (slug) SELECT slug FROM pathways WHERE id = NEW.pathway_id;
END;

CREATE TRIGGER pathway_step_deleted AFTER DELETE ON pathway_steps
BEGIN
    INSERT INTO pathway_changes (slug) SELECT slug FROM pathways WHERE id = OLD.pathway_id;
END;
