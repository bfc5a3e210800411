-- 0013_retention.postgresql.sql: erasure may blank the words of records that
-- are otherwise kept as recorded. The only change these triggers now let
-- through is a text column set to '(erased)' with every other column as it
-- was: the trail still says who did what, when, and to which record, but no
-- longer what an erased person's record said. Every comparison is null-safe
-- (IS NOT DISTINCT FROM): with =, a NULL would make the condition NULL and let
-- any change through.
DROP TRIGGER audit_no_update ON audit;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW
WHEN (NOT (NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.at IS NOT DISTINCT FROM OLD.at AND NEW.action IS NOT DISTINCT FROM OLD.action
          AND NEW.entity IS NOT DISTINCT FROM OLD.entity AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id
          AND NEW.pupil_id IS NOT DISTINCT FROM OLD.pupil_id AND NEW.school_id IS NOT DISTINCT FROM OLD.school_id
          AND NEW.address IS NOT DISTINCT FROM OLD.address
          AND (NEW.actor IS NOT DISTINCT FROM OLD.actor OR NEW.actor IS NOT DISTINCT FROM '(erased)')
          AND (NEW.detail IS NOT DISTINCT FROM OLD.detail OR NEW.detail IS NOT DISTINCT FROM '(erased)')))
EXECUTE FUNCTION meso_refuse('the audit trail cannot be changed');

DROP TRIGGER parent_agreement_kept ON parent_agreement;
CREATE TRIGGER parent_agreement_kept BEFORE UPDATE ON parent_agreement FOR EACH ROW
WHEN (NOT (NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.pupil_id IS NOT DISTINCT FROM OLD.pupil_id AND NEW.version IS NOT DISTINCT FROM OLD.version
          AND NEW.agreed_on IS NOT DISTINCT FROM OLD.agreed_on AND NEW.recorded_by IS NOT DISTINCT FROM OLD.recorded_by
          AND NEW.recorded_at IS NOT DISTINCT FROM OLD.recorded_at
          AND (NEW.purpose IS NOT DISTINCT FROM OLD.purpose OR NEW.purpose IS NOT DISTINCT FROM '(erased)')
          AND (NEW.expected_outcomes IS NOT DISTINCT FROM OLD.expected_outcomes OR NEW.expected_outcomes IS NOT DISTINCT FROM '(erased)')
          AND (NEW.review_note IS NOT DISTINCT FROM OLD.review_note OR NEW.review_note IS NOT DISTINCT FROM '(erased)')))
EXECUTE FUNCTION meso_refuse('an agreement is kept as it was agreed; review it to make a new version');

DROP TRIGGER target_review_append_only ON target_review;
CREATE TRIGGER target_review_append_only BEFORE UPDATE ON target_review FOR EACH ROW
WHEN (NOT (NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id AND NEW.reviewed_on IS NOT DISTINCT FROM OLD.reviewed_on
          AND NEW.status IS NOT DISTINCT FROM OLD.status AND NEW.parent_took_part IS NOT DISTINCT FROM OLD.parent_took_part
          AND NEW.conversation_id IS NOT DISTINCT FROM OLD.conversation_id AND NEW.recorded_by IS NOT DISTINCT FROM OLD.recorded_by
          AND NEW.recorded_at IS NOT DISTINCT FROM OLD.recorded_at
          AND (NEW.note IS NOT DISTINCT FROM OLD.note OR NEW.note IS NOT DISTINCT FROM '(erased)')))
EXECUTE FUNCTION meso_refuse('a target review is kept as it was recorded');

DROP TRIGGER provision_review_kept ON provision_review;
CREATE TRIGGER provision_review_kept BEFORE UPDATE ON provision_review FOR EACH ROW
WHEN (NOT (NEW.id IS NOT DISTINCT FROM OLD.id AND NEW.provision_id IS NOT DISTINCT FROM OLD.provision_id AND NEW.pupil_id IS NOT DISTINCT FROM OLD.pupil_id
          AND NEW.reviewed_on IS NOT DISTINCT FROM OLD.reviewed_on AND NEW.score IS NOT DISTINCT FROM OLD.score
          AND NEW.reviewer_id IS NOT DISTINCT FROM OLD.reviewer_id AND NEW.reviewer IS NOT DISTINCT FROM OLD.reviewer
          AND NEW.recorded_by IS NOT DISTINCT FROM OLD.recorded_by AND NEW.recorded_at IS NOT DISTINCT FROM OLD.recorded_at
          AND (NEW.note IS NOT DISTINCT FROM OLD.note OR NEW.note IS NOT DISTINCT FROM '(erased)')))
EXECUTE FUNCTION meso_refuse('a review is kept as it was recorded; add a new review');