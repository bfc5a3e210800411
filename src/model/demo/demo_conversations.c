#include "model/demo/demo_conversations.h"

#include <string.h>

#include "core/arena.h"
#include "core/str.h"
#include "db/db.h"
#include "model/conversations/agreement.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/conversations/contact.h"
#include "model/conversations/conversation.h"
#include "model/calendar/schoolyear.h"
#include "model/demo/demo_days.h"
#include "model/conversations/scope.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* What families and teachers say, in plain, strengths-based words. */
static const char *const going_well[] = {
    "Loves reading bedtime stories with a grown-up and asks for one more",
    "Has made a good friend in class and talks about them at home",
    "Proud of the model they built in design and technology",
    "Helps look after a younger brother and is very gentle with him",
    "Enjoys football club on Tuesdays and never wants to miss it",
    "Counting everything at home: stairs, buttons, cars on the street",
    "Sleeping better since the new routine at bedtime",
    "Came home singing the songs from the class assembly",
    "Is kind to the dog and takes him for a walk with dad",
    "Talks more about school at teatime than last term",
};
static const char *const concerns[] = {
    "Mornings are hard: getting out of the door takes a long time",
    "Gets upset when plans change at short notice",
    "Finds homework frustrating and it often ends in tears",
    "Worried that playtimes are lonely",
    "Says reading is boring and avoids it",
    "Finds it hard to settle to sleep on school nights",
    "Gets cross with a younger sister and we are not sure why",
    "Not keen to talk about what happens at school",
};
static const char *const hopes[] = {
    "To enjoy coming to school",
    "To have a close friend",
    "To read for fun by the summer",
    "To feel confident asking for help",
    "To be ready for the move to the next year group",
    "To manage big feelings with fewer upsets",
};
static const char *const focus_areas[] = {
    "A calm start to the school day",  "Reading for pleasure at home and at school",
    "Friendships and playtimes",       "Asking for help when stuck",
    "Managing changes to the routine", "Confidence in maths",
};
static const struct {
    const char *what, *owner, *how;
} targets[] = {
    { "A visual timetable for the morning routine at home", "parent",
      "Fewer late starts; mum notices calmer mornings" },
    { "A five-minute settle-in job at school each morning: feeding the class fish", "school",
      "Comes into class calmly most days" },
    { "Share a book at bedtime three nights a week", "parent",
      "Reading record signed; talks about the story" },
    { "Choose a book from the class library every Friday", "pupil", "Takes a book home each week" },
    { "A buddy and a game to join at lunchtime", "school",
      "Says playtimes are fun; staff see them playing with others" },
    { "Use the help card on the desk when stuck", "pupil", "Uses the card at least once a day" },
    { "Warn about changes the day before, at home and at school", "school",
      "Fewer upsets when the timetable changes" },
    { "Play a counting game together at the weekend", "parent",
      "Counts confidently to 50; enjoys the game" },
};
static const char *const summaries[] = {
    "We agreed to try a calmer start to the day together and look again in six weeks",
    "A good conversation: lots going well, and a clear plan for reading at home",
    "We shared what works at home and at school and chose one thing to work on together",
    "Friendships are the priority; school and home will both help",
};
static const char *const next_steps[] = {
    "Class teacher to set up the morning job; mum to try the timetable",
    "Send home a reading record; check in at the gate on Fridays",
    "Lunchtime staff to introduce a buddy; a quick call in two weeks",
};
static const char *const keep_in_touch[] = {
    "A text on Fridays to share something good",
    "A quick word at the gate at pick-up",
    "Messages through the school app",
    "A phone call every two weeks",
};
static const char *const pupil_views[] = {
    "Likes helping in class and wants more jobs",
    "Says the best part of school is art and golden time",
    "Would like someone to play with at lunch",
    "Wants to read the dragon books like their friend",
    "Thinks mornings would be easier with breakfast club",
};
static const char *const not_sought[] = {
    "Too young to take part this time; we watched them play and noted what they enjoy",
    "Unwell on the day; we will ask them before the next meeting",
};
static const char *const contact_notes[] = {
    "A really good day: helped a new child find their way around",
    "Great effort in phonics today",
    "Invited to the class celebration assembly on Friday",
    "Shared the dates for parents' drop-in",
    "A tricky afternoon; settled well after some quiet time",
    "Talked about a worry from playtime; all sorted now",
    "Helped with a form for the housing office",
    "Star of the week!",
};

