/* evaluation.h - the lead's page /evaluation: the implementation analysis
 * (model/evaluation/evaluation.h) for an outcome and a school year, in
 * plain words, with the forest and caterpillar plots (view/evalplot.h) and
 * the honest label. Leads only (routes.c). */
#ifndef MESO_PAGES_EVALUATION_H
#define MESO_PAGES_EVALUATION_H

#include "http/request.h"
#include "http/response.h"

int page_evaluation(struct request *req, struct response *res);

#endif
