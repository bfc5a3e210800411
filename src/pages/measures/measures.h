/* measures.h - wellbeing measures on the web: the questionnaire form that
 * follows the paper form's item numbers, one questionnaire's scores and
 * answers, reliable change between two, the screening summary for a year
 * group or class, and the sections of the pupil page with the charts of
 * each score over time and the other outcomes. */
#ifndef MESO_PAGES_MEASURES_H
#define MESO_PAGES_MEASURES_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

struct pupil;

int page_assessment_new(struct request *req, struct response *res);
int page_assessment_create(struct request *req, struct response *res);
int page_assessment_show(struct request *req, struct response *res);
int page_assessment_change(struct request *req, struct response *res);
int page_screening(struct request *req, struct response *res);
/* The screening page's query (year, measure, class, school_year) from the
 * request, as the page reads it; yg receives the year group ("" for none). */
struct screening_query;
void measures_screening_query(struct request *req, struct screening_query *q, char yg[4]);

/* The pupil page's "Wellbeing" section (charts, scores, a link to record a
 * questionnaire, comparing two) and its "Other outcomes" section. The pupil
 * page has checked access and audited the view. */
int measures_pupil_section(struct request *req, struct html *h, const struct pupil *p);
int measures_outcomes_section(struct request *req, struct html *h, const struct pupil *p);

#endif
