-- 0016_la_key.sql: the key behind a local authority's pseudonymised
-- evaluation extract (issue 16 part 5, docs/evaluation.md "Across a local
-- authority's schools").
--
-- One secret per LA: 32 random bytes as 64 hex digits, made by meso the
-- first time the LA's extract or analysis runs (model/la/lakey.c) and never
-- shown. A pupil's, key teacher's or school's pseudonym is BLAKE2b
-- (libsodium crypto_generichash) keyed with it, so the same child has the
-- same pseudonym in every extract of the LA, and no one without the key can
-- go from a UPN to a pseudonym or back. A database copy (meso db copy)
-- carries it; a school's own export does not (it belongs to no school).
CREATE TABLE la_key (
    la_code    TEXT PRIMARY KEY CHECK (length(la_code) = 3),
    secret     TEXT NOT NULL CHECK (length(secret) = 64),
    created_on TEXT NOT NULL
);