struct ctx {
    gsl_rng *rng;
    struct db *db;
    struct arena *a;
    struct err *e;
    struct audit_entry who;
    int64_t school_id;
    struct date today, year_start; /* the start of the last full school year */
    int year;                      /* this school year */
    struct term terms[2][TERM_N];  /* last year's and this year's */
    struct demo_days days;
    struct demo_conv_summary *s;
};

static double unif(struct ctx *c)
{
    return gsl_rng_uniform(c->rng);
}

static int pick(struct ctx *c, size_t n)
{
    return (int)gsl_rng_uniform_int(c->rng, (unsigned long)n);
}

static bool chance(struct ctx *c, double p)
{
    return unif(c) < p;
}

/* A school day between lo and hi (inclusive); the school day on or before
 * hi when there is none. */
static struct date weekday_between(struct ctx *c, struct date lo, struct date hi)
{
    return demo_day_between(&c->days, c->rng, lo, hi);
}

static struct date add_days(struct date d, long n)
{
    return date_from_days(date_to_days(d) + n);
}

struct teacher {
    int64_t id;
    double fidelity;  /* how closely they follow the four stages */
    double diligence; /* how reliably they hold the termly conversation */
};

struct child {
    int64_t id;
    int64_t carers[2];
    int n_carers;
    const char *preferred; /* the first carer's preferred contact */
    struct teacher *t;
    int year_group;
};

static int load_teachers(struct ctx *c, struct teacher **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT id FROM staff WHERE school_id = ?1 AND role = 'teacher'"
                        " ORDER BY id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    size_t cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        struct teacher *t = arena_push(c->a, out, n, &cap, sizeof *t);
        if (!t) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        t->id = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Each class's teacher becomes the key teacher of its pupils (only where
 * none is set). Two classes per year group, split by pupil. */
static int assign_key_teachers(struct ctx *c, struct teacher *ts, size_t n_t)
{
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT id, coalesce(nc_year, 'R') FROM pupil WHERE school_id = ?1"
                        " AND key_teacher_id IS NULL ORDER BY id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    int64_t *ids = NULL;
    int *groups = NULL;
    size_t n = 0, cap = 0, gcap = 0, gn = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        int64_t *id = arena_push(c->a, &ids, &n, &cap, sizeof *id);
        int *g = arena_push(c->a, &groups, &gn, &gcap, sizeof *g);
        if (!id || !g) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, 0);
        const char *y = db_col_text(st, 1);
        *g = y[0] >= '1' && y[0] <= '9' ? y[0] - '0' : 0;
    }
    db_finalize(st);
    for (size_t i = 0; i < n && rc >= 0; i++) {
        size_t cls = (size_t)(2 * groups[i]) + (size_t)(ids[i] % 2);
        if ((rc = db_prepare(c->db, &st, "UPDATE pupil SET key_teacher_id = ?1 WHERE id = ?2",
                             c->e)))
            break;
        db_bind_int(st, 1, ts[cls % n_t].id);
        db_bind_int(st, 2, ids[i]);
        rc = db_step(st, c->e);
        db_finalize(st);
        c->s->key_teachers++;
    }
    return rc < 0 ? rc : 0;
}

static int load_children(struct ctx *c, struct teacher *ts, size_t n_t, bool in_scope,
                         struct child **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(c->db, &st,
                        "SELECT id, key_teacher_id, coalesce(nc_year, 'R') FROM pupil"
                        " WHERE school_id = ?1"
                        " AND CASE WHEN sen_provision IN ('K', 'E') THEN 1 ELSE 0 END = ?2"
                        " ORDER BY id",
                        c->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, c->school_id);
    db_bind_int(st, 2, in_scope);
    size_t cap = 0;
    while ((rc = db_step(st, c->e)) == DB_ROW) {
        struct child *ch = arena_push(c->a, out, n, &cap, sizeof *ch);
        if (!ch) {
            rc = err_set(c->e, ERR_NOMEM, "out of memory");
            break;
        }
        ch->id = db_col_int(st, 0);
        int64_t tid = db_col_int(st, 1);
        for (size_t k = 0; k < n_t; k++)
            if (ts[k].id == tid)
                ch->t = &ts[k];
        const char *y = db_col_text(st, 2);
        ch->year_group = y[0] >= '1' && y[0] <= '9' ? y[0] - '0' : 0;
    }
    db_finalize(st);
    for (size_t i = 0; i < *n && rc >= 0; i++) {
        struct child *ch = &(*out)[i];
        struct pupil_carer *pcs;
        size_t np;
        if ((rc = carer_list_for_pupil(c->db, c->a, ch->id, &pcs, &np, c->e)))
            break;
        for (size_t k = 0; k < np && k < 2; k++)
            ch->carers[ch->n_carers++] = pcs[k].carer.id;
        ch->preferred = np ? pcs[0].carer.preferred_contact : NULL;
    }
    return rc < 0 ? rc : 0;
}

