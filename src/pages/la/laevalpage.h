/* laevalpage.h - /la/evaluation: the implementation-to-outcome analysis
 * across a local authority's sharing schools (model/la/laeval.h), in words
 * a governor would read correctly: the effect, its interval, what it does
 * and does not mean, and how many schools, key teachers and pupils it rests
 * on (pupil counts under 5 suppressed). For LA accounts only (R_LA): the
 * data are pseudonymised, and no school or key teacher is named. */
#ifndef MESO_PAGES_LAEVALPAGE_H
#define MESO_PAGES_LAEVALPAGE_H

#include "http/request.h"
#include "http/response.h"

int page_la_evaluation(struct request *req, struct response *res);

#endif
