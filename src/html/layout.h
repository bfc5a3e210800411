/* layout.h - the page frame every HTML page shares: GOV.UK Design System
 * template structure with meso's own header (a text wordmark, no crown),
 * navigation for the signed-in person, and the footer. A page handler's
 * shape is: check access (the router did), layout_start, body, layout_end. */
#ifndef MESO_LAYOUT_H
#define MESO_LAYOUT_H

#include <stdbool.h>

#include "core/i18n.h"
#include "html/html.h"

/* Who a page is drawn for, as the layout needs it (it knows nothing of HTTP:
 * pages/common.c fills this from the request). */
enum layout_role {
    LAYOUT_ADMIN = 1u << 0,
    LAYOUT_LEAD = 1u << 1,
    LAYOUT_TEACHER = 1u << 2,
    LAYOUT_PRACTITIONER = 1u << 3,
    LAYOUT_PARENT = 1u << 4,
    LAYOUT_LA = 1u << 5, /* a local authority's officer */
};
#define LAYOUT_STAFF     (LAYOUT_LEAD | LAYOUT_TEACHER | LAYOUT_PRACTITIONER)
#define LAYOUT_SIGNED_IN (LAYOUT_ADMIN | LAYOUT_STAFF | LAYOUT_PARENT | LAYOUT_LA)

struct layout_who {
    bool signed_in;      /* a person (staff or parent) is signed in: the header shows them */
    const char *name;    /* their name, or NULL */
    const char *csrf;    /* the token the sign-out form carries, or NULL */
    unsigned roles;      /* LAYOUT_* bits: which navigation items they see */
    const struct tr *tr; /* the page's language (lang, dir and the frame's words); NULL =
                          * English */
};

struct page {
    const char *title;     /* shown in <title> and as the h1 unless no_h1 */
    const char *nav;       /* the navigation item to mark current */
    const char *back_href; /* a "Back" link, or NULL */
    const char *caption;   /* a caption above the h1, or NULL */
    bool no_h1;            /* the page writes its own heading */
    bool wide;             /* use the full width (tables) */
};

void layout_start(struct html *h, const struct layout_who *who, const struct page *p);
void layout_end(struct html *h, const struct tr *tr);

/* A GOV.UK notification banner ("success" or "important") with a message. */
void layout_banner(struct html *h, bool success, const char *title, const char *text);

#endif
