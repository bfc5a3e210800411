#include "model/demo/demo.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "core/str.h"
#include "db/db.h"
#include "model/calendar/schoolyear.h"
#include "model/access/account.h"
#include "model/register/audit.h"
#include "model/register/carer.h"
#include "model/demo/demo_conversations.h"
#include "model/demo/demo_days.h"
#include "model/demo/demo_la.h"
#include "model/demo/demo_measures.h"
#include "model/demo/demo_programmes.h"
#include "model/demo/demo_provmap.h"
#include "model/register/factor.h"
#include "model/access/family_worker.h"
#include "model/access/password.h"
#include "model/register/pupil.h"
#include "model/register/school.h"
#include "model/register/staff.h"
#include "model/register/upn.h"

#define DEMO_URN   "999001"
#define DEMO_NAME  "Meadowbank Primary School"
#define DEMO_LA    999 /* not a real LA number */
#define DEMO_ESTAB 2001

/* Name pools, grouped so that families get names that go together. The
 * languages are those most often recorded in English primary schools. */
struct heritage {
    const char *language; /* first language; NULL = English */
    const char *const *girls;
    int n_girls;
    const char *const *boys;
    int n_boys;
    const char *const *surnames;
    int n_surnames;
};

#define POOL(...)                         \
    (const char *const[]){ __VA_ARGS__ }, \
        (int)(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))

static const struct heritage heritages[] = {
    { NULL,
      POOL("Olivia", "Amelia", "Isla", "Ava", "Ivy", "Freya", "Lily", "Florence", "Mia", "Willow",
           "Rosie", "Sophia", "Isabella", "Grace", "Daisy", "Sienna", "Poppy", "Elsie", "Evie",
           "Ella", "Harper", "Millie", "Matilda", "Ruby", "Phoebe", "Alice", "Chloe", "Emily"),
      POOL("Noah", "Oliver", "George", "Arthur", "Leo", "Harry", "Oscar", "Archie", "Henry",
           "Theodore", "Freddie", "Jack", "Charlie", "Theo", "Alfie", "Jacob", "Thomas", "Finley",
           "Arlo", "William", "Lucas", "Tommy", "Isaac", "James", "Max", "Teddy", "Reggie"),
      POOL("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
           "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
           "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "Cooper", "Hill", "Ward",
           "Moore", "Harris", "Baker", "Carter", "Lewis", "Parker", "Morris", "Cook") },
    { "Polish", POOL("Zofia", "Hanna", "Maja", "Lena", "Julia", "Zuzanna", "Alicja"),
      POOL("Jakub", "Antoni", "Jan", "Szymon", "Filip", "Kacper", "Aleksander"),
      POOL("Nowak", "Kowalski", "Wisniewski", "Wojcik", "Kaminski", "Lewandowski", "Zielinski") },
    { "Urdu", POOL("Aisha", "Maryam", "Zara", "Hafsa", "Inaya", "Anaya", "Eesha"),
      POOL("Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Rayyan"),
      POOL("Khan", "Hussain", "Ahmed", "Iqbal", "Akhtar", "Rashid", "Mahmood") },
    { "Bengali", POOL("Ayesha", "Nusrat", "Tahmina", "Sumaiya", "Ruqayyah", "Safa"),
      POOL("Arif", "Rahim", "Sami", "Tanvir", "Imran", "Rayhan"),
      POOL("Begum", "Uddin", "Miah", "Rahman", "Islam", "Chowdhury") },
    { "Punjabi", POOL("Simran", "Jasleen", "Harleen", "Amrit", "Navneet", "Gurleen"),
      POOL("Arjun", "Harjot", "Gurpreet", "Jasdeep", "Manveer", "Ranveer"),
      POOL("Singh", "Kaur", "Sandhu", "Gill", "Sidhu", "Dhillon") },
    { "Arabic", POOL("Layla", "Noor", "Yasmin", "Amira", "Salma", "Rania"),
      POOL("Omar", "Adam", "Karim", "Khalid", "Tariq", "Samir"),
      POOL("Haddad", "Mansour", "Nasser", "Saleh", "Karam", "Farouk") },
    { "Somali", POOL("Hodan", "Ifrah", "Sagal", "Fadumo", "Ayan", "Hamdi"),
      POOL("Abdi", "Mohamed", "Hassan", "Ahmed", "Liban", "Bashir"),
      POOL("Warsame", "Farah", "Abdullahi", "Osman", "Jama", "Hirsi") },
    { "Romanian", POOL("Ioana", "Maria", "Andreea", "Elena", "Bianca", "Denisa"),
      POOL("Andrei", "Alexandru", "Stefan", "Mihai", "Darius", "Luca"),
      POOL("Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Constantin") },
    { "Portuguese", POOL("Beatriz", "Leonor", "Matilde", "Carolina", "Mariana", "Ines"),
      POOL("Tiago", "Rodrigo", "Duarte", "Goncalo", "Martim", "Santiago"),
      POOL("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa") },
    { "Yoruba", POOL("Ayomide", "Tolani", "Funmi", "Adeola", "Titilayo", "Kemi"),
      POOL("Tobi", "Femi", "Dayo", "Segun", "Kunle", "Tunde"),
      POOL("Adeyemi", "Okafor", "Balogun", "Ogunleye", "Adebayo", "Oyelaran") },
    { "Lithuanian", POOL("Ugne", "Emilija", "Gabija", "Austeja", "Ieva"),
      POOL("Matas", "Lukas", "Jokubas", "Dominykas", "Nojus"),
      POOL("Kazlauskas", "Petrauskas", "Jankauskas", "Stankevicius", "Vasiliauskas") },
};
#define N_HERITAGES (sizeof heritages / sizeof heritages[0])

