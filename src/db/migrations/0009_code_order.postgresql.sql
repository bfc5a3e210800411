-- PostgreSQL's part of migration 0009: migrations 0001 and 0004 wrote the
-- rows in census order into new tables and nothing has changed them since,
-- so their physical order (ctid) is that order.
UPDATE outcome SET position = r.n
    FROM (SELECT code, row_number() OVER (ORDER BY ctid) AS n FROM outcome) r
    WHERE outcome.code = r.code;
UPDATE exclusion_category SET position = r.n
    FROM (SELECT code, row_number() OVER (ORDER BY ctid) AS n FROM exclusion_category) r
    WHERE exclusion_category.code = r.code;
UPDATE exclusion_reason SET position = r.n
    FROM (SELECT code, row_number() OVER (ORDER BY ctid) AS n FROM exclusion_reason) r
    WHERE exclusion_reason.code = r.code;
UPDATE bullying_type SET position = r.n
    FROM (SELECT code, row_number() OVER (ORDER BY ctid) AS n FROM bullying_type) r
    WHERE bullying_type.code = r.code;
