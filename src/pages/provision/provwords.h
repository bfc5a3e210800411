/* provwords.h - what the provision pages share (provmap.c, provisions.c,
 * pupilprov.c): the ?as_of date, table markup, tier words and sending a
 * file. */
#ifndef MESO_PAGES_PROVWORDS_H
#define MESO_PAGES_PROVWORDS_H

#include <stddef.h>

#include "core/buf.h"
#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

/* The ?as_of (or form) date as ISO into out ("" when not given). ERR_INPUT
 * with *problem, a message for beside the field, when it is not a real
 * date written year-month-day. */
int provwords_as_of(struct request *req, char out[11], const char **problem);

/* A GOV.UK table in a scrolling region with a visible caption and column
 * headings; rows follow, then provwords_table_end(). */
void provwords_table_start(struct html *h, const char *caption, const char *const *cols, size_t n);
void provwords_table_end(struct html *h);

/* "Universal", "Selected" or "Indicated" for a tier code. */
const char *provwords_tier(const char *tier);

/* Send b (released here) as the response body, shown inline as filename. */
int provwords_send(struct request *req, struct response *res, struct buf *b, const char *type,
                   const char *filename);

#endif
