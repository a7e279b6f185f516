-- Every write to a resource, numbered by the database: what the search index follows. The
-- index records the highest number it reflects, so a restart catches up from there instead of
-- rebuilding, and no server's clock decides what counts as new. Triggers write the rows, so no
-- path that changes a resource (the editor, an import, a command, a foreign key's SET NULL)
-- can forget to. Old rows are pruned; an index older than what is kept is rebuilt.
CREATE TABLE resource_changes (
    seq  INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL
);

CREATE TRIGGER resource_inserted AFTER INSERT ON resources
BEGIN
    INSERT INTO resource_changes (slug) VALUES (NEW.slug);
END;

CREATE TRIGGER resource_updated AFTER UPDATE ON resources
BEGIN
    INSERT INTO resource_changes (slug) VALUES (NEW.slug);
    INSERT INTO resource_changes (slug) SELECT OLD.slug WHERE OLD.slug <> NEW.slug;
END;

CREATE TRIGGER resource_deleted AFTER DELETE ON resources
BEGIN
    INSERT INTO resource_changes (slug) VALUES (OLD.slug);
END;