static const char *const streets[] = {
    "Meadow Lane",   "Church Street", "Station Road", "Park Avenue", "Mill Close",   "Orchard Way",
    "Victoria Road", "Willow Drive",  "Queens Road",  "Elm Grove",   "Brook Street", "Kingsway",
};

struct demo {
    gsl_rng *rng;
    struct db *db;
    struct arena *a;
    struct err *e;
    const struct demo_options *o;
    struct demo_summary *s;
    int64_t school_id;
    int academic_year; /* the calendar year in which this school year began */
    int serial[100];   /* next UPN serial per year of allocation */
    long carers_made;
    char *sen_quota; /* 'N', 'K' or 'E' per pupil, in the order they are made */
    bool *fsm_quota;
    int next_slot;
    int la_number, estab; /* for UPNs */
};

static double uniform(struct demo *d)
{
    return gsl_rng_uniform(d->rng);
}

static int pick(struct demo *d, int n)
{
    return (int)gsl_rng_uniform_int(d->rng, (unsigned long)n);
}

static bool chance(struct demo *d, double p)
{
    return uniform(d) < p;
}

static const struct heritage *choose_heritage(struct demo *d)
{
    /* About 20% of pupils have English as an additional language. */
    if (!chance(d, 0.20))
        return &heritages[0];
    return &heritages[1 + pick(d, N_HERITAGES - 1)];
}

static const char *pick_need(struct demo *d, char sen, const char *avoid)
{
    static const char *const k[] = { "SEMH", "SEMH", "SEMH", "SLCN", "SLCN", "SLCN",
                                     "MLD",  "MLD",  "SPLD", "SPLD", "ASD",  "ASD",
                                     "OTH",  "NSA",  "PD",   "HI",   "VI" };
    static const char *const e[] = { "ASD",  "ASD", "ASD", "SLCN", "SLCN", "SEMH",
                                     "SEMH", "SLD", "PD",  "MLD",  "PMLD", "HI" };
    for (;;) {
        const char *n =
            sen == 'E' ? e[pick(d, sizeof e / sizeof e[0])] : k[pick(d, sizeof k / sizeof k[0])];
        if (!avoid || strcmp(n, avoid))
            return n;
    }
}

static void date_str(struct date dt, char out[11])
{
    date_iso(dt, out);
}

static const char *phone(struct demo *d)
{
    /* Ofcom reserves 07700 900000-900999 for drama. */
    return arena_sprintf(d->a, "07700 900%03d", pick(d, 1000));
}

/* The demo staff: an admin, two leads, two class teachers for each year
 * group from Reception to Year 6 (in that order), three practitioners. */