static int add_agreement(struct ctx *c, const struct child *ch, struct date on, bool review)
{
    int64_t carer = ch->carers[0];
    struct agreement ag = {
        .pupil_id = ch->id,
        .purpose = review ? "To keep working together, home and school, on small steps"
                          : "To work together, home and school, so that school feels good and "
                            "progress is steady",
        .expected_outcomes = review ? "Calmer mornings, a close friend, and reading for fun"
                                    : "Calmer mornings, a close friend, and more confidence",
        .review_note = review ? "Reviewed at the spring conversation: mornings are better; "
                                "friendships are now the main hope"
                              : NULL,
        .carer_ids = &carer,
        .n_carers = ch->n_carers > 0 ? 1 : 0,
        .staff_ids = ch->t ? &ch->t->id : NULL,
        .n_staff = ch->t ? 1 : 0,
    };
    if (!ag.n_carers)
        return 0;
    date_iso(on, ag.agreed_on);
    int rc = agreement_save(c->db, &ag, &c->who, c->e);
    if (rc == 0)
        c->s->agreements++;
    return rc;
}

/* One conversation on `on` in the teacher's style; returns its id. Status
 * "missed": arranged, and the family did not come (missed_then_reached). */
static int add_conversation(struct ctx *c, const struct child *ch, struct date on,
                            const char *status, bool last, int64_t *id)
{
    double p = ch->t ? ch->t->fidelity : 0.5;
    bool missed = !strcmp(status, "missed");
    if (missed)
        status = "planned";
    struct conversation cv = { .pupil_id = ch->id,
                               .school_id = c->school_id,
                               .staff_id = ch->t ? ch->t->id : 0,
                               .status = status };
    date_iso(on, cv.event_date);
    struct conv_carer carers[2];
    bool anyone = false;
    for (int k = 0; k < ch->n_carers; k++) {
        bool came = strcmp(status, "planned") && (k == 0 ? chance(c, 0.95) : chance(c, 0.4));
        carers[k] = (struct conv_carer){ ch->carers[k], NULL, NULL, true, came };
        anyone |= came;
    }
    cv.carers = carers;
    cv.n_carers = (size_t)ch->n_carers;
    cv.pupil_present = chance(c, 0.35);
    /* Held only when a parent or carer took part; otherwise it is kept as
     * arranged, and the family did not come. */
    if (strcmp(status, "planned") && !anyone && ch->n_carers == 0)
        status = cv.status = "draft"; /* no carer on record yet: it cannot be completed */
    else if (strcmp(status, "planned") && !anyone) {
        cv.status = "planned";
        cv.did_not_come = true;
        cv.pupil_present = false;
        c->s->conversations++;
        int rc = conversation_create(c->db, &cv, NULL, 0, &c->who, c->e);
        *id = cv.id;
        return rc;
    }
    if (strcmp(status, "planned"))
        cv.way = chance(c, 0.8) ? "in_person" : chance(c, 0.75) ? "phone" : "video";
    if (!strcmp(status, "planned")) {
        cv.did_not_come = missed;
        cv.pupil_present = cv.pupil_present && !missed;
        c->s->conversations++;
        int rc = conversation_create(c->db, &cv, NULL, 0, &c->who, c->e);
        *id = cv.id;
        return rc;
    }
    enum conv_stage order[STAGE_N];
    size_t n_order = 0;
    bool explore = chance(c, p + 0.15), focus = chance(c, 0.5 + p / 2);
    bool parent_first = chance(c, p + 0.1);
    if (explore) {
        cv.going_well = going_well[pick(c, N(going_well))];
        if (chance(c, 0.8))
            cv.concerns = concerns[pick(c, N(concerns))];
        if (chance(c, p))
            cv.hopes = hopes[pick(c, N(hopes))];
    }
    if (focus) {
        cv.focus_area = focus_areas[pick(c, N(focus_areas))];
        cv.priorities = chance(c, 0.5) ? "One thing at a time; start with what matters most "
                                         "to the family"
                                       : NULL;
        cv.agreed_together = chance(c, p + 0.05);
    }
    if (explore && focus && !parent_first) {
        order[n_order++] = STAGE_FOCUS;
        order[n_order++] = STAGE_EXPLORE;
    }
    struct target ts[3];
    int n_targets = chance(c, p + 0.1) ? 1 + pick(c, 3) : 0;
    /* A complete record has at least one agreed target. */
    if (n_targets == 0 && !strcmp(status, "complete"))
        n_targets = 1;
    for (int k = 0; k < n_targets; k++) {
        int which = pick(c, N(targets));
        ts[k] = (struct target){ .what = targets[which].what,
                                 .owner = targets[which].owner,
                                 .how_we_know = chance(c, p) ? targets[which].how : NULL };
        if (chance(c, p + 0.1))
            date_iso(demo_day_after(&c->days, add_days(on, 35 + pick(c, 20))), ts[k].review_date);
    }
    cv.targets = ts;
    cv.n_targets = (size_t)n_targets;
    if (chance(c, p + 0.1)) {
        cv.summary = summaries[pick(c, N(summaries))];
        cv.next_steps = chance(c, p) ? next_steps[pick(c, N(next_steps))] : NULL;
        cv.keep_in_touch = chance(c, p) ? keep_in_touch[pick(c, N(keep_in_touch))] : NULL;
    }
    if (chance(c, p))
        date_iso(demo_day_after(&c->days, add_days(on, 56 + pick(c, 28))), cv.next_meeting);
    /* A complete record has the family's views, or says why not. */
    if (!explore && !strcmp(status, "complete"))
        cv.family_views_note = "We ran out of time; we will start with the family's views "
                               "next time";
    if (chance(c, p))
        cv.pupil_views = pupil_views[pick(c, N(pupil_views))];
    else if (chance(c, p))
        cv.views_not_sought = not_sought[pick(c, N(not_sought))];
    /* Most records are shared within a week; the latest may not be yet. */
    if (!strcmp(status, "complete") && chance(c, last ? p - 0.2 : p + 0.1)) {
        struct date shared = demo_day_after(&c->days, add_days(on, 1 + pick(c, 6)));
        if (date_cmp(shared, c->today) <= 0) {
            date_iso(shared, cv.shared_on);
            cv.shared_how = chance(c, 0.6) ? "printed copy" : "email";
        }
    }
    int rc = conversation_create(c->db, &cv, n_order ? order : NULL, n_order, &c->who, c->e);
    *id = cv.id;
    c->s->conversations++;
    c->s->targets += n_targets;
    return rc;
}

