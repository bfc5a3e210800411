/* langpage.h - languages on the web (docs/i18n.md): a parent chooses the
 * language of their pages; a lead reads every translated message of a
 * language, sees which are drafts no native speaker has checked, and
 * corrects any of them for the school. */
#ifndef MESO_PAGES_LANGPAGE_H
#define MESO_PAGES_LANGPAGE_H

#include "html/html.h"
#include "http/request.h"
#include "http/response.h"

/* The language chooser on a parent's home page (a small form). */
void langpage_chooser(struct request *req, struct html *h);

/* POST /my/language: a parent's choice (field "language": a code, or "" for
 * the language the school has for them). */
int page_my_language_post(struct request *req, struct response *res);

/* GET /translations: the languages, with how many messages are drafts and
 * how many the school has corrected (leads). */
int page_translations(struct request *req, struct response *res);
/* GET /translations/{lang}: every message in English and in lang, drafts
 * marked, each with a form to correct it (leads). */
int page_translations_lang(struct request *req, struct response *res);
/* POST /translations/{lang}: correct one message (fields msgid, msgstr;
 * a blank msgstr goes back to meso's translation). */
int page_translations_post(struct request *req, struct response *res);

#endif