static const struct {
    const char *name, *role;
} people[] = {
    { "Sam Okoro", "admin" },          { "Helen Price", "lead" },
    { "Daniel Ashworth", "lead" },     { "Priya Nair", "teacher" },
    { "Tom Gallagher", "teacher" },    { "Rebecca Lewis", "teacher" },
    { "Chris Mensah", "teacher" },     { "Laura Fitzgerald", "teacher" },
    { "Joanna Kowal", "teacher" },     { "Ben Whitaker", "teacher" },
    { "Amina Yusuf", "teacher" },      { "Katie Holmes", "teacher" },
    { "Mark Ellison", "teacher" },     { "Sarah Quinn", "teacher" },
    { "Hannah Brooks", "teacher" },    { "Ravi Patel", "teacher" },
    { "Emma Doyle", "teacher" },       { "Grace Adebayo", "practitioner" },
    { "Lee Harding", "practitioner" }, { "Nadia Rahman", "practitioner" },
};
#define N_PEOPLE      (sizeof people / sizeof people[0])
#define FIRST_TEACHER 3

const struct demo_practice demo_practice_usual = { .hard_to_reach = 0.15, .fast = true };

/* "helen.price@meadowbank.example.org" */
static const char *staff_email(struct demo *d, size_t i)
{
    struct arena *a = d->a;
    const char *sp = strchr(people[i].name, ' ');
    const char *domain = d->o->email_domain ? d->o->email_domain : "meadowbank.example.org";
    char *email =
        arena_sprintf(a, "%.*s.%s@%s", (int)(sp - people[i].name), people[i].name, sp + 1, domain);
    for (char *c = email; c && *c; c++)
        if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c + 32);
    return email;
}

static int add_staff(struct demo *d)
{
    for (size_t i = 0; i < N_PEOPLE; i++) {
        struct staff s = { .school_id = d->school_id,
                           .name = people[i].name,
                           .email = staff_email(d, i),
                           .role = people[i].role };
        int rc = staff_add(d->db, &s, d->e);
        if (rc)
            return rc;
        d->s->staff++;
    }
    return 0;
}

static void login(struct demo_summary *s, int i, const char *email, const char *what)
{
    str_copy(s->logins[i].email, sizeof s->logins[i].email, email ? email : "");
    str_copy(s->logins[i].what, sizeof s->logins[i].what, what ? what : "");
}

/* Sign-in accounts for the staff, all with DEMO_PASSWORD (hashed once and
 * shared: acceptable for a demo only), admin and leads excused from TOTP. */
static int add_accounts(struct demo *d, const char *hash, int64_t staff_ids[N_PEOPLE])
{
    struct audit_who who = { d->o->actor, NULL };
    for (size_t i = 0; i < N_PEOPLE; i++) {
        char why[128];
        unsigned roles;
        const char *email = staff_email(d, i);
        if (account_parse_roles(people[i].role, &roles, why, sizeof why) != 0)
            return err_set(d->e, ERR_INPUT, "demo: %s", why);
        struct account_new n = { .email = email, .roles = roles, .school_id = d->school_id };
        int64_t id;
        int rc = account_add_staff(d->db, NULL, &who, &n, NULL, &id, d->e);
        if (rc == ERR_CONFLICT) { /* there from an earlier run */
            struct account acc;
            if ((rc = account_by_email(d->db, d->a, email, &acc, d->e)))
                return rc;
            id = acc.id;
        } else if (rc) {
            return rc;
        } else {
            d->s->accounts++;
        }
        struct account acc;
        if ((rc = account_by_id(d->db, d->a, id, &acc, d->e)))
            return rc;
        staff_ids[i] = acc.staff_id;
        struct db_stmt *st;
        if ((rc = db_prepare(d->db, &st,
                             "UPDATE account SET password_hash = ?2, password_changed_at ="
                             " created_at, totp_exempt = 1 WHERE id = ?1",
                             d->e)))
            return rc;
        db_bind_int(st, 1, id);
        db_bind_text(st, 2, hash);
        rc = db_step(st, d->e);
        db_finalize(st);
        if (rc < 0)
            return rc;
    }
    login(d->s, 0, staff_email(d, 0), "admin (no child's record)");
    login(d->s, 1, staff_email(d, 1), "lead (every child)");
    login(d->s, 2, staff_email(d, FIRST_TEACHER), "teacher (key teacher for half of Reception)");
    login(d->s, 3, staff_email(d, N_PEOPLE - 3), "practitioner (some families)");
    return 0;
}

/* Ids of the school's pupils in year group year, oldest record first. */
static int pupils_in_year(struct demo *d, const char *year, int64_t **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    struct db_stmt *st;
    int rc = db_prepare(
        d->db, &st, "SELECT id FROM pupil WHERE school_id = ?1 AND nc_year = ?2 ORDER BY id", d->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, d->school_id);
    db_bind_text(st, 2, year);
    size_t cap = 0;
    while ((rc = db_step(st, d->e)) == DB_ROW) {
        int64_t *id = arena_push(d->a, ids, n, &cap, sizeof *id);
        if (!id) {
            rc = err_set(d->e, ERR_NOMEM, "out of memory");
            break;
        }
        *id = db_col_int(st, 0);
    }
    db_finalize(st);
    return rc < 0 ? rc : 0;
}

