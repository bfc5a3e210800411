/* errors.h - what meso says for each HTTP error status, in plain words: the
 * same text for a page (pages/errors.c) and the API's error object
 * (api/api.c), so the two never drift apart. */
#ifndef MESO_VIEW_ERRORS_H
#define MESO_VIEW_ERRORS_H

struct error_text {
    int status;
    const char *code;  /* for the API: "not_found" */
    const char *title; /* for people: "Page not found" */
    const char *body;  /* what to do next */
};

/* The text for status (400, 401, 403, 404, 405, 413, 500, 503); any other
 * status gets 500's. Never NULL; the text is static. */
const struct error_text *error_text_for(int status);

#endif
