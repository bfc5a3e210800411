#include "html/form.h"

#include <string.h>

#include "core/i18n.h"
#include "core/problems.h"

void form_start(struct html *h, const char *action, const char *csrf)
{
    html(h,
         "<form method=\"post\" action=\"%s\" novalidate>\n"
         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
         action, csrf ? csrf : "");
}

void form_start_multipart(struct html *h, const char *action, const char *csrf)
{
    html(h,
         "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" novalidate>\n"
         "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n",
         action, csrf ? csrf : "");
}

void form_end(struct html *h)
{
    html_raw(h, "</form>\n");
}

void form_error_summary(struct html *h, const struct problems *pr)
{
    if (!pr || pr->n == 0)
        return;
    html(h,
         "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">"
         "<div role=\"alert\"><h2 class=\"govuk-error-summary__title\">%s</h2>"
         "<div class=\"govuk-error-summary__body\"><ul class=\"govuk-list "
         "govuk-error-summary__list\">\n",
         _(h->tr, "There is a problem"));
    for (size_t i = 0; i < pr->n; i++) {
        if (pr->items[i].field)
            html(h, "<li><a href=\"#%s\">%s</a></li>\n", pr->items[i].field, pr->items[i].msg);
        else
            html(h, "<li>%s</li>\n", pr->items[i].msg);
    }
    html_raw(h, "</ul></div></div></div>\n");
}

static void group_start(struct html *h, const struct field *f)
{
    html(h, "<div class=\"govuk-form-group%s\">\n", f->error ? " govuk-form-group--error" : "");
}

static void label(struct html *h, const struct field *f)
{
    if (f->label_is_heading)
        html(h,
             "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--l\" "
             "for=\"%s\">%s</label></h1>\n",
             f->name, f->label);
    else
        html(h, "<label class=\"govuk-label\" for=\"%s\">%s</label>\n", f->name, f->label);
    if (f->hint)
        html(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>\n", f->name, f->hint);
    if (f->error)
        html(h,
             "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">%s</span> %s</p>\n",
             f->name, _(h->tr, "Error:"), f->error);
}

/* aria-describedby listing the hint and the error, when present. */
static void described_by(struct html *h, const struct field *f)
{
    if (!f->hint && !f->error)
        return;
    html(h, " aria-describedby=\"%s%s%s%s%s\"", f->hint ? f->name : "", f->hint ? "-hint" : "",
         f->hint && f->error ? " " : "", f->error ? f->name : "", f->error ? "-error" : "");
}

void form_input(struct html *h, const struct field *f)
{
    group_start(h, f);
    label(h, f);
    html(h, "<input class=\"govuk-input%s%s%s\" id=\"%s\" name=\"%s\" type=\"%s\" value=\"%s\"",
         f->width ? " govuk-input--width-" : "", f->width ? f->width : "",
         f->error ? " govuk-input--error" : "", f->name, f->name, f->type ? f->type : "text",
         f->value ? f->value : "");
    if (f->autocomplete)
        html(h, " autocomplete=\"%s\"", f->autocomplete);
    if (f->inputmode)
        html(h, " inputmode=\"%s\"", f->inputmode);
    if (f->spellcheck_off)
        html_raw(h, " spellcheck=\"false\"");
    described_by(h, f);
    html_raw(h, ">\n</div>\n");
}

void form_textarea(struct html *h, const struct field *f, int rows)
{
    group_start(h, f);
    label(h, f);
    html(h, "<textarea class=\"govuk-textarea%s\" id=\"%s\" name=\"%s\" rows=\"%d\"",
         f->error ? " govuk-textarea--error" : "", f->name, f->name, rows);
    described_by(h, f);
    html(h, ">%s</textarea>\n</div>\n", f->value ? f->value : "");
}

void form_select(struct html *h, const struct field *f, const struct option *opts, size_t n)
{
    group_start(h, f);
    label(h, f);
    html(h, "<select class=\"govuk-select%s\" id=\"%s\" name=\"%s\"",
         f->error ? " govuk-select--error" : "", f->name, f->name);
    described_by(h, f);
    html_raw(h, ">\n");
    for (size_t i = 0; i < n; i++) {
        bool sel = f->value && strcmp(f->value, opts[i].value) == 0;
        html(h, "<option value=\"%s\"%s>%s</option>\n", opts[i].value, sel ? " selected" : "",
             opts[i].label);
    }
    html_raw(h, "</select>\n</div>\n");
}

void form_radios(struct html *h, const struct field *f, const struct option *opts, size_t n,
                 bool inline_)
{
    group_start(h, f);
    html(h, "<fieldset class=\"govuk-fieldset\" id=\"%s\"", f->name);
    described_by(h, f);
    html(h, "><legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n",
         f->label);
    if (f->hint)
        html(h, "<div id=\"%s-hint\" class=\"govuk-hint\">%s</div>\n", f->name, f->hint);
    if (f->error)
        html(h,
             "<p id=\"%s-error\" class=\"govuk-error-message\"><span "
             "class=\"govuk-visually-hidden\">%s</span> %s</p>\n",
             f->name, _(h->tr, "Error:"), f->error);
    html(h, "<div class=\"govuk-radios%s govuk-radios--small\" data-module=\"govuk-radios\">\n",
         inline_ ? " govuk-radios--inline" : "");
    for (size_t i = 0; i < n; i++) {
        bool sel = f->value && strcmp(f->value, opts[i].value) == 0;
        html(h,
             "<div class=\"govuk-radios__item\"><input class=\"govuk-radios__input\" "
             "id=\"%s-%zu\" name=\"%s\" type=\"radio\" value=\"%s\"%s>"
             "<label class=\"govuk-label govuk-radios__label\" for=\"%s-%zu\">%s</label>",
             f->name, i, f->name, opts[i].value, sel ? " checked" : "", f->name, i, opts[i].label);
        if (opts[i].hint)
            html(h, "<div class=\"govuk-hint govuk-radios__hint\">%s</div>", opts[i].hint);
        html_raw(h, "</div>\n");
    }
    html_raw(h, "</div>\n</fieldset>\n</div>\n");
}

void form_checkbox(struct html *h, const char *name, const char *label_text, bool checked)
{
    html(
        h,
        "<div class=\"govuk-form-group\"><div class=\"govuk-checkboxes govuk-checkboxes--small\" "
        "data-module=\"govuk-checkboxes\"><div class=\"govuk-checkboxes__item\">"
        "<input class=\"govuk-checkboxes__input\" id=\"%s\" name=\"%s\" type=\"checkbox\" "
        "value=\"yes\"%s><label class=\"govuk-label govuk-checkboxes__label\" for=\"%s\">%s</label>"
        "</div></div></div>\n",
        name, name, checked ? " checked" : "", name, label_text);
}

void form_button(struct html *h, const char *label_text, bool secondary)
{
    html(
        h,
        "<button type=\"submit\" class=\"govuk-button%s\" data-module=\"govuk-button\">%s</button>\n",
        secondary ? " govuk-button--secondary" : "", label_text);
}