/* Two classes per year group: alternate pupils between its two teachers. */
static int assign_key_teachers(struct demo *d, const int64_t staff_ids[N_PEOPLE])
{
    static const char *const years[] = { "R", "1", "2", "3", "4", "5", "6" };
    struct audit_who who = { d->o->actor, NULL };
    for (size_t g = 0; g < 7; g++) {
        int64_t *ids;
        size_t n;
        int rc = pupils_in_year(d, years[g], &ids, &n);
        for (size_t i = 0; rc == 0 && i < n; i++) {
            rc = pupil_set_key_teacher(d->db, &who, ids[i],
                                       staff_ids[FIRST_TEACHER + 2 * g + i % 2], d->e);
            d->s->key_teacher_pupils += rc == 0;
        }
        if (rc)
            return rc;
    }
    return 0;
}

/* Practitioners work with some of the families with a family risk factor:
 * up to 24 families (each child of the family), shared round the three. */
static int assign_families(struct demo *d, const int64_t staff_ids[N_PEOPLE])
{
    struct db_stmt *st;
    int rc = db_prepare(d->db, &st,
                        "SELECT DISTINCT pc.carer_id FROM pupil_carer pc"
                        " JOIN factor f ON f.pupil_id = pc.pupil_id"
                        " JOIN factor_type t ON t.code = f.type"
                        " JOIN pupil p ON p.id = pc.pupil_id"
                        " WHERE p.school_id = ?1 AND t.kind = 'risk' AND f.source = 'family'"
                        " AND pc.contact_priority = 1 ORDER BY pc.carer_id LIMIT 24",
                        d->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, d->school_id);
    int64_t *carers = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st, d->e)) == DB_ROW) {
        int64_t *c = arena_push(d->a, &carers, &n, &cap, sizeof *c);
        if (!c) {
            rc = err_set(d->e, ERR_NOMEM, "out of memory");
            break;
        }
        *c = db_col_int(st, 0);
    }
    db_finalize(st);
    if (rc < 0)
        return rc;
    struct audit_who who = { d->o->actor, NULL };
    for (size_t i = 0; i < n; i++) {
        int64_t worker = staff_ids[N_PEOPLE - 3 + i % 3];
        if ((rc = db_prepare(d->db, &st, "SELECT pupil_id FROM pupil_carer WHERE carer_id = ?1",
                             d->e)))
            return rc;
        db_bind_int(st, 1, carers[i]);
        int64_t kids[8];
        size_t n_kids = 0;
        while ((rc = db_step(st, d->e)) == DB_ROW && n_kids < 8)
            kids[n_kids++] = db_col_int(st, 0);
        db_finalize(st);
        if (rc < 0)
            return rc;
        for (size_t k = 0; k < n_kids; k++) {
            if ((rc = family_worker_assign(d->db, &who, kids[k], worker, d->e)))
                return rc;
            d->s->family_worker_pupils++;
        }
    }
    return 0;
}

/* One parent account: a carer with parental responsibility for the most
 * children (two, where a family has two), signing in as DEMO_PARENT_EMAIL. */
