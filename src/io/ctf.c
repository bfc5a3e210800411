/* ctf.c - reading and writing the Common Transfer File (ctf.h) with libxml2. */
#include "io/ctf.h"

#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/problems.h"

#define MAX_ITEMS 64 /* per list in one pupil; a CTF holds far fewer */

struct rd {
    struct arena *a;
    struct problems *pr;
    struct ctf *c;
    size_t cap_notes;
};

static bool is(const xmlNode *n, const char *name)
{
    return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* The element's text, trimmed, in the arena; NULL when empty. */
static const char *text_of(struct rd *r, const xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t)
        return NULL;
    const char *s = (const char *)t;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    size_t len = strlen(s);
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    char *out = len ? arena_strndup(r->a, s, len) : NULL;
    xmlFree(t);
    return out;
}

/* The path of child n under parent path; [i] counts same-named siblings. */
static const char *path_of(struct rd *r, const char *parent, const xmlNode *n)
{
    int i = 1;
    for (const xmlNode *s = n->prev; s; s = s->prev)
        i += is(s, (const char *)n->name);
    return arena_sprintf(r->a, "%s/%s[%d]", parent, (const char *)n->name, i);
}

static void note(struct rd *r, const char *parent, const xmlNode *n)
{
    if (r->c->n_notes == r->cap_notes) {
        size_t cap = r->cap_notes ? r->cap_notes * 2 : 8;
        const char **v = arena_array(r->a, cap, sizeof *v);
        if (!v)
            return;
        if (r->c->n_notes)
            memcpy(v, r->c->notes, r->c->n_notes * sizeof *v);
        r->c->notes = v;
        r->cap_notes = cap;
    }
    r->c->notes[r->c->n_notes++] = path_of(r, parent, n);
}

static void need(struct rd *r, const char *path, const char *name, const char *v)
{
    if (!v)
        problems_add(r->pr, arena_sprintf(r->a, "%s/%s", path, name), "this element is missing");
}

static void read_school(struct rd *r, const xmlNode *n, struct ctf_school *s)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "LEA"))
            s->lea = text_of(r, k);
        else if (is(k, "Estab"))
            s->estab = text_of(r, k);
        else if (is(k, "URN"))
            s->urn = text_of(r, k);
        else if (is(k, "SchoolName"))
            s->name = text_of(r, k);
    }
}

static void read_header(struct rd *r, const xmlNode *n)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "CTFversion"))
            r->c->version = text_of(r, k);
        else if (is(k, "DateTime"))
            r->c->datetime = text_of(r, k);
        else if (is(k, "SupplierID"))
            r->c->supplier = text_of(r, k);
        else if (is(k, "SourceSchool")) {
            read_school(r, k, &r->c->source);
            for (const xmlNode *y = k->children; y; y = y->next)
                if (is(y, "AcademicYear")) {
                    const char *v = text_of(r, y);
                    r->c->academic_year = v ? (int)strtol(v, NULL, 10) : 0;
                }
        } else if (is(k, "DestSchool"))
            read_school(r, k, &r->c->dest);
    }
}

static void read_sen(struct rd *r, const xmlNode *n, const char *path, struct ctf_sen *s)
{
    s->path = path;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "StartDate"))
            s->start_date = text_of(r, k);
        else if (is(k, "SENprovision"))
            s->provision = text_of(r, k);
        else if (is(k, "SENneeds"))
            for (const xmlNode *q = k->children; q; q = q->next) {
                if (!is(q, "SENneed"))
                    continue;
                const char *type = NULL;
                int rank = 0;
                for (const xmlNode *t = q->children; t; t = t->next) {
                    if (is(t, "NeedType") || is(t, "SENtype"))
                        type = text_of(r, t);
                    else if (is(t, "NeedTypeRank") || is(t, "SENtypeRank")) {
                        const char *v = text_of(r, t);
                        rank = v ? (int)strtol(v, NULL, 10) : 0;
                    }
                }
                int slot = rank == 2 ? 1 : rank == 1 ? 0 : (s->needs[0] ? 1 : 0);
                if (type && !s->needs[slot])
                    s->needs[slot] = type;
            }
        else if (k->type == XML_ELEMENT_NODE)
            note(r, path, k);
    }
    need(r, path, "StartDate", s->start_date);
    need(r, path, "SENprovision", s->provision);
}

