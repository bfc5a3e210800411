-- 0012_list_indexes.sql: the pupil list at the speed of the data (issue 17).
--
-- The list is sorted by year in school order, then name; this index holds
-- that order, so a page of 50 reads 50 entries instead of sorting every
-- pupil of the school (model/register/pupil.c: PUPIL_YEAR_ORDER, the same
-- expression): the list's statements cost a third as many instructions.
-- A second index covering the list's conditions made counting cheaper
-- still, but made a 100,000-row import twice as slow, so it is not here.
CREATE INDEX pupil_list_order ON pupil (school_id,
    (CASE nc_year WHEN 'N1' THEN -2 WHEN 'N2' THEN -1 WHEN 'R' THEN 0 WHEN 'X' THEN 99
     ELSE CAST(nc_year AS INTEGER) END),
    legal_surname, legal_forename, upn);