static int add_parent(struct demo *d, const char *hash)
{
    struct db_stmt *st;
    int rc = db_prepare(
        d->db, &st,
        "SELECT pc.carer_id, count(*) AS kids FROM pupil_carer pc"
        " JOIN carer c ON c.id = pc.carer_id"
        " WHERE c.school_id = ?1 AND pc.parental_responsibility = 1"
        " GROUP BY pc.carer_id ORDER BY CASE WHEN count(*) < 2 THEN count(*) ELSE 2 END DESC,"
        " pc.carer_id LIMIT 1",
        d->e);
    if (rc)
        return rc;
    db_bind_int(st, 1, d->school_id);
    rc = db_step(st, d->e);
    int64_t carer_id = rc == DB_ROW ? db_col_int(st, 0) : 0;
    long kids = rc == DB_ROW ? (long)db_col_int(st, 1) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (!carer_id)
        return 0; /* no carers: no parent account */
    /* One parent account in a database: a second LA's demo (a national
     * demo) finds it there. Looked up first, not inserted and refused,
     * because a refused statement ends a PostgreSQL transaction. */
    struct account there;
    rc = account_by_email(d->db, d->a, DEMO_PARENT_EMAIL, &there, d->e);
    if (rc == 0)
        return 0;
    if (rc != ERR_NOTFOUND)
        return rc;
    err_clear(d->e);
    struct carer c;
    if ((rc = carer_by_id(d->db, d->a, d->school_id, carer_id, &c, d->e)))
        return rc;
    int64_t id;
    rc = account_add_parent(d->db, DEMO_PARENT_EMAIL, carer_display_name(d->a, &c), d->school_id,
                            carer_id, hash, &id, d->e);
    if (rc == ERR_CONFLICT)
        return 0; /* there from an earlier run */
    if (rc)
        return rc;
    d->s->accounts++;
    login(d->s, 4, DEMO_PARENT_EMAIL,
          arena_sprintf(d->a, "parent: %s, of %ld %s", carer_display_name(d->a, &c), kids,
                        kids == 1 ? "child" : "children"));
    return 0;
}

static int add_sign_in(struct demo *d)
{
    struct password_gate own, *g = d->o->gate;
    int rc;
    if (!g) {
        if ((rc = password_gate_init(&own, PASSWORD_GATE_RUNNING, PASSWORD_GATE_WAITING)))
            return err_set(d->e, rc, "out of memory");
        g = &own;
    }
    char hash[PASSWORD_HASH_LEN];
    if (d->o->password_hash) {
        str_copy(hash, sizeof hash, d->o->password_hash);
        rc = 0;
    } else {
        rc = password_hash(g, DEMO_PASSWORD, hash, d->e);
    }
    if (g == &own)
        password_gate_release(&own);
    if (rc)
        return rc;
    int64_t staff_ids[N_PEOPLE];
    if ((rc = add_accounts(d, hash, staff_ids)) || (rc = assign_key_teachers(d, staff_ids)) ||
        (rc = assign_families(d, staff_ids)) || (!d->o->no_parent && (rc = add_parent(d, hash))))
        return rc;
    return 0;
}

/* One pupil in year group g (0 = Reception .. 6 = Year 6). */
static int make_pupil(struct demo *d, int g, const struct heritage *h, const char *surname,
                      struct pupil *p)
{
    memset(p, 0, sizeof *p);
    bool girl = chance(d, 0.5);
    str_copy(p->sex, sizeof p->sex, girl ? "F" : "M");
    p->legal_forename = girl ? h->girls[pick(d, h->n_girls)] : h->boys[pick(d, h->n_boys)];
    p->legal_surname = surname;
    static const char *const nick[][2] = {
        { "Theodore", "Theo" }, { "William", "Will" },   { "Thomas", "Tom" },
        { "James", "Jamie" },   { "Isabella", "Bella" }, { "Matilda", "Tilly" },
        { "Florence", "Flo" },  { "Oliver", "Ollie" },   { "Aleksander", "Olek" },
        { "Jakub", "Kuba" },    { "Muhammad", "Mo" },    { "Alexandru", "Alex" },
    };
    for (size_t i = 0; i < sizeof nick / sizeof nick[0]; i++)
        if (!strcmp(p->legal_forename, nick[i][0]) && chance(d, 0.5))
            p->preferred_forename = nick[i][1];
    /* Born between 1 September and 31 August, five years before Reception. */
    int y0 = d->academic_year - 5 - g;
    long start = date_to_days((struct date){ y0, 9, 1 });
    long end = date_to_days((struct date){ y0 + 1, 8, 31 });
    date_str(date_from_days(start + pick(d, (int)(end - start + 1))), p->dob);
    snprintf(p->nc_year, sizeof p->nc_year, "%s", g == 0 ? "R" : (char[]){ (char)('0' + g), 0 });
    /* Most joined in Reception; some joined later in the year or in another year. */
    int entry = d->academic_year - g;
    struct date adm = { entry, 9, chance(d, 0.5) ? 4 : 5 };
    if (g > 0 && chance(d, 0.12)) {
        entry += 1 + pick(d, g);
        adm = date_from_days(date_to_days((struct date){ entry, 9, 1 }) + pick(d, 300));
    }
    date_str(adm, p->admission_date);
    int yy = entry % 100;
    int rc = upn_make(p->upn, d->la_number, d->estab, yy, d->serial[yy]++);
    if (rc)
        return err_set(d->e, rc, "demo: ran out of UPN serials");
    /* SEN and FSM come from shuffled quotas, so every demo school has about
     * the national shares: 13% SEN support, 3% EHC plans, 22% FSM. */
    int slot = d->next_slot++;
    str_copy(p->sen, sizeof p->sen, (char[]){ d->sen_quota[slot], 0 });
    if (p->sen[0] != 'N') {
        str_copy(p->need1, sizeof p->need1, pick_need(d, p->sen[0], NULL));
        if (chance(d, 0.3) && strcmp(p->need1, "NSA"))
            str_copy(p->need2, sizeof p->need2, pick_need(d, p->sen[0], p->need1));
        if (!strcmp(p->need2, "NSA"))
            p->need2[0] = '\0';
    }
    p->eal = h->language ? 1 : 0;
    p->first_language = h->language ? h->language : "English";
    p->fsm = d->fsm_quota[slot];
    if (p->fsm)
        str_copy(p->fsm_since, sizeof p->fsm_since, p->admission_date);
    return 0;
}

