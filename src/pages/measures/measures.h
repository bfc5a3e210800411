/* measures.h - wellbeing measures on the web: the questionnaire form that
 * follows the paper form's item numbers, one questionnaire's scores and
 * answers, reliable change between two, the screening summary for a year
 * group or class, and the sections of the pupil page with the charts of
 * each score over time and the other outcomes. The questionnaire form is in
 * assessform.h, the screening summary in screening_page.h. */
#ifndef MESO_PAGES_MEASURES_H
#define MESO_PAGES_MEASURES_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

struct pupil;

int page_assessment_show(struct request *req, struct response *res);
int page_assessment_change(struct request *req, struct response *res);

/* The pupil page's "Wellbeing" section (charts, scores, a link to record a
 * questionnaire, comparing two) and its "Other outcomes" section. The pupil
 * page has checked access and audited the view. */
int measures_pupil_section(struct request *req, struct html *h, const struct pupil *p);
int measures_outcomes_section(struct request *req, struct html *h, const struct pupil *p);

/* ---- shared by the measures pages (pages/measures/) ---- */
struct instrument;
/* The school's measure with this key (built-in or its own), or NULL. */
const struct instrument *measures_find(struct request *req, const char *key);
/* A GOV.UK table in a scrolling region: its caption and column headings;
 * then one cell at a time (text may be NULL); then the end. */
void measures_table_start(struct html *h, const char *caption, const char *const *cols, size_t n);
void measures_cell(struct html *h, const char *text);
void measures_table_end(struct html *h);

#endif
