/* prognew.h - starting a family programme from a template (leads only):
 * the form, and the POST that starts the cohort and puts its sessions in
 * the calendar. */
#ifndef MESO_PAGES_PROGNEW_H
#define MESO_PAGES_PROGNEW_H

#include "http/request.h"
#include "http/response.h"

int page_programme_new(struct request *req, struct response *res);
int page_programme_create(struct request *req, struct response *res);

#endif