static int add_carer(struct demo *d, const struct heritage *h, const char *surname, bool mother,
                     struct carer *c)
{
    memset(c, 0, sizeof *c);
    c->forename = mother ? h->girls[pick(d, h->n_girls)] : h->boys[pick(d, h->n_boys)];
    c->surname = surname;
    c->title = mother ? (chance(d, 0.5) ? "Ms" : "Mrs") : "Mr";
    c->phone_mobile = phone(d);
    if (chance(d, 0.75)) {
        char *email =
            arena_sprintf(d->a, "%s.%s%ld@example.org", c->forename, surname, d->carers_made);
        for (char *s = email; s && *s; s++)
            if (*s >= 'A' && *s <= 'Z')
                *s = (char)(*s + 32);
        c->email = email;
    }
    c->address_line1 = arena_sprintf(d->a, "%d %s", 1 + pick(d, 120),
                                     streets[pick(d, sizeof streets / sizeof streets[0])]);
    c->town = "Meadowbank";
    c->postcode =
        arena_sprintf(d->a, "ZZ99 %d%c%c", 1 + pick(d, 9), "ABDEFGHJLNPQRSTUWXYZ"[pick(d, 20)],
                      "ABDEFGHJLNPQRSTUWXYZ"[pick(d, 20)]);
    c->preferred_language = h->language ? h->language : "English";
    c->interpreter_needed = h->language && chance(d, 0.3);
    double r = uniform(d);
    c->preferred_contact = r < 0.35   ? "text"
                           : r < 0.60 ? "phone"
                           : r < 0.80 ? (c->email ? "email" : "text")
                           : r < 0.90 ? "app"
                           : r < 0.97 ? "in person"
                                      : "letter";
    static const char *const access[] = {
        "Uses a wheelchair; the main entrance has a ramp",
        "Prefers large print",
        "Hearing impaired: prefers texts to phone calls",
        "Dyslexic: prefers a phone call to a letter",
    };
    if (chance(d, 0.03))
        c->access_needs = access[pick(d, 4)];
    const char *key = carer_match_key(d->a, c, NULL);
    enum carer_save_result res;
    int rc = carer_save(d->db, d->school_id, c, key, &res, d->e);
    if (rc == 0 && res == CARER_ADDED) {
        d->s->carers++;
        d->carers_made++;
    }
    return rc;
}

