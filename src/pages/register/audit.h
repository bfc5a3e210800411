/* audit.h - the audit trail page for leads. */
#ifndef MESO_PAGES_AUDIT_H
#define MESO_PAGES_AUDIT_H

#include "http/request.h"
#include "http/response.h"

int page_audit_trail(struct request *req, struct response *res);

#endif
