/* progcompare_page.h - the programme report page's comparison section:
 * the programme's children against pupils screened at the same times who
 * were not in the programme (model/programmes/progcompare.h), in the words
 * of view/effectwords.h. */
#ifndef MESO_PAGES_PROGCOMPARE_PAGE_H
#define MESO_PAGES_PROGCOMPARE_PAGE_H

#include "html/html.h"
#include "http/request.h"
#include "model/programmes/progreport.h"

/* Write the section for o (nothing when no comparison was attempted). */
void progcompare_section(struct request *req, struct html *h, const struct progreport_outcome *o);

#endif
