#include "view/convpdf.h"

#include <string.h>

#include "core/date.h"
#include "core/i18n.h"
#include "core/str.h"
#include "io/pdfdoc.h"

static const char *or_null(const char *s)
{
    return str_blank(s) ? NULL : s;
}

/* Who came, in one line: the carers who came, the child, others. */
static const char *who_came(struct arena *a, const struct conversation *c, const char *child)
{
    struct buf b;
    buf_init(&b, 8192);
    for (size_t i = 0; i < c->n_carers; i++)
        if (c->carers[i].attended)
            buf_addf(&b, "%s%s", b.len ? ", " : "", c->carers[i].name ? c->carers[i].name : "");
    if (c->pupil_present)
        buf_addf(&b, "%s%s", b.len ? ", " : "", child);
    if (c->staff_name)
        buf_addf(&b, "%s%s", b.len ? ", " : "", c->staff_name);
    if (!str_blank(c->others))
        buf_addf(&b, "%s%s", b.len ? ", " : "", c->others);
    const char *s = arena_strdup(a, buf_str(&b));
    buf_release(&b);
    return s;
}

/* The school's own words: a small label above them, as the web page has. */
static void school_words(struct pdfdoc *d, const struct tr *tr, const char *text)
{
    if (str_blank(text))
        return;
    pdfdoc_para_markup(d, "<small><i>%s</i></small>", _(tr, "Written by the school"));
    pdfdoc_para(d, text);
}

static void para_or(struct pdfdoc *d, const struct tr *tr, const char *label, const char *text)
{
    if (str_blank(text))
        return;
    pdfdoc_heading(d, 3, label);
    school_words(d, tr, text);
}

static void plan(struct pdfdoc *d, struct arena *a, const struct tr *tr,
                 const struct conversation *c, const char *child)
{
    pdfdoc_heading(d, 1, _(tr, "Our plan"));
    if (c->n_targets == 0) {
        pdfdoc_para(d, _(tr, "We did not set any targets this time."));
        return;
    }
    const char *heads[] = { _(tr, "What we will do"), _(tr, "Who will do it"),
                            _(tr, "How we will know"), _(tr, "When we will check") };
    pdfdoc_table(d, 4, heads, (double[]){ 2.8, 1.6, 2.3, 1.7 });
    for (size_t i = 0; i < c->n_targets; i++) {
        const struct target *t = &c->targets[i];
        const char *who = !strcmp(t->owner, "parent")  ? _(tr, "You, at home")
                          : !strcmp(t->owner, "pupil") ? child
                                                       : _(tr, "School");
        const char *cells[] = { t->what, who, or_null(t->how_we_know),
                                t->review_date[0] ? i18n_date(a, tr, t->review_date) : NULL };
        pdfdoc_row(d, cells);
    }
}

int convpdf_record(struct buf *out, struct arena *a, const struct tr *tr, const char *school,
                   const struct conversation *c, const struct pupil *p, struct err *e)
{
    int rc;
    const char *child = pupil_first_name(p);
    const char *title = _f(a, tr, "Our meeting about %s", child);
    struct pdfdoc *d;
    struct pdfdoc_opts o = {
        .title = title,
        .author = school,
        .subject = _(tr, "A record of a meeting between home and school"),
        .header = school,
        .footer = _f(a, tr, "Private: for %s's family and school", child),
        .lang = tr && tr->lang ? tr->lang->code : NULL,
        /* TRANSLATORS: at the foot of each page: "Page 2 of 5". */
        .page_of = _(tr, "Page %1$s of %2$s"),
    };
    if ((rc = pdfdoc_new(&d, &o, e)))
        return rc;
    pdfdoc_title(d, title);
    pdfdoc_para(d, _(tr, "Thank you for meeting us. This is what we talked about and what we "
                         "agreed. You know your child best. Tell us if anything here is not "
                         "right."));
    pdfdoc_kv(d, _(tr, "Date"), i18n_date(a, tr, c->event_date));
    pdfdoc_kv(d, _(tr, "Who came"), who_came(a, c, child));
    if (c->staff_name)
        pdfdoc_kv(d, _(tr, "Key teacher"), c->staff_name);

    pdfdoc_heading(d, 1, _(tr, "What you told us"));
    para_or(d, tr, _(tr, "What is going well"), c->going_well);
    para_or(d, tr, _(tr, "Your worries"), c->concerns);
    para_or(d, tr, _(tr, "Your hopes"), c->hopes);
    if (!or_null(c->going_well) && !or_null(c->concerns) && !or_null(c->hopes))
        pdfdoc_para(d, _(tr, "We did not write this part down this time."));

    pdfdoc_heading(d, 1, _(tr, "What we agreed to work on"));
    school_words(d, tr, c->focus_area);
    para_or(d, tr, _(tr, "What matters most"), c->priorities);
    if (!or_null(c->focus_area) && !or_null(c->priorities))
        pdfdoc_para(d, _(tr, "We did not write this part down this time."));

    plan(d, a, tr, c, child);

    pdfdoc_heading(d, 1, _(tr, "What happens next"));
    para_or(d, tr, _(tr, "In short"), c->summary);
    para_or(d, tr, _(tr, "Next steps"), c->next_steps);
    if (c->next_meeting[0])
        pdfdoc_kv(d, _(tr, "Our next meeting"), i18n_date(a, tr, c->next_meeting));
    else
        pdfdoc_kv(d, _(tr, "Our next meeting"), _(tr, "We will agree a date with you."));
    if (or_null(c->keep_in_touch))
        pdfdoc_kv(d, _(tr, "Keeping in touch"), c->keep_in_touch);

    if (or_null(c->pupil_views)) {
        pdfdoc_heading(d, 1, _f(a, tr, "What %s told us", child));
        school_words(d, tr, c->pupil_views);
    } else if (or_null(c->views_not_sought)) {
        pdfdoc_heading(d, 1, _f(a, tr, "What %s told us", child));
        pdfdoc_para(d, _f(a, tr, "We did not ask %s this time.", child));
        school_words(d, tr, c->views_not_sought);
    }
    pdfdoc_space(d, 12);
    pdfdoc_para(d, _(tr, "Before our next meeting you can tell us what is going well, what "
                         "worries you and what you would like to talk about. Use your meso "
                         "page, or just tell us."));

    rc = pdfdoc_write_buf(d, out, e);
    pdfdoc_free(d);
    return rc;
}

const char *convpdf_filename(struct arena *a, const struct conversation *c, const struct pupil *p)
{
    /* Only letters and digits from the child's name. */
    const char *child = pupil_first_name(p);
    char name[40];
    size_t k = 0;
    for (const char *s = child; s && *s && k < sizeof name - 1; s++)
        if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9'))
            name[k++] = *s;
    name[k] = '\0';
    return arena_sprintf(a, "meeting-%s-%s.pdf", k ? name : "child", c->event_date);
}
