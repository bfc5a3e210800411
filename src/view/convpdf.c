#include "view/convpdf.h"

#include <string.h>

#include "core/date.h"
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

static void para_or(struct pdfdoc *d, const char *label, const char *text)
{
    if (str_blank(text))
        return;
    pdfdoc_heading(d, 3, label);
    pdfdoc_para(d, text);
}

int convpdf_record(struct buf *out, struct arena *a, const char *school,
                   const struct conversation *c, const struct pupil *p, struct err *e)
{
    int rc;
    const char *child = pupil_first_name(p);
    const char *title = arena_sprintf(a, "Our meeting about %s", child);
    struct pdfdoc *d;
    struct pdfdoc_opts o = {
        .title = title,
        .author = school,
        .subject = "A record of a structured conversation between home and school",
        .header = school,
        .footer = arena_sprintf(a, "Private: for %s's family and school", child),
    };
    if ((rc = pdfdoc_new(&d, &o, e)))
        return rc;
    pdfdoc_title(d, title);
    pdfdoc_para(d, "Thank you for meeting us. This is what we talked about and what we "
                   "agreed. You know your child best. Tell us if anything here is not right.");
    pdfdoc_kv(d, "Date", date_words(a, c->event_date));
    pdfdoc_kv(d, "Who came", who_came(a, c, child));
    if (c->staff_name)
        pdfdoc_kv(d, "Key teacher", c->staff_name);

    pdfdoc_heading(d, 1, "What you told us");
    bool any = false;
    if (or_null(c->going_well)) {
        para_or(d, "What is going well", c->going_well);
        any = true;
    }
    if (or_null(c->concerns)) {
        para_or(d, "Your worries", c->concerns);
        any = true;
    }
    if (or_null(c->hopes)) {
        para_or(d, "Your hopes", c->hopes);
        any = true;
    }
    if (!any)
        pdfdoc_para(d, "We did not write this part down this time.");

    pdfdoc_heading(d, 1, "What we agreed to work on");
    if (or_null(c->focus_area))
        pdfdoc_para(d, c->focus_area);
    para_or(d, "What matters most", c->priorities);
    if (!or_null(c->focus_area) && !or_null(c->priorities))
        pdfdoc_para(d, "We did not write this part down this time.");

    pdfdoc_heading(d, 1, "Our plan");
    if (c->n_targets == 0) {
        pdfdoc_para(d, "We did not set any targets this time.");
    } else {
        static const char *const heads[] = { "What we will do", "Who will do it",
                                             "How we will know", "When we will check" };
        pdfdoc_table(d, 4, heads, (double[]){ 2.8, 1.6, 2.3, 1.7 });
        for (size_t i = 0; i < c->n_targets; i++) {
            const struct target *t = &c->targets[i];
            const char *who = !strcmp(t->owner, "parent")  ? "You, at home"
                              : !strcmp(t->owner, "pupil") ? child
                                                           : "School";
            const char *cells[] = { t->what, who, or_null(t->how_we_know),
                                    t->review_date[0] ? date_words(a, t->review_date) : NULL };
            pdfdoc_row(d, cells);
        }
    }

    pdfdoc_heading(d, 1, "What happens next");
    para_or(d, "In short", c->summary);
    para_or(d, "Next steps", c->next_steps);
    if (c->next_meeting[0])
        pdfdoc_kv(d, "Our next meeting", date_words(a, c->next_meeting));
    else
        pdfdoc_kv(d, "Our next meeting", "We will agree a date with you.");
    if (or_null(c->keep_in_touch))
        pdfdoc_kv(d, "Keeping in touch", c->keep_in_touch);

    if (or_null(c->pupil_views)) {
        pdfdoc_heading(d, 1, arena_sprintf(a, "What %s told us", child));
        pdfdoc_para(d, c->pupil_views);
    } else if (or_null(c->views_not_sought)) {
        pdfdoc_heading(d, 1, arena_sprintf(a, "What %s told us", child));
        pdfdoc_para(
            d, arena_sprintf(a, "We did not ask %s this time: %s", child, c->views_not_sought));
    }
    pdfdoc_space(d, 12);
    pdfdoc_para(d, "Before our next meeting you can tell us what is going well, what worries "
                   "you and what you would like to talk about. Use your meso page, or just "
                   "tell us.");

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
