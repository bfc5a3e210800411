/* confirm.h - the confirmation page every destructive action goes through
 * (disabling an account, taking someone off a team, removing a role): it
 * says plainly what will happen and what will not, and offers the action
 * under its own clear label (a red "Disable account" button) beside a way
 * back. The page is a GET; the button posts the form that does the work. */
#ifndef MESO_PAGES_CONFIRM_H
#define MESO_PAGES_CONFIRM_H

#include <stddef.h>

#include "http/request.h"
#include "http/response.h"

struct confirm {
    const char *title;       /* the question: "Disable Priya Nair's account?" */
    const char *caption;     /* above the title, or NULL */
    const char *nav;         /* the navigation item to mark */
    const char *what;        /* what will happen, in a sentence or two */
    const char *kept;        /* what is not lost, or NULL */
    const char *action;      /* where the form posts */
    const char *button;      /* the action's label: "Disable account" */
    const char *cancel_href; /* "No, go back" goes here */
    /* Hidden fields posted with the form (name, value pairs). */
    const char *const (*fields)[2];
    size_t n_fields;
};

/* Write the confirmation page (status 200). */
int page_confirm(struct request *req, struct response *res, const struct confirm *c);

#endif
