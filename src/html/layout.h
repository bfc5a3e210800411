/* layout.h - the page frame every HTML page shares: GOV.UK Design System
 * template structure with meso's own header (a text wordmark, no crown),
 * navigation for the signed-in person, and the footer. A page handler's
 * shape is: check access (the router did), layout_start, body, layout_end. */
#ifndef MESO_LAYOUT_H
#define MESO_LAYOUT_H

#include <stdbool.h>

#include "html/html.h"

struct request;

struct page {
    const char *title;     /* shown in <title> and as the h1 unless no_h1 */
    const char *nav;       /* the navigation item to mark current */
    const char *back_href; /* a "Back" link, or NULL */
    const char *caption;   /* a caption above the h1, or NULL */
    bool no_h1;            /* the page writes its own heading */
    bool wide;             /* use the full width (tables) */
};

void layout_start(struct html *h, const struct request *req, const struct page *p);
void layout_end(struct html *h, const struct request *req);

/* A GOV.UK notification banner ("success" or "important") with a message. */
void layout_banner(struct html *h, bool success, const char *title, const char *text);

#endif