static int add_factors(struct demo *d, const struct pupil *p)
{
    static const char *const risks[] = {
        "family_stress",      "bereavement",      "young_carer",    "separation",
        "financial_hardship", "housing",          "low_attendance", "bullied",
        "low_self_esteem",    "parental_illness", "school_move"
    };
    static const char *const strengths[] = { "trusted_adult",     "good_friendships",
                                             "supportive_family", "engaged_parent",
                                             "clubs_activities",  "enjoys_learning",
                                             "extended_family",   "faith_community" };
    struct date today = date_today();
    int n_risk = chance(d, p->sen[0] != 'N' || p->fsm ? 0.45 : 0.15) ? 1 + chance(d, 0.3) : 0;
    int n_prot = chance(d, 0.45) ? 1 + chance(d, 0.4) : 0;
    for (int i = 0; i < n_risk + n_prot; i++) {
        struct factor f = { .pupil_id = p->id, .recorded_by = d->o->actor };
        f.type = i < n_risk ? risks[pick(d, sizeof risks / sizeof risks[0])]
                            : strengths[pick(d, sizeof strengths / sizeof strengths[0])];
        /* The usual source for the type (see factor_type in the schema). */
        f.source = !strcmp(f.type, "housing") || !strcmp(f.type, "clubs_activities") ||
                           !strcmp(f.type, "faith_community")
                       ? "community"
                   : !strcmp(f.type, "low_attendance") || !strcmp(f.type, "bullied") ||
                           !strcmp(f.type, "school_move") || !strcmp(f.type, "trusted_adult")
                       ? "school"
                   : !strcmp(f.type, "low_self_esteem") || !strcmp(f.type, "good_friendships") ||
                           !strcmp(f.type, "enjoys_learning")
                       ? "individual"
                       : "family";
        date_iso(date_from_days(date_to_days(today) - 14 - pick(d, 600)), f.identified_on);
        if (strcmp(f.identified_on, p->admission_date) < 0)
            memcpy(f.identified_on, p->admission_date, sizeof f.identified_on);
        int rc = factor_add(d->db, &f, d->e);
        if (rc)
            return rc;
        d->s->factors++;
    }
    return 0;
}

static int add_families(struct demo *d)
{
    int per_year[7];
    int total = d->o->pupils > 0 ? d->o->pupils : 420;
    d->sen_quota = arena_alloc(d->a, (size_t)total);
    d->fsm_quota = arena_alloc(d->a, (size_t)total * sizeof *d->fsm_quota);
    if (!d->sen_quota || !d->fsm_quota)
        return err_set(d->e, ERR_NOMEM, "out of memory");
    int n_e = (int)(total * 0.03 + 0.5), n_k = (int)(total * 0.13 + 0.5);
    int n_fsm = (int)(total * 0.22 + 0.5);
    for (int i = 0; i < total; i++) {
        d->sen_quota[i] = i < n_e ? 'E' : i < n_e + n_k ? 'K' : 'N';
        d->fsm_quota[i] = i < n_fsm;
    }
    gsl_ran_shuffle(d->rng, d->sen_quota, (size_t)total, 1);
    gsl_ran_shuffle(d->rng, d->fsm_quota, (size_t)total, sizeof *d->fsm_quota);
    for (int g = 0; g < 7; g++)
        per_year[g] = total / 7 + (g < total % 7);
    int left = total;
    while (left > 0) {
        const struct heritage *h = choose_heritage(d);
        const char *surname = h->surnames[pick(d, h->n_surnames)];
        int kids = chance(d, 0.75) ? 1 : chance(d, 0.8) ? 2 : 3;
        bool fostered = chance(d, 0.006);
        struct carer carers[2];
        const char *rel[2];
        bool pr[2], lives[2];
        int n_carers = 0;
        int rc;
        if (fostered) {
            if ((rc = add_carer(d, &heritages[0],
                                heritages[0].surnames[pick(d, heritages[0].n_surnames)], true,
                                &carers[0])))
                return rc;
            rel[0] = "foster carer";
            pr[0] = false;
            lives[0] = true;
            n_carers = 1;
        } else {
            bool mum = chance(d, 0.92), dad = !mum || chance(d, 0.68);
            if (mum) {
                if ((rc = add_carer(d, h, surname, true, &carers[n_carers])))
                    return rc;
                rel[n_carers] = chance(d, 0.03) ? "grandmother" : "mother";
                pr[n_carers] = strcmp(rel[n_carers], "mother") == 0;
                lives[n_carers++] = true;
            }
            if (dad) {
                if ((rc = add_carer(d, h, surname, false, &carers[n_carers])))
                    return rc;
                rel[n_carers] = chance(d, 0.07) ? "step-father" : "father";
                pr[n_carers] = strcmp(rel[n_carers], "father") == 0;
                lives[n_carers] = chance(d, 0.78);
                n_carers++;
            }
        }
        for (int k = 0; k < kids && left > 0; k++) {
            int g = pick(d, 7), tries = 0;
            while (per_year[g] == 0 && tries++ < 7)
                g = (g + 1) % 7;
            if (per_year[g] == 0)
                break;
            per_year[g]--;
            left--;
            struct pupil p;
            if ((rc = make_pupil(d, g, h,
                                 fostered ? heritages[0].surnames[pick(d, heritages[0].n_surnames)]
                                          : surname,
                                 &p)))
                return rc;
            if (fostered)
                p.looked_after = true;
            enum pupil_save_result res;
            if ((rc = pupil_save(d->db, d->school_id, &p, PF_ALL, "demo", &res, d->e)))
                return rc;
            d->s->pupils++;
            d->s->sen_k += p.sen[0] == 'K';
            d->s->sen_e += p.sen[0] == 'E';
            d->s->fsm += p.fsm;
            d->s->eal += p.eal == 1;
            d->s->cla += p.looked_after;
            for (int c = 0; c < n_carers; c++) {
                struct carer_link l = { .pupil_id = p.id,
                                        .carer_id = carers[c].id,
                                        .relationship = rel[c],
                                        .parental_responsibility = pr[c],
                                        .lives_with = lives[c],
                                        .contact_priority = c + 1 };
                enum carer_save_result lres;
                if ((rc = carer_link(d->db, &l, &lres, d->e)))
                    return rc;
            }
            if ((rc = add_factors(d, &p)))
                return rc;
        }
    }
    return 0;
}

