/* staffaccounts.h - staff accounts on the web (administrators), and leads
 * approving new leads (model/access/staffacct.h says the rules). New
 * people get a joining code to make their own password; a destructive
 * change (disabling an account, removing a role, resetting two-step
 * sign-in) goes through a confirmation page. */
#ifndef MESO_PAGES_STAFFACCOUNTS_H
#define MESO_PAGES_STAFFACCOUNTS_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

int page_accounts(struct request *req, struct response *res);
int page_account_new(struct request *req, struct response *res);
int page_account_create(struct request *req, struct response *res);
int page_account_show(struct request *req, struct response *res);
int page_account_roles(struct request *req, struct response *res);
int page_account_roles_post(struct request *req, struct response *res);
int page_account_disable_confirm(struct request *req, struct response *res);
int page_account_disable(struct request *req, struct response *res);
int page_account_enable(struct request *req, struct response *res);
int page_account_reset_2fa_confirm(struct request *req, struct response *res);
int page_account_reset_2fa(struct request *req, struct response *res);
/* POST: a lead or an administrator unlocks a colleague's second step
 * (model/access/codelock.h). */
int page_account_unlock_2fa(struct request *req, struct response *res);
int page_account_invite(struct request *req, struct response *res);
int page_approvals(struct request *req, struct response *res);
int page_approval_approve(struct request *req, struct response *res);
int page_approval_refuse(struct request *req, struct response *res);

/* The note with a member of staff's joining link and code, to hand over. */
void accounts_code_letter(struct request *req, struct html *h, const char *name, const char *email,
                          const char *code, const char *expires);

#endif
