/* progdocs.h - the printable documents of a programme, as PDF (io/pdfdoc):
 *
 *   the invitation letter for one family, in positive terms: it invites
 *   them to come (for Story Links, to help with their child's reading), lists
 *   the dates, and never mentions behaviour or concerns (docs/STYLE.md S9);
 *   the template's own words fill it ({child}, {parent}, {school},
 *   {programme}, {first_date});
 *
 *   a child's booklet: their stories together, one to a page, in large
 *   print, for reading at home;
 *
 *   the programme report (model/progreport.h), which names no child, and
 *   each family's attendance by name, for staff only.
 *
 * Each appends a whole PDF to out (whose maximum must allow it) and returns
 * 0 or the error from pdfdoc with a message in e.
 */
#ifndef MESO_PROGDOCS_H
#define MESO_PROGDOCS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/programmes/programme.h"
#include "model/programmes/progreport.h"
#include "model/programmes/progtemplate.h"
#include "model/provision/provision.h"
#include "model/programmes/story.h"

struct arena;

/* "Tuesday 14 January 2025" from "2025-01-14" (the input when not a date). */
const char *progdocs_long_date(struct arena *a, const char *iso);

/* A template's text with its placeholders filled (unknown ones are left as
 * they are; the parser refuses them). first_date is ISO. */
const char *progdocs_fill(struct arena *a, const char *text, const char *child, const char *parent,
                          const char *school, const char *programme, const char *first_date);

/* Why no invitation letter can be printed for programme p (sessions ss) on
 * today (ISO), as a sentence for the page; NULL when one can. A letter must
 * not mislead (issue 13): it needs a session still to come, and the
 * sessions' time and venue. */
const char *progdocs_invitation_problem(const struct provision *p, const struct prog_session *ss,
                                        size_t n_ss, const char *today);

/* The invitation letter for enrolment en of programme p (sessions ss, from
 * programme_sessions), from the school, signed by signed_by (a name, or
 * NULL for "The <programme> team"): the sessions still to come, with their
 * dates in words, time and venue. ERR_INPUT with progdocs_invitation_problem()'s
 * sentence when there is a problem. */
int progdocs_invitation(struct buf *out, struct arena *a, const char *school,
                        const struct progtemplate *t, const struct provision *p,
                        const struct enrolment *en, const struct prog_session *ss, size_t n_ss,
                        const char *signed_by, struct err *e);

/* A child's booklet of stories (in the order given), meso's own words in
 * tr's language (NULL = English; docs/i18n.md), the stories as written. */
struct tr;
int progdocs_booklet(struct buf *out, struct arena *a, const struct tr *tr, const char *school,
                     const char *child, const struct story *stories, size_t n, struct err *e);

/* A bar chart of the families attending each session (a canvas_draw_fn;
 * ctx is a const struct progreport *), for the report page and PDF. */
struct canvas;
int progdocs_attendance_chart(struct canvas *c, void *ctx);

/* The programme report, meant to leave the school (governors, partners):
 * it names no child. The measure as people say it, and what the effect
 * size is in words (view/effectwords.h); families as counts; quotes by role
 * only ("a parent"). */
int progdocs_report(struct buf *out, struct arena *a, const char *school,
                    const struct progreport *r, struct err *e);

/* Each family's attendance, by name, and the quotes as their speakers
 * agreed to be named: a separate document for staff only. */
int progdocs_families(struct buf *out, struct arena *a, const char *school,
                      const struct progreport *r, struct err *e);

#endif