static void read_phones(struct rd *r, const xmlNode *n, struct ctf_contact *c)
{
    for (const xmlNode *p = n->children; p; p = p->next) {
        if (!is(p, "Phone"))
            continue;
        const char *type = NULL, *no = NULL;
        for (const xmlNode *t = p->children; t; t = t->next) {
            if (is(t, "TelephoneType"))
                type = text_of(r, t);
            else if (is(t, "PhoneNo"))
                no = text_of(r, t);
        }
        const char **slot = !type                ? &c->phone_home
                            : !strcmp(type, "M") ? &c->phone_mobile
                            : !strcmp(type, "W") ? &c->phone_work
                                                 : &c->phone_home;
        if (no && !*slot)
            *slot = no;
    }
}

/* A BS7666 address (SAON, PAON, Street, Locality, Town, PostTown), as some
 * MISs write it instead of AddressLines: into the same three lines. */
static void read_bs7666(struct rd *r, const xmlNode *n, struct ctf_contact *c)
{
    const char *saon = NULL, *paon = NULL, *street = NULL, *locality = NULL, *town = NULL;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "SAON"))
            saon = text_of(r, k);
        else if (is(k, "PAON"))
            paon = text_of(r, k);
        else if (is(k, "Street"))
            street = text_of(r, k);
        else if (is(k, "Locality"))
            locality = text_of(r, k);
        else if (is(k, "Town") || (is(k, "PostTown") && !town))
            town = text_of(r, k);
    }
    const char *line1 =
        arena_sprintf(r->a, "%s%s%s%s%s", saon ? saon : "", saon ? ", " : "", paon ? paon : "",
                      paon && street ? " " : "", street ? street : "");
    if (!c->address_line1 && line1 && *line1)
        c->address_line1 = line1;
    if (!c->address_line2)
        c->address_line2 = locality;
    if (!c->town)
        c->town = town;
}

static void read_address(struct rd *r, const xmlNode *n, struct ctf_contact *c)
{
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (is(k, "Postcode"))
            c->postcode = text_of(r, k);
        else if (is(k, "BS7666Address"))
            read_bs7666(r, k, c);
        else if (is(k, "AddressLines"))
            for (const xmlNode *l = k->children; l; l = l->next) {
                if (is(l, "AddressLine1"))
                    c->address_line1 = text_of(r, l);
                else if (is(l, "AddressLine2"))
                    c->address_line2 = text_of(r, l);
                else if (is(l, "AddressLine3") || is(l, "AddressLine4"))
                    c->town = c->town ? c->town : text_of(r, l);
            }
    }
}

static void read_contact(struct rd *r, const xmlNode *n, const char *path, struct ctf_contact *c)
{
    c->path = path;
    for (const xmlNode *k = n->children; k; k = k->next) {
        const char *v;
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "Order")) {
            v = text_of(r, k);
            c->order = v ? (int)strtol(v, NULL, 10) : 0;
        } else if (is(k, "Title"))
            c->title = text_of(r, k);
        else if (is(k, "Forename"))
            c->forename = text_of(r, k);
        else if (is(k, "Surname"))
            c->surname = text_of(r, k);
        else if (is(k, "Relationship"))
            c->relationship = text_of(r, k);
        else if (is(k, "Responsibility")) {
            v = text_of(r, k);
            c->responsibility = v && (!strcmp(v, "true") || !strcmp(v, "1"));
        } else if (is(k, "Email"))
            c->email = text_of(r, k);
        else if (is(k, "Phones"))
            read_phones(r, k, c);
        else if (is(k, "Address"))
            read_address(r, k, c);
        else if (!is(k, "Gender") && !is(k, "Middlenames"))
            note(r, path, k);
    }
    need(r, path, "Surname", c->surname);
}

/* Append to a pupil's list of n items of size sz (at most MAX_ITEMS). */
static void *grow(struct rd *r, void **v, size_t *n, size_t sz)
{
    if (*n == 0)
        *v = arena_array(r->a, MAX_ITEMS, sz);
    if (!*v || *n >= MAX_ITEMS)
        return NULL;
    return (char *)*v + sz * (*n)++;
}