/* Review the pupil's open targets whose review date has come, at a
 * conversation (conv_id) on `on` or between conversations. */
static int review_targets(struct ctx *c, const struct child *ch, struct date on, int64_t conv_id)
{
    struct target *ts;
    size_t n;
    int rc = target_list(c->db, c->a, ch->id, &c->who, &ts, &n, c->e);
    char iso[DATE_ISO_LEN];
    date_iso(on, iso);
    for (size_t i = 0; i < n && rc == 0; i++) {
        const struct target *t = &ts[i];
        if (!t->review_date[0] || strcmp(t->review_date, iso) > 0 || strcmp(t->set_on, iso) >= 0 ||
            !strcmp(t->status, "achieved") || !strcmp(t->status, "stopped"))
            continue;
        double r = unif(c);
        struct target_review rv = { .target_id = t->id,
                                    .status = r < 0.45   ? "progressing"
                                              : r < 0.80 ? "achieved"
                                              : r < 0.92 ? "changed"
                                              : r < 0.97 ? "open"
                                                         : "stopped",
                                    .parent_took_part = chance(c, conv_id ? 0.9 : 0.6),
                                    .conversation_id = conv_id };
        rv.note = !strcmp(rv.status, "achieved")  ? "Done: well done, everyone"
                  : !strcmp(rv.status, "changed") ? "Changed to a smaller step that fits home "
                                                    "life better"
                                                  : NULL;
        str_copy(rv.reviewed_on, sizeof rv.reviewed_on, conv_id ? iso : t->review_date);
        if ((rc = target_review(c->db, &rv, &c->who, c->e)) == 0)
            c->s->reviews++;
    }
    return rc;
}

