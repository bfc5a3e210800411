/* signin.h - signing in (password, then a code for accounts with two-step
 * sign-in), setting up two-step sign-in, and signing out. */
#ifndef MESO_PAGES_SIGNIN_H
#define MESO_PAGES_SIGNIN_H

#include "http/request.h"
#include "http/response.h"

int page_signin(struct request *req, struct response *res);
int page_signin_post(struct request *req, struct response *res);
int page_code(struct request *req, struct response *res);
int page_code_post(struct request *req, struct response *res);
int page_two_factor(struct request *req, struct response *res);
int page_two_factor_post(struct request *req, struct response *res);
int page_signout(struct request *req, struct response *res);

#endif