static void read_history(struct rd *r, const xmlNode *k, const char *kpath, struct ctf_pupil *p)
{
    for (const xmlNode *q = k->children; q; q = q->next) {
        if (q->type != XML_ELEMENT_NODE)
            continue;
        const char *qpath = path_of(r, kpath, q);
        if (is(q, "SEN")) {
            struct ctf_sen *s = grow(r, (void **)&p->sen, &p->n_sen, sizeof *s);
            if (s)
                read_sen(r, q, qpath, s);
        } else if (is(q, "FSMinstance")) {
            struct ctf_fsm *f = grow(r, (void **)&p->fsm, &p->n_fsm, sizeof *f);
            if (!f)
                continue;
            f->path = qpath;
            for (const xmlNode *t = q->children; t; t = t->next) {
                if (is(t, "FSMstartDate"))
                    f->start = text_of(r, t);
                else if (is(t, "FSMendDate"))
                    f->end = text_of(r, t);
            }
            need(r, qpath, "FSMstartDate", f->start);
        } else if (is(q, "Contact")) {
            struct ctf_contact *c = grow(r, (void **)&p->contacts, &p->n_contacts, sizeof *c);
            if (c)
                read_contact(r, q, qpath, c);
        } else if (!is(q, "FSMreviewDate")) {
            note(r, kpath, q);
        }
    }
}

static void read_basic(struct rd *r, const xmlNode *k, struct ctf_pupil *p)
{
    for (const xmlNode *b = k->children; b; b = b->next) {
        if (is(b, "FormerUPN"))
            p->former_upn = text_of(r, b);
        else if (is(b, "PreferredSurname"))
            p->preferred_surname = text_of(r, b);
        else if (is(b, "PreferredForename"))
            p->preferred_forename = text_of(r, b);
        else if (is(b, "NCyearActual"))
            p->nc_year = text_of(r, b);
        /* The rest of BasicDetails (ethnicity, languages, ...) meso does
         * not hold: left, without a note each. */
    }
}

/* Attendance/YearData: a count of sessions, or -1 when it is absent or not
 * a count (the block is optional: such a value is left, never a reason to
 * refuse the file). */
static int count_of(struct rd *r, const xmlNode *n)
{
    const char *v = text_of(r, n);
    char *end = NULL;
    long x = v ? strtol(v, &end, 10) : -1;
    return v && !*end && x >= 0 && x <= 1000 ? (int)x : -1;
}

static void read_attendance(struct rd *r, const xmlNode *k, const char *kpath, struct ctf_pupil *p)
{
    for (const xmlNode *y = k->children; y; y = y->next) {
        if (!is(y, "YearData")) {
            if (y->type == XML_ELEMENT_NODE)
                note(r, kpath, y);
            continue;
        }
        struct ctf_attendance *t = grow(r, (void **)&p->attendance, &p->n_attendance, sizeof *t);
        if (!t)
            continue;
        *t = (struct ctf_attendance){
            .path = path_of(r, kpath, y), .possible = -1, .authorised = -1, .unauthorised = -1
        };
        for (const xmlNode *c = y->children; c; c = c->next) {
            if (is(c, "Year")) {
                const char *v = text_of(r, c);
                t->year = v ? (int)strtol(v, NULL, 10) : 0;
            } else if (is(c, "SessionsPossible"))
                t->possible = count_of(r, c);
            else if (is(c, "SessionsAuthorised"))
                t->authorised = count_of(r, c);
            else if (is(c, "SessionsUnauthorised"))
                t->unauthorised = count_of(r, c);
            else if (is(c, "SchoolName"))
                t->school = text_of(r, c);
        }
        if (t->year < 1990 || t->year > 2199 || t->possible < 0) {
            p->n_attendance--; /* no year or no sessions: nothing to keep */
            note(r, kpath, y);
        }
    }
}

static const char *const pupil_skipped[] = {
    "UniqueLearnerNumber",
    "UCI",
    "StageAssessments",
    "SchoolHistory",
    "Address",
    "Phones",
    "Email",
    "NAWdetails",
    "LookedAfter",
    "Gender",
    NULL,
};