static int add_contact(struct ctx *c, const struct child *ch, struct date on, const char *method,
                       const char *purpose, const char *note);

/* A meeting arranged for `on` that the family could not come to, and the
 * talk that happened another way a few school days later (by phone, or at
 * home). The meeting is kept as arranged, with the family not coming
 * (did_not_come), and never counted as held. Returns the day they talked in
 * *talked. */
static int missed_then_reached(struct ctx *c, const struct child *ch, struct date on,
                               struct date *talked)
{
    int64_t id;
    int rc = add_conversation(c, ch, on, "missed", false, &id);
    if (rc)
        return rc;
    c->s->missed++;
    *talked = demo_day_after(&c->days, add_days(on, 2 + pick(c, 5)));
    if (date_cmp(*talked, c->today) >= 0)
        return 0;
    bool visit = chance(c, 0.3);
    return add_contact(c, ch, *talked, visit ? "home_visit" : "phone", "progress",
                       visit ? "The family could not come to the meeting we arranged, so we "
                               "visited at home and talked about progress there"
                             : "The family could not come to the meeting we arranged, so we "
                               "talked about progress on the phone instead");
}

/* The conversations of one school year (y: 0 last year, 1 this year) up to
 * today: one a term for most families, fewer where it is harder to find a
 * time; some meetings the family could not come to, followed up another
 * way. */
static int conversations_in_year(struct ctx *c, const struct child *ch, double reach, int y)
{
    int held = 0;
    int64_t last_id = 0;
    for (int t = 0; t < TERM_N; t++) {
        const struct term *tm = &c->terms[y][t];
        if (date_cmp(tm->start, c->today) >= 0)
            break;
        struct date hi = date_cmp(tm->end, c->today) < 0 ? tm->end : add_days(c->today, -1);
        /* In the current term, only part of it has passed. */
        double elapsed = (double)(date_to_days(hi) - date_to_days(tm->start) + 1) /
                         (double)(date_to_days(tm->end) - date_to_days(tm->start) + 1);
        double p = (ch->t ? ch->t->diligence : 0.6) * reach * (elapsed < 1 ? elapsed * 1.2 : 1);
        int rc;
        if (!chance(c, p)) {
            /* Some families have one arranged for later this term. */
            if (elapsed < 1 && chance(c, 0.4)) {
                struct date when =
                    weekday_between(c, add_days(c->today, 3), add_days(c->today, 21));
                if (date_cmp(when, c->today) > 0 && date_cmp(when, tm->end) <= 0) {
                    int64_t id;
                    if ((rc = add_conversation(c, ch, when, "planned", false, &id)))
                        return rc;
                }
            } else if (elapsed >= 1 && chance(c, 0.3)) {
                /* Arranged, but the family could not come: reached another way. */
                struct date talked;
                struct date on = weekday_between(c, add_days(tm->start, 10), add_days(hi, -10));
                if ((rc = missed_then_reached(c, ch, on, &talked)))
                    return rc;
            }
            continue;
        }
        struct date on = weekday_between(c, add_days(tm->start, 10), add_days(hi, -2));
        if (date_cmp(on, c->today) >= 0)
            on = demo_day(&c->days, add_days(c->today, -1));
        /* Now and then the first date arranged did not work for the family,
         * and they met a couple of weeks later. */
        if (elapsed >= 1 && chance(c, 0.08)) {
            struct date missed = weekday_between(c, add_days(tm->start, 5), add_days(on, -14));
            struct date talked;
            if (date_cmp(missed, add_days(on, -14)) <= 0 &&
                (rc = missed_then_reached(c, ch, missed, &talked)))
                return rc;
        }
        /* The family's own views, sometimes, a few days before. */
        if (ch->n_carers && chance(c, 0.25)) {
            struct parent_view v = { .pupil_id = ch->id,
                                     .carer_id = ch->carers[0],
                                     .going_well = going_well[pick(c, N(going_well))],
                                     .to_talk_about = chance(c, 0.6) ? "How to help with reading "
                                                                       "at home"
                                                                     : NULL };
            date_iso(demo_day(&c->days, add_days(on, -3 - pick(c, 7))), v.given_on);
            if ((rc = parent_view_add(c->db, &v, &c->who, c->e)))
                return rc;
            c->s->views++;
        }
        if (held == 0 && y == 0 && chance(c, 0.8) && (rc = add_agreement(c, ch, on, false)))
            return rc;
        if (held == 1 && chance(c, 0.3) && (rc = add_agreement(c, ch, on, true)))
            return rc;
        if ((rc = review_targets(c, ch, on, 0)))
            return rc;
        bool latest = elapsed < 1;
        const char *status = latest && chance(c, 0.12) ? "draft" : "complete";
        if ((rc = add_conversation(c, ch, on, status, latest, &last_id)))
            return rc;
        held++;
    }
    return 0;
}