int demo_count_pupils(struct db *db, long *n, struct err *e)
{
    struct db_stmt *st;
    int rc = db_prepare(db, &st, "SELECT count(*) FROM pupil", e);
    if (rc)
        return rc;
    rc = db_step(st, e);
    *n = rc == DB_ROW ? (long)db_col_int(st, 0) : 0;
    db_finalize(st);
    if (rc < 0)
        return rc;
    if (*n)
        return err_set(e, ERR_CONFLICT,
                       "this database already holds %ld pupils; the demo needs an empty one "
                       "(use --db to name a new file)",
                       *n);
    return 0;
}

/* The school itself: the placeholder claimed, or a new one, or the demo
 * school left empty by an earlier run. */
static int demo_school_row(struct demo *d, struct school *sc)
{
    bool claimed = false;
    int rc = school_claim_placeholder(d->db, sc, &claimed, d->e);
    if (rc == 0 && !claimed)
        rc = school_add(d->db, sc, d->e);
    if (rc == ERR_CONFLICT) {
        /* The demo school exists but has no pupils yet: fill it. */
        struct school found;
        rc = school_by_urn(d->db, d->a, sc->urn, &found, d->e);
        sc->id = found.id;
    }
    d->school_id = sc->id;
    return rc;
}

/* One school, in one transaction, into a database checked to be empty. */
int demo_school(struct db *db, const struct demo_options *o, struct demo_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    struct arena a;
    arena_init(&a, 0);
    struct demo d = { .db = db, .a = &a, .e = e, .o = o, .s = s };
    d.la_number = o->la_code ? (int)strtol(o->la_code, NULL, 10) : DEMO_LA;
    d.estab = o->estab ? o->estab : DEMO_ESTAB;
    d.rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!d.rng) {
        arena_release(&a);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    gsl_rng_set(d.rng, o->seed);
    struct date today = date_today();
    d.academic_year = schoolyear_of(today);
    int rc;
    if ((rc = db_begin(db, e)))
        goto out;
    struct school sc = { .urn = o->urn ? o->urn : DEMO_URN,
                         .name = o->name ? o->name : DEMO_NAME,
                         .la_code = o->la_code ? o->la_code : "999",
                         .phase = "primary" };
    rc = demo_school_row(&d, &sc);
    s->school_urn = sc.urn;
    s->school_name = sc.name;
    /* The school's calendar first: every date the demo writes for an event
     * is a school day of it (model/demo/demo_days.h). */
    struct demo_days days;
    if (rc == 0)
        rc = demo_days_init(db, &a, d.school_id, o->actor, d.academic_year, &days, &s->holidays, e);
    if (rc == 0)
        rc = add_staff(&d);
    if (rc == ERR_CONFLICT)
        rc = 0; /* staff already there from an earlier run */
    if (rc == 0)
        rc = add_families(&d);
    if (rc == 0)
        rc = add_sign_in(&d);
    if (rc == 0)
        rc = demo_activity(db, d.rng, d.school_id, o, today, s, e);
    if (rc) {
        db_rollback(db);
        goto out;
    }
    rc = db_commit(db, e);
out:
    gsl_rng_free(d.rng);
    arena_release(&a);
    return rc;
}

int demo_run(struct db *db, const struct demo_options *o, struct demo_summary *s, struct err *e)
{
    memset(s, 0, sizeof *s);
    long existing;
    int rc = demo_count_pupils(db, &existing, e);
    return rc ? rc : demo_school(db, o, s, e);
}
