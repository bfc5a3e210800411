/* stories.h - a parent's own page of their children's Story Links stories,
 * to read together at home, and the same as a booklet (PDF). Parents see
 * only their own children (model/access.h), and only stories from
 * programmes they consented to. */
#ifndef MESO_PAGES_STORIES_H
#define MESO_PAGES_STORIES_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

int page_family_stories(struct request *req, struct response *res);
int page_family_booklet(struct request *req, struct response *res);

/* For the parent's home page: a link to their children's stories when
 * there are any (writes nothing otherwise). Returns 0 or a storage error. */
int stories_home_link(struct request *req, struct html *h);

#endif
