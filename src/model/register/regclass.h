/* regclass.h - registration groups (classes) and their key teachers.
 *
 * A pupil export names each pupil's class ("Reg", "Reg Group",
 * "Registration Form"); the import keeps one reg_group row per name and
 * school. A lead may make a teacher the key teacher of a class: every pupil
 * of the class who is in conversation scope (on roll today, SEN support or
 * an EHC plan, or added by a lead and not taken out) then has that key
 * teacher, unless a lead chose a key teacher for that pupil alone (kept,
 * unless the lead asks to replace them).
 *
 * Pupils who join later follow: regclass_follow() gives the class's key
 * teacher to every pupil in scope whose class has one and who has no key
 * teacher, or whose key teacher came from a class (pupil.key_teacher_by_class)
 * and is not this class's. It runs after every pupil import (new pupils,
 * pupils moving class, pupils coming into scope through their SEN) and
 * whenever a class's key teacher is set. A key teacher chosen for one pupil
 * (pupil_set_key_teacher) is never changed by a class.
 *
 * Every key teacher change is a change of the child's record in the audit
 * trail; setting a class's key teacher is one more row (entity reg_group).
 */
#ifndef MESO_REGCLASS_H
#define MESO_REGCLASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;

struct reg_group {
    int64_t id;
    int64_t school_id;
    const char *name;
    int64_t key_teacher_id;  /* 0 when none */
    const char *key_teacher; /* name, or NULL */
    int pupils;              /* on roll today */
    int in_scope;            /* of them, in conversation scope */
    int with_class_teacher;  /* in scope, with the class's key teacher */
    int without_teacher;     /* in scope, with no key teacher */
    int chosen_other;        /* in scope, with another key teacher chosen for them */
};

/* The id of the class called name at school_id, made when missing
 * (*created says so). name is trimmed; ERR_INPUT when blank or longer than
 * 40 characters. */
int regclass_ensure(struct db *db, int64_t school_id, const char *name, int64_t *id, bool *created,
                    struct err *e);

/* The school's classes with at least one pupil on roll, or a key teacher,
 * by name (natural order: "2B" before "10A"). */
int regclass_list(struct db *db, struct arena *a, int64_t school_id, struct reg_group **out,
                  size_t *n, struct err *e);
/* One class of school_id; ERR_NOTFOUND when there is none there. */
int regclass_get(struct db *db, struct arena *a, int64_t school_id, int64_t id,
                 struct reg_group *out, struct err *e);

/* A pupil of a class in conversation scope, as the class page lists them. */
struct regclass_pupil {
    int64_t id;
    const char *name;
    char nc_year[4];
    char sen[2];
    int64_t key_teacher_id;
    const char *key_teacher;
    bool by_class;
};
/* The class's pupils in scope today, by surname. Audited as one list view
 * (who->actor) of the class. */
int regclass_pupils(struct db *db, struct arena *a, int64_t group_id, const struct audit_entry *who,
                    struct regclass_pupil **out, size_t *n, struct err *e);

/* Make staff_id (a teacher or lead at the school, active) the key teacher of
 * the class, or clear it (0). Pupils in scope follow as described above;
 * with replace_chosen, also those whose key teacher was chosen for them
 * alone. Clearing takes the class's key teacher from the pupils who had it
 * from the class. One transaction; *changed counts the pupils whose key
 * teacher changed. ERR_INPUT when staff_id is not a teacher or lead there. */
int regclass_set_key_teacher(struct db *db, const struct audit_entry *who, int64_t group_id,
                             int64_t staff_id, bool replace_chosen, int *changed, struct err *e);

/* Bring the pupils of school_id who joined a class (or came into scope)
 * into line with their class's key teacher (see above). *changed (may be
 * NULL) counts them. The caller may hold a transaction. */
int regclass_follow(struct db *db, const struct audit_entry *who, int64_t school_id, int *changed,
                    struct err *e);

#endif
