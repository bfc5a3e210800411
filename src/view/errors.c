#include "view/errors.h"

#include <stddef.h>

static const struct error_text texts[] = {
    { 400, "bad_request", "Sorry, we could not read that",
      "Something in the request was not in the form we expected. Go back and try again." },
    { 401, "unauthorised", "Please sign in", "You need to sign in to see this." },
    { 403, "forbidden", "You cannot do this",
      "You do not have access to this, or the form you sent was too old. Go back, refresh the "
      "page and try again. If you think you should have access, ask your school's meso lead." },
    { 404, "not_found", "Page not found",
      "We could not find this page. Check the address, or go back to the home page." },
    { 405, "method_not_allowed", "Sorry, that did not work",
      "This page cannot be used in that way. Go back and try again." },
    { 409, "conflict", "This cannot be changed now",
      "Nothing was changed. The record may belong to a pupil who has left, whose record is kept "
      "as it was, or someone may have changed it a moment ago. Go back to see it as it is now." },
    { 413, "too_large", "That was too much to send",
      "What you sent was larger than meso accepts. Try a smaller file or shorter text." },
    { 500, "server_error", "Sorry, something went wrong",
      "We could not finish this. Nothing was changed. Please try again in a few minutes." },
    { 503, "unavailable", "Sorry, meso is busy", "Please try again in a few minutes." },
};

const struct error_text *error_text_for(int status)
{
    const struct error_text *t = &texts[7]; /* 500 */
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        if (texts[i].status == status)
            t = &texts[i];
    return t;
}
