/* form.h - GOV.UK Design System form components, written through the
 * escaping HTML writer. Each field shows its error message beside it and
 * the error summary links to the field. Field ids are the field names. */
#ifndef MESO_FORM_H
#define MESO_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "html/html.h"

struct problems;

struct field {
    const char *name; /* form field name and element id */
    const char *label;
    const char *hint;         /* or NULL */
    const char *value;        /* current value, or NULL */
    const char *error;        /* the message to show, or NULL */
    const char *type;         /* "text" (default), "email", "password", "tel", "date", "number" */
    const char *autocomplete; /* or NULL */
    const char *width;        /* a govuk-input--width-N class suffix ("10", "20") or NULL */
    const char *inputmode;    /* "numeric" etc., or NULL */
    bool label_is_heading;
    bool spellcheck_off;
};

struct option {
    const char *value;
    const char *label;
    const char *hint; /* or NULL */
};

/* <form method="post" action=...> with the CSRF field. */
void form_start(struct html *h, const char *action, const char *csrf);
void form_start_multipart(struct html *h, const char *action, const char *csrf);
void form_end(struct html *h);

/* The error summary at the top of a page; labels[i] names field names[i] so
 * messages read well. Writes nothing when there are no problems. */
void form_error_summary(struct html *h, const struct problems *pr);

void form_input(struct html *h, const struct field *f);
void form_textarea(struct html *h, const struct field *f, int rows);
void form_select(struct html *h, const struct field *f, const struct option *opts, size_t n);
void form_radios(struct html *h, const struct field *f, const struct option *opts, size_t n,
                 bool inline_);
/* A single yes/no checkbox. */
void form_checkbox(struct html *h, const char *name, const char *label, bool checked);
void form_button(struct html *h, const char *label, bool secondary);

#endif
