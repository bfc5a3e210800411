-- placeholder; replaced by the accounts branch
ALTER TABLE pupil ADD COLUMN key_teacher_id INTEGER REFERENCES staff(id);