static void read_pupil(struct rd *r, const xmlNode *n, const char *path, struct ctf_pupil *p)
{
    p->path = path;
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (k->type != XML_ELEMENT_NODE)
            continue;
        if (is(k, "UPN"))
            p->upn = text_of(r, k);
        else if (is(k, "Surname"))
            p->surname = text_of(r, k);
        else if (is(k, "Forename"))
            p->forename = text_of(r, k);
        else if (is(k, "DOB"))
            p->dob = text_of(r, k);
        else if (is(k, "Sex"))
            p->sex = text_of(r, k);
        else if (is(k, "BasicDetails"))
            read_basic(r, k, p);
        else if (is(k, "SENhistory") || is(k, "FSMhistory") || is(k, "Contacts"))
            read_history(r, k, path_of(r, path, k), p);
        else if (is(k, "Attendance"))
            read_attendance(r, k, path_of(r, path, k), p);
        else {
            bool known = false;
            for (const char *const *s = pupil_skipped; *s && !known; s++)
                known = is(k, *s);
            if (!known)
                note(r, path, k);
        }
    }
    if (!p->sex) /* older files say Gender */
        for (const xmlNode *k = n->children; k; k = k->next)
            if (is(k, "Gender"))
                p->sex = text_of(r, k);
    need(r, path, "UPN", p->upn);
    need(r, path, "Surname", p->surname);
    need(r, path, "Forename", p->forename);
    need(r, path, "DOB", p->dob);
    need(r, path, "Sex", p->sex);
}

/* meso's block: each Record's UPN, the agreement and the JSON object. */
static int read_meso(struct rd *r, const xmlNode *n, const char *path, struct err *e)
{
    size_t cap = 0;
    for (const xmlNode *k = n->children; k; k = k->next)
        cap += is(k, "Record");
    r->c->meso = cap ? arena_array(r->a, cap, sizeof *r->c->meso) : NULL;
    if (cap && !r->c->meso)
        return err_set(e, ERR_NOMEM, "out of memory");
    for (const xmlNode *k = n->children; k; k = k->next) {
        if (!is(k, "Record")) {
            if (k->type == XML_ELEMENT_NODE)
                note(r, path, k);
            continue;
        }
        struct ctf_meso *m = &r->c->meso[r->c->n_meso++];
        m->path = path_of(r, path, k);
        xmlChar *upn = xmlGetProp(k, (const xmlChar *)"upn");
        m->upn = upn ? arena_strdup(r->a, (const char *)upn) : NULL;
        xmlFree(upn);
        for (const xmlNode *t = k->children; t; t = t->next) {
            if (is(t, "Consent"))
                m->consent = text_of(r, t);
            else if (is(t, "Data"))
                m->record = text_of(r, t);
        }
        need(r, m->path, "@upn", m->upn);
        need(r, m->path, "Consent", m->consent);
        need(r, m->path, "Data", m->record);
        json_error_t je;
        json_t *j = m->record ? json_loads(m->record, 0, &je) : NULL;
        if (m->record && !json_is_object(j))
            problems_add(r->pr, arena_sprintf(r->a, "%s/Data", m->path),
                         "meso's record is not a JSON object%s%s", j ? "" : ": ", j ? "" : je.text);
        json_decref(j);
    }
    return 0;
}

static bool in_meso_ns(const xmlNode *n)
{
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, CTF_MESO_NS) == 0;
}

static int read_root(struct rd *r, const xmlNode *root, const char *name, struct err *e)
{
    if (!root || !is(root, "CTfile"))
        return err_set(e, ERR_INPUT, "%s is not a Common Transfer File (no CTfile element)", name);
    size_t cap = 0;
    for (const xmlNode *k = root->children; k; k = k->next) {
        if (is(k, "Header"))
            read_header(r, k);
        else if (is(k, "CTFpupilData")) {
            for (const xmlNode *p = k->children; p; p = p->next)
                if (is(p, "Pupil"))
                    cap++;
            r->c->pupils = cap ? arena_array(r->a, cap, sizeof *r->c->pupils) : NULL;
            if (cap && !r->c->pupils)
                return err_set(e, ERR_NOMEM, "out of memory");
            for (const xmlNode *p = k->children; p; p = p->next)
                if (is(p, "Pupil") && r->c->n_pupils < cap)
                    read_pupil(r, p, path_of(r, "/CTfile/CTFpupilData", p),
                               &r->c->pupils[r->c->n_pupils++]);
                else if (p->type == XML_ELEMENT_NODE)
                    note(r, "/CTfile/CTFpupilData", p);
        } else if (is(k, "MesoTransfer") && in_meso_ns(k) && r->c->n_meso == 0) {
            int rc = read_meso(r, k, path_of(r, "/CTfile", k), e);
            if (rc)
                return rc;
        } else if (k->type == XML_ELEMENT_NODE)
            note(r, "/CTfile", k);
    }
    return 0;
}