/* Last year's conversations (a pupil in scope then) and this year's. */
static int conversations_for(struct ctx *c, const struct child *ch, double reach, bool last_year)
{
    int rc = last_year ? conversations_in_year(c, ch, reach, 0) : 0;
    if (rc == 0)
        rc = conversations_in_year(c, ch, reach, 1);
    /* Between conversations: reviews that fell due since. */
    return rc ? rc : review_targets(c, ch, demo_day(&c->days, add_days(c->today, -1)), 0);
}

static const char *pick_method(struct ctx *c, const char *preferred, double variety)
{
    if (preferred && chance(c, 1 - variety)) {
        if (!strcmp(preferred, "text"))
            return "text";
        if (!strcmp(preferred, "phone"))
            return "phone";
        if (!strcmp(preferred, "email"))
            return "email";
        if (!strcmp(preferred, "app"))
            return "app_message";
        if (!strcmp(preferred, "letter"))
            return "letter";
        return "school_gate";
    }
    static const char *const mix[] = { "school_gate", "school_gate", "phone",
                                       "text",        "app_message", "meeting",
                                       "email",       "letter",      "home_visit" };
    return mix[pick(c, N(mix))];
}

static const char *pick_purpose(struct ctx *c)
{
    double r = unif(c);
    return r < 0.38   ? "celebration"
           : r < 0.68 ? "progress"
           : r < 0.76 ? "invitation"
           : r < 0.86 ? "information"
           : r < 0.95 ? "concern"
                      : "support";
}

static int add_contact(struct ctx *c, const struct child *ch, struct date on, const char *method,
                       const char *purpose, const char *note)
{
    int64_t carer = ch->carers[0];
    struct contact k = { .pupil_id = ch->id,
                         .school_id = c->school_id,
                         .method = method,
                         .purpose = purpose,
                         .started_by = chance(c, 0.2) ? "family" : "school",
                         .interpreter = chance(c, 0.04),
                         .note = note             ? note
                                 : chance(c, 0.5) ? contact_notes[pick(c, N(contact_notes))]
                                                  : NULL,
                         .staff_id = ch->t ? ch->t->id : 0,
                         .carer_ids = &carer,
                         .n_carers = ch->n_carers ? 1 : 0 };
    date_iso(on, k.date);
    if (chance(c, 0.5))
        snprintf(k.time, sizeof k.time, "%02u:%02u", (unsigned)(8 + pick(c, 8)) % 24u,
                 (unsigned)(5 * pick(c, 12)) % 60u);
    int rc = contact_add(c->db, &k, &c->who, c->e);
    if (rc == 0)
        c->s->contacts++;
    return rc;
}

/* A family's contacts through the year: every one to three weeks, mostly
 * positive, from `from`. style 1: the last three were concerns; style 2:
 * quiet for the last six weeks or more. */
