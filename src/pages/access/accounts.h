/* accounts.h - sign-in accounts (admin), inviting parents and carers
 * (leads), parents joining with their code, and choosing key teachers and
 * family workers (leads). */
#ifndef MESO_PAGES_ACCOUNTS_H
#define MESO_PAGES_ACCOUNTS_H

#include "http/request.h"
#include "http/response.h"

int page_accounts(struct request *req, struct response *res);
int page_account_new(struct request *req, struct response *res);
int page_account_create(struct request *req, struct response *res);
int page_account_disable(struct request *req, struct response *res);
int page_account_enable(struct request *req, struct response *res);
int page_account_reset_2fa(struct request *req, struct response *res);
int page_invite(struct request *req, struct response *res);
int page_invite_post(struct request *req, struct response *res);
int page_join(struct request *req, struct response *res);
int page_join_post(struct request *req, struct response *res);
int page_key_teacher(struct request *req, struct response *res);
int page_key_teacher_post(struct request *req, struct response *res);

#endif