int ctf_read(struct arena *a, const char *name, const char *data, size_t len, struct ctf *out,
             struct problems *pr, struct err *e)
{
    memset(out, 0, sizeof *out);
    if (len > (size_t)64 * 1024 * 1024)
        return err_set(e, ERR_LIMIT, "%s is larger than 64 MiB", name);
    xmlDoc *doc = xmlReadMemory(data, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *x = xmlGetLastError();
        return err_set(e, ERR_INPUT, "%s:%d: the XML is not well formed: %s", name, x ? x->line : 0,
                       x && x->message ? x->message : "unreadable");
    }
    struct rd r = { .a = a, .pr = pr, .c = out };
    int rc = read_root(&r, xmlDocGetRootElement(doc), name, e);
    xmlFreeDoc(doc);
    return rc;
}

/* Write a child with text (escaped by libxml2); nothing for NULL. */
static void put(xmlNode *parent, const char *name, const char *v)
{
    if (v && *v)
        xmlNewTextChild(parent, NULL, (const xmlChar *)name, (const xmlChar *)v);
}

static void put_school(xmlNode *h, const char *name, const struct ctf_school *s, int year)
{
    xmlNode *n = xmlNewChild(h, NULL, (const xmlChar *)name, NULL);
    put(n, "LEA", s->lea);
    put(n, "Estab", s->estab);
    put(n, "URN", s->urn);
    put(n, "SchoolName", s->name);
    if (year) {
        char y[8];
        snprintf(y, sizeof y, "%d", year);
        put(n, "AcademicYear", y);
    }
}

static void put_contact(xmlNode *cs, const struct ctf_contact *c)
{
    char order[16];
    xmlNode *n = xmlNewChild(cs, NULL, (const xmlChar *)"Contact", NULL);
    snprintf(order, sizeof order, "%d", c->order);
    put(n, "Order", order);
    put(n, "Title", c->title);
    put(n, "Surname", c->surname);
    put(n, "Forename", c->forename);
    put(n, "Relationship", c->relationship);
    put(n, "Responsibility", c->responsibility ? "true" : "false");
    if (c->address_line1 || c->postcode) {
        xmlNode *ad = xmlNewChild(n, NULL, (const xmlChar *)"Address", NULL);
        xmlNode *ls = xmlNewChild(ad, NULL, (const xmlChar *)"AddressLines", NULL);
        put(ls, "AddressLine1", c->address_line1);
        put(ls, "AddressLine2", c->address_line2);
        put(ls, "AddressLine3", c->town);
        put(ad, "Postcode", c->postcode);
    }
    const char *const phones[][2] = { { "M", c->phone_mobile },
                                      { "H", c->phone_home },
                                      { "W", c->phone_work } };
    xmlNode *ps = NULL;
    for (int i = 0; i < 3; i++) {
        if (!phones[i][1])
            continue;
        if (!ps)
            ps = xmlNewChild(n, NULL, (const xmlChar *)"Phones", NULL);
        xmlNode *p = xmlNewChild(ps, NULL, (const xmlChar *)"Phone", NULL);
        put(p, "TelephoneType", phones[i][0]);
        put(p, "PhoneNo", phones[i][1]);
    }
    put(n, "Email", c->email);
}

