/* accounts.h - inviting parents and carers (leads), joining with a code
 * (parents, carers and staff), and choosing key teachers and family workers
 * (leads). Staff accounts themselves are in staffaccounts.h. */
#ifndef MESO_PAGES_ACCOUNTS_H
#define MESO_PAGES_ACCOUNTS_H

#include "http/request.h"
#include "http/response.h"

int page_invite(struct request *req, struct response *res);
int page_invite_post(struct request *req, struct response *res);
int page_join(struct request *req, struct response *res);
int page_join_post(struct request *req, struct response *res);
int page_key_teacher(struct request *req, struct response *res);
int page_key_teacher_post(struct request *req, struct response *res);

#endif
