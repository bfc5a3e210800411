/* setup.h - the first run in the browser (model/access/firstrun.h): the page
 * that the one-time setup link opens, where the school and its first lead
 * are made; then the lead goes on to set up two-step sign-in. Once an
 * account exists, these pages answer 404 for everyone. */
#ifndef MESO_PAGES_SETUP_H
#define MESO_PAGES_SETUP_H

#include <stdbool.h>

#include "http/request.h"
#include "http/response.h"

int page_setup(struct request *req, struct response *res);
int page_setup_post(struct request *req, struct response *res);

/* True while the server is in setup mode (no account yet): the sign-in page
 * sends people to /setup instead. */
bool setup_mode(struct request *req);

#endif