static int contacts_for(struct ctx *c, const struct child *ch, struct date from, int style,
                        double variety)
{
    struct date end = style == 2   ? add_days(c->today, -43 - pick(c, 35))
                      : style == 1 ? add_days(c->today, -25)
                                   : c->today;
    struct date d = add_days(from, 4 + pick(c, 14));
    int rc = 0;
    while (date_cmp(d, end) <= 0 && rc == 0) {
        if (demo_is_school_day(&c->days, d))
            rc = add_contact(c, ch, d, pick_method(c, ch->preferred, variety), pick_purpose(c),
                             NULL);
        d = add_days(d, 7 + pick(c, 14));
    }
    if (style == 1 && rc == 0) {
        /* Three concerns in the last four weeks, after everything else. */
        for (int k = 3; k >= 1 && rc == 0; k--) {
            struct date on = add_days(c->today, -7 * k + 3);
            rc = add_contact(c, ch, demo_day(&c->days, date_cmp(on, c->today) > 0 ? c->today : on),
                             pick_method(c, ch->preferred, variety), "concern", NULL);
        }
    }
    return rc;
}

int demo_conversations(struct db *db, gsl_rng *rng, int64_t school_id, const char *actor,
                       struct date today, double fidelity_shift, double hard_to_reach,
                       struct demo_conv_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct arena a;
    arena_init(&a, 0);
    struct ctx c = { .rng = rng,
                     .db = db,
                     .a = &a,
                     .e = e,
                     .who = { .actor = actor ? actor : "demo" },
                     .school_id = school_id,
                     .today = today,
                     .s = s };
    int year = schoolyear_of(today);
    c.year = year;
    c.year_start = schoolyear_start(year - 1);
    struct teacher *ts;
    size_t n_t;
    struct child *kids, *others;
    size_t n_kids, n_others;
    int rc = demo_days_load(db, &a, school_id, year, &c.days, e);
    for (int y = 0; y < 2 && rc == 0; y++)
        rc = schoolyear_terms(db, school_id, year - 1 + y, c.terms[y], e);
    if (rc == 0)
        rc = load_teachers(&c, &ts, &n_t);
    if (rc == 0 && n_t == 0)
        goto out;
    /* Teachers' styles: a third follow the model closely, a third loosely. */
    for (size_t i = 0; i < n_t && rc == 0; i++) {
        double r = unif(&c);
        ts[i].fidelity = (r < 0.35 ? 0.92 : r < 0.7 ? 0.72 : 0.42) + fidelity_shift;
        if (ts[i].fidelity > 0.97)
            ts[i].fidelity = 0.97;
        if (ts[i].fidelity < 0.1)
            ts[i].fidelity = 0.1;
        ts[i].diligence = 0.55 + 0.4 * unif(&c);
    }
    if (rc == 0)
        rc = assign_key_teachers(&c, ts, n_t);
    if (rc == 0)
        rc = load_children(&c, ts, n_t, true, &kids, &n_kids);
    if (rc == 0)
        rc = load_children(&c, ts, n_t, false, &others, &n_others);
    for (size_t i = 0; i < n_kids && rc == 0; i++) {
        struct child *ch = &kids[i];
        /* Most families meet each term; for some it is harder to find a
         * time that works, and they have had none or one so far. */
        double reach = chance(&c, hard_to_reach) ? 0.25 : 1.0;
        if (chance(&c, 0.06))
            rc = scope_set_plan(db, ch->id, year, chance(&c, 0.5) ? 2 : 4, NULL, &c.who, e);
        /* Most were on SEN support last year too; a few joined the scope
         * this year. */
        bool last_year = ch->year_group > 0 && chance(&c, 0.85);
        if (rc == 0)
            rc = conversations_for(&c, ch, reach, last_year);
        double r = unif(&c);
        int style = r < 0.12 ? 1 : r < 0.24 ? 2 : 0;
        double variety = ch->t ? 0.9 - ch->t->fidelity * 0.8 : 0.3;
        if (rc == 0)
            rc = contacts_for(&c, ch, last_year ? c.year_start : schoolyear_start(year), style,
                              variety);
    }
    /* A few other families, added to scope by a lead or simply in touch. */
    for (size_t i = 0; i < n_others && rc == 0; i++) {
        if (!chance(&c, 0.1))
            continue;
        struct child *ch = &others[i];
        if (chance(&c, 0.1)) {
            rc = scope_add(db, ch->id, "The family asked for regular conversations this year",
                           &c.who, e);
            if (rc == 0)
                rc = conversations_for(&c, ch, 0.8, false);
        }
        if (rc == 0)
            rc = contacts_for(&c, ch, schoolyear_start(year), chance(&c, 0.1) ? 1 : 0, 0.5);
    }
out:
    arena_release(&a);
    return rc;
}
