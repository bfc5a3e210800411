-- 0013_retention.sqlite.sql: erasure may blank the words of records that are
-- otherwise kept as recorded. The only change these triggers now let through
-- is a text column set to '(erased)' with every other column as it was: the
-- trail still says who did what, when, and to which record, but no longer
-- what an erased person's record said. Every comparison is IS (null-safe):
-- with =, a NULL would make the condition NULL and let any change through.
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (NEW.id IS OLD.id AND NEW.at IS OLD.at AND NEW.action IS OLD.action
          AND NEW.entity IS OLD.entity AND NEW.entity_id IS OLD.entity_id
          AND NEW.pupil_id IS OLD.pupil_id AND NEW.school_id IS OLD.school_id
          AND NEW.address IS OLD.address
          AND (NEW.actor IS OLD.actor OR NEW.actor IS '(erased)')
          AND (NEW.detail IS OLD.detail OR NEW.detail IS '(erased)'))
BEGIN
    SELECT RAISE(ABORT, 'the audit trail cannot be changed');
END;

DROP TRIGGER parent_agreement_kept;
CREATE TRIGGER parent_agreement_kept BEFORE UPDATE ON parent_agreement
WHEN NOT (NEW.id IS OLD.id AND NEW.pupil_id IS OLD.pupil_id AND NEW.version IS OLD.version
          AND NEW.agreed_on IS OLD.agreed_on AND NEW.recorded_by IS OLD.recorded_by
          AND NEW.recorded_at IS OLD.recorded_at
          AND (NEW.purpose IS OLD.purpose OR NEW.purpose IS '(erased)')
          AND (NEW.expected_outcomes IS OLD.expected_outcomes OR NEW.expected_outcomes IS '(erased)')
          AND (NEW.review_note IS OLD.review_note OR NEW.review_note IS '(erased)'))
BEGIN
    SELECT RAISE(ABORT, 'an agreement is kept as it was agreed; review it to make a new version');
END;

DROP TRIGGER target_review_append_only;
CREATE TRIGGER target_review_append_only BEFORE UPDATE ON target_review
WHEN NOT (NEW.id IS OLD.id AND NEW.target_id IS OLD.target_id AND NEW.reviewed_on IS OLD.reviewed_on
          AND NEW.status IS OLD.status AND NEW.parent_took_part IS OLD.parent_took_part
          AND NEW.conversation_id IS OLD.conversation_id AND NEW.recorded_by IS OLD.recorded_by
          AND NEW.recorded_at IS OLD.recorded_at
          AND (NEW.note IS OLD.note OR NEW.note IS '(erased)'))
BEGIN
    SELECT RAISE(ABORT, 'a target review is kept as it was recorded');
END;

DROP TRIGGER provision_review_kept;
CREATE TRIGGER provision_review_kept BEFORE UPDATE ON provision_review
WHEN NOT (NEW.id IS OLD.id AND NEW.provision_id IS OLD.provision_id AND NEW.pupil_id IS OLD.pupil_id
          AND NEW.reviewed_on IS OLD.reviewed_on AND NEW.score IS OLD.score
          AND NEW.reviewer_id IS OLD.reviewer_id AND NEW.reviewer IS OLD.reviewer
          AND NEW.recorded_by IS OLD.recorded_by AND NEW.recorded_at IS OLD.recorded_at
          AND (NEW.note IS OLD.note OR NEW.note IS '(erased)'))
BEGIN
    SELECT RAISE(ABORT, 'a review is kept as it was recorded; add a new review');
END;