static void put_pupil(xmlNode *data, const struct ctf_pupil *p)
{
    xmlNode *n = xmlNewChild(data, NULL, (const xmlChar *)"Pupil", NULL);
    put(n, "UPN", p->upn);
    put(n, "Surname", p->surname);
    put(n, "Forename", p->forename);
    put(n, "DOB", p->dob);
    put(n, "Sex", p->sex);
    xmlNode *b = xmlNewChild(n, NULL, (const xmlChar *)"BasicDetails", NULL);
    put(b, "FormerUPN", p->former_upn);
    put(b, "PreferredSurname", p->preferred_surname);
    put(b, "PreferredForename", p->preferred_forename);
    put(b, "NCyearActual", p->nc_year);
    if (p->n_sen) {
        xmlNode *h = xmlNewChild(n, NULL, (const xmlChar *)"SENhistory", NULL);
        for (size_t i = 0; i < p->n_sen; i++) {
            xmlNode *s = xmlNewChild(h, NULL, (const xmlChar *)"SEN", NULL);
            put(s, "StartDate", p->sen[i].start_date);
            put(s, "SENprovision", p->sen[i].provision);
            if (!p->sen[i].needs[0])
                continue;
            xmlNode *ns = xmlNewChild(s, NULL, (const xmlChar *)"SENneeds", NULL);
            for (int k = 0; k < 2 && p->sen[i].needs[k]; k++) {
                xmlNode *nd = xmlNewChild(ns, NULL, (const xmlChar *)"SENneed", NULL);
                put(nd, "NeedType", p->sen[i].needs[k]);
                put(nd, "NeedTypeRank", k == 0 ? "1" : "2");
            }
        }
    }
    if (p->n_fsm) {
        xmlNode *h = xmlNewChild(n, NULL, (const xmlChar *)"FSMhistory", NULL);
        for (size_t i = 0; i < p->n_fsm; i++) {
            xmlNode *f = xmlNewChild(h, NULL, (const xmlChar *)"FSMinstance", NULL);
            put(f, "FSMstartDate", p->fsm[i].start);
            put(f, "FSMendDate", p->fsm[i].end);
            put(f, "UKcountry", "ENG");
        }
    }
    if (p->n_contacts) {
        xmlNode *cs = xmlNewChild(n, NULL, (const xmlChar *)"Contacts", NULL);
        for (size_t i = 0; i < p->n_contacts; i++)
            put_contact(cs, &p->contacts[i]);
    }
}

int ctf_write(const struct ctf *c, struct buf *out, struct err *e)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
    xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"CTfile");
    xmlDocSetRootElement(doc, root);
    xmlNode *h = xmlNewChild(root, NULL, (const xmlChar *)"Header", NULL);
    put(h, "DocumentName", "Common Transfer File");
    put(h, "CTFversion", c->version);
    put(h, "DateTime", c->datetime);
    put(h, "DocumentQualifier", "full");
    put(h, "SupplierID", c->supplier);
    put_school(h, "SourceSchool", &c->source, c->academic_year);
    put_school(h, "DestSchool", &c->dest, 0);
    xmlNode *data = xmlNewChild(root, NULL, (const xmlChar *)"CTFpupilData", NULL);
    for (size_t i = 0; i < c->n_pupils; i++)
        put_pupil(data, &c->pupils[i]);
    if (c->n_meso) {
        xmlNode *m = xmlNewChild(root, NULL, (const xmlChar *)"MesoTransfer", NULL);
        xmlNs *ns = xmlNewNs(m, (const xmlChar *)CTF_MESO_NS, NULL);
        xmlSetNs(m, ns);
        for (size_t i = 0; i < c->n_meso; i++) {
            xmlNode *rec = xmlNewChild(m, ns, (const xmlChar *)"Record", NULL);
            xmlNewProp(rec, (const xmlChar *)"upn", (const xmlChar *)c->meso[i].upn);
            xmlNewTextChild(rec, ns, (const xmlChar *)"Consent",
                            (const xmlChar *)c->meso[i].consent);
            xmlNewTextChild(rec, ns, (const xmlChar *)"Data", (const xmlChar *)c->meso[i].record);
        }
    }
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
    xmlFreeDoc(doc);
    int rc = mem ? buf_add(out, mem, (size_t)size) : err_set(e, ERR_NOMEM, "out of memory");
    if (mem)
        xmlFree(mem);
    if (rc && rc != ERR_NOMEM)
        rc = err_set(e, ERR_LIMIT, "the transfer file is too large");
    return rc;
}
