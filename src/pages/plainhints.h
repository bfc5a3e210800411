/* plainhints.h - plain-writing hints beside the text staff are about to
 * share with a family (issue 18, part 2; model/writing/plainwords.h): words
 * and initials a parent may not know, with a plain way to say them, and long
 * sentences. A help, never a block: the page says so, and nothing is refused. */
#ifndef MESO_PAGES_PLAINHINTS_H
#define MESO_PAGES_PLAINHINTS_H

#include <stddef.h>

#include "http/request.h"

struct html;

/* One piece of text a family will read, where it is shown to staff. */
struct plain_field {
    const char *label; /* "Their hopes" */
    const char *text;  /* may be NULL */
    const char *href;  /* where to change it, or NULL */
};

/* Write the hints for the fields, as a summary list beside each field's name
 * (with a Change link), under a heading; nothing when there are none.
 * Returns how many hints, or a negative error code (the list could not be
 * read). */
int page_plain_hints(struct request *req, struct html *h, const struct plain_field *fields,
                     size_t n);

#endif
