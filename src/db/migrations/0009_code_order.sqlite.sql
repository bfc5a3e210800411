-- SQLite's part of migration 0009: the rows were written in census order by
-- migrations 0001 and 0004, so their rowid is that order.
UPDATE outcome SET position = rowid;
UPDATE exclusion_category SET position = rowid;
UPDATE exclusion_reason SET position = rowid;
UPDATE bullying_type SET position = rowid;
