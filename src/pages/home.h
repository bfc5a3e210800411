/* home.h - the dashboard and the health check. */
#ifndef MESO_PAGES_HOME_H
#define MESO_PAGES_HOME_H

#include "http/request.h"
#include "http/response.h"

int page_health(struct request *req, struct response *res);
int page_home(struct request *req, struct response *res);

#endif
