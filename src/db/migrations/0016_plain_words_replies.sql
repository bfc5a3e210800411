-- 0020_plain_words_replies.sql: plain writing and a parent's reply (issue 18,
-- parts 2 and 3).
--
-- plain_word: initials, abbreviations and education words a family may not
-- know, each with a plain way to say it (model/writing/plainwords.h). It is
-- data, so a school or a later meso can add to it or correct it without new
-- code. match_case = 1 for initials ("TA" is pointed at, "ta" is not). A row
-- whose plain is NULL is a set of initials most families know (PE, OK): it is
-- never pointed at, even by the rule for unknown initials.
CREATE TABLE plain_word (
    term       TEXT PRIMARY KEY,
    plain      TEXT,
    match_case INTEGER NOT NULL DEFAULT 0 CHECK (match_case = 0 OR match_case = 1)
);

INSERT INTO plain_word (term, plain, match_case) VALUES
    ('SEMH', 'feelings, friendships and behaviour (social, emotional and mental health)', 1),
    ('SEN', 'special educational needs: extra help with learning', 1),
    ('SEND', 'special educational needs and disabilities', 1),
    ('SENCO', 'the teacher who leads extra help for children who need it', 1),
    ('SENCo', 'the teacher who leads extra help for children who need it', 1),
    ('SENDCo', 'the teacher who leads extra help for children who need it', 1),
    ('EHCP', 'education, health and care plan: a legal plan of the help your child gets', 1),
    ('EHC plan', 'education, health and care plan: a legal plan of the help your child gets', 0),
    ('TA', 'teaching assistant', 1),
    ('LSA', 'learning support assistant', 1),
    ('SALT', 'speech and language therapist', 1),
    ('SLCN', 'help with speech, language and talking', 1),
    ('ASD', 'autism', 1),
    ('ASC', 'autism', 1),
    ('SpLD', 'a specific learning difficulty, such as dyslexia', 1),
    ('MLD', 'finding learning harder than most children of the same age', 1),
    ('EP', 'educational psychologist', 1),
    ('CAMHS', 'the children''s mental health service', 1),
    ('OT', 'occupational therapist', 1),
    ('SLT', 'the school''s senior leaders (or speech and language therapy)', 1),
    ('DSL', 'the member of staff who leads on keeping children safe', 1),
    ('IEP', 'your child''s support plan', 1),
    ('PSP', 'a plan to help your child with behaviour', 1),
    ('KS1', 'Years 1 and 2', 1),
    ('KS2', 'Years 3 to 6', 1),
    ('KS3', 'Years 7 to 9', 1),
    ('EYFS', 'nursery and Reception', 1),
    ('FSM', 'free school meals', 1),
    ('EAL', 'learning English as well as another language', 1),
    ('CLA', 'a child in care', 1),
    ('LAC', 'a child in care', 1),
    ('PP', 'pupil premium: extra money the school gets to help some children', 1),
    ('ARE', 'where most children of the same age are', 1),
    ('WTS', 'working towards where most children of the same age are', 1),
    ('EXS', 'working where most children of the same age are', 1),
    ('GDS', 'working above where most children of the same age are', 1),
    ('LA', 'the local council', 1),
    ('TAF', 'a meeting of everyone who helps your family', 1),
    ('differentiation', 'work planned at the right level for your child', 0),
    ('differentiated', 'planned at the right level for your child', 0),
    ('dysregulated', 'very upset and finding it hard to calm down', 0),
    ('dysregulation', 'being very upset and finding it hard to calm down', 0),
    ('co-regulation', 'an adult helping your child to calm down', 0),
    ('de-escalate', 'calm things down', 0),
    ('de-escalation', 'calming things down', 0),
    ('intervention', 'extra help in a small group or one to one', 0),
    ('scaffolding', 'step-by-step help', 0),
    ('scaffolded', 'given step-by-step help', 0),
    ('provision', 'the help your child gets', 0),
    ('attainment', 'how well your child is doing in their learning', 0),
    ('graduated approach', 'help that grows step by step if it is needed', 0),
    ('sensory diet', 'a plan of movement and calm activities through the day', 0),
    ('executive function', 'planning, remembering and getting organised', 0),
    ('fine motor skills', 'hand skills, such as writing and doing up buttons', 0),
    ('gross motor skills', 'big movements, such as running, jumping and catching', 0),
    ('OK', NULL, 1),
    ('PE', NULL, 1),
    ('TV', NULL, 1),
    ('UK', NULL, 1),
    ('PDF', NULL, 1),
    ('IT', NULL, 1),
    ('DT', NULL, 1),
    ('RE', NULL, 1),
    ('NHS', NULL, 1),
    ('GP', NULL, 1),
    ('ADHD', NULL, 1);

-- parent_reply: a parent's reply to a shared record, or a note that
-- something in it is not right (kind 'not_right'). Each is also a contact
-- started by the family (contact_id), so the contact log and the
-- conversations report count it; it waits on the key teacher's home page
-- until a member of staff marks it read (read_at, read_by).
CREATE TABLE parent_reply (
    id              INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversation(id),
    pupil_id        INTEGER NOT NULL REFERENCES pupil(id),
    school_id       INTEGER NOT NULL REFERENCES school(id),
    carer_id        INTEGER NOT NULL REFERENCES carer(id),
    kind            TEXT NOT NULL CHECK (kind = 'reply' OR kind = 'not_right'),
    body            TEXT NOT NULL,
    contact_id      INTEGER NOT NULL REFERENCES contact(id),
    sent_at         TEXT NOT NULL,
    read_at         TEXT,
    read_by         INTEGER REFERENCES staff(id)
);
CREATE INDEX parent_reply_conversation ON parent_reply(conversation_id, id);
CREATE INDEX parent_reply_pupil ON parent_reply(pupil_id, read_at);
