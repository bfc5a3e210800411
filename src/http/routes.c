/* routes.c - the web route table: every page and API endpoint, who may use
 * it, and its handler. Access is denied by default (see router.h). */
#include "http/router.h"

#include "api/api.h"
#include "api/api_measures.h"
#include "pages/accounts.h"
#include "pages/assets.h"
#include "pages/audit.h"
#include "pages/carers.h"
#include "pages/home.h"
#include "pages/measures.h"
#include "pages/pupils.h"
#include "pages/signin.h"

const struct route routes[] = {
    { "GET", "/health", page_health, R_PUBLIC, 0, "a liveness check for monitoring" },
    { "GET", "/assets/{name}", page_asset, R_PUBLIC, 0, "the stylesheet, scripts and icon" },
    { "GET", "/favicon.ico", page_favicon, R_PUBLIC, 0, "the icon, for browsers that ask" },
    { "GET", "/", page_home, R_ANYONE_SIGNED_IN, 0, "the dashboard" },

    /* Signing in and out. */
    { "GET", "/sign-in", page_signin, R_PUBLIC, 0, "the sign-in form" },
    { "POST", "/sign-in", page_signin_post, R_PUBLIC, RF_ANON_FORM, "sign in with a password" },
    { "GET", "/sign-in/code", page_code, R_SECOND_FACTOR, 0, "the second sign-in step" },
    { "POST", "/sign-in/code", page_code_post, R_SECOND_FACTOR, 0, "give the code from the app" },
    { "GET", "/account/two-factor", page_two_factor, R_SECOND_FACTOR | R_ADMIN | R_STAFF, 0,
      "set up two-step sign-in" },
    { "POST", "/account/two-factor", page_two_factor_post, R_SECOND_FACTOR | R_ADMIN | R_STAFF, 0,
      "turn on two-step sign-in" },
    { "POST", "/sign-out", page_signout, R_SECOND_FACTOR | R_ANYONE_SIGNED_IN, 0, "sign out" },

    /* Pupils: staff who work with children; record-level scope in the handlers. */
    { "GET", "/pupils", page_pupils, R_STAFF, 0, "the pupil list, with search and filters" },
    { "GET", "/pupils/new", page_pupil_new, R_LEAD, 0, "the form to add a pupil" },
    { "POST", "/pupils/new", page_pupil_create, R_LEAD, 0, "add a pupil" },
    { "GET", "/pupils/{id}", page_pupil_show, R_STAFF, 0, "a pupil's record" },
    { "GET", "/pupils/{id}/edit", page_pupil_edit, R_STAFF, 0, "the form to change a pupil" },
    { "POST", "/pupils/{id}/edit", page_pupil_update, R_STAFF, 0, "change a pupil's record" },
    { "GET", "/pupils/{id}/carers/new", page_carer_new, R_STAFF, 0, "the form to add a carer" },
    { "POST", "/pupils/{id}/carers/new", page_carer_create, R_STAFF, 0, "add a carer to a pupil" },
    { "GET", "/pupils/{id}/carers/{cid}", page_link_edit, R_STAFF, 0, "how a carer is linked" },
    { "POST", "/pupils/{id}/carers/{cid}", page_link_update, R_STAFF, 0, "change a link" },
    { "POST", "/pupils/{id}/carers/{cid}/remove", page_link_remove, R_STAFF, 0, "remove a link" },
    { "GET", "/pupils/{id}/key-teacher", page_key_teacher, R_LEAD, 0, "choose the key teacher" },
    { "POST", "/pupils/{id}/key-teacher", page_key_teacher_post, R_LEAD, 0,
      "save the key teacher" },
    { "GET", "/pupils/{id}/invite", page_invite, R_LEAD, 0, "invite a parent or carer" },
    { "POST", "/pupils/{id}/invite", page_invite_post, R_LEAD, 0, "make a joining code" },
    { "GET", "/carers/{id}", page_carer_show, R_STAFF, 0, "a carer's page" },
    { "GET", "/carers/{id}/edit", page_carer_edit, R_STAFF, 0, "the form to change a carer" },
    { "POST", "/carers/{id}/edit", page_carer_update, R_STAFF, 0, "change a carer's details" },
    { "GET", "/audit", page_audit_trail, R_LEAD, 0, "the audit trail" },

    /* Wellbeing measures (pages/measures.c): staff who may see the pupil. */
    { "GET", "/pupils/{id}/assessments/new", page_assessment_new, R_STAFF, 0,
      "choose a questionnaire, then its form by item number" },
    { "POST", "/pupils/{id}/assessments/new", page_assessment_create, R_STAFF, 0,
      "score and save a questionnaire" },
    { "GET", "/pupils/{id}/assessments/{aid}", page_assessment_show, R_STAFF, 0,
      "one questionnaire: scores, bands, answers by item number" },
    { "GET", "/pupils/{id}/change", page_assessment_change, R_STAFF, 0,
      "reliable change between two questionnaires" },
    { "GET", "/screening", page_screening, R_STAFF, 0, "the screening summary of a year group" },

    /* Accounts (administrators) and joining (parents and carers with a code). */
    { "GET", "/accounts", page_accounts, R_ADMIN, 0, "sign-in accounts" },
    { "GET", "/accounts/new", page_account_new, R_ADMIN, 0, "the form to add an account" },
    { "POST", "/accounts/new", page_account_create, R_ADMIN, 0, "add an account" },
    { "POST", "/accounts/{id}/disable", page_account_disable, R_ADMIN, 0, "turn an account off" },
    { "POST", "/accounts/{id}/enable", page_account_enable, R_ADMIN, 0, "turn an account on" },
    { "POST", "/accounts/{id}/reset-2fa", page_account_reset_2fa, R_ADMIN, 0,
      "reset two-step sign-in" },
    { "GET", "/join", page_join, R_PUBLIC, 0, "the form to join with a code" },
    { "POST", "/join", page_join_post, R_PUBLIC, RF_ANON_FORM, "join with a code" },

    /* The JSON API: bearer tokens only (docs/openapi.yaml). */
    { "GET", "/api/v1/pupils", api_pupils_list, R_API_READ, 0, "list pupils" },
    { "POST", "/api/v1/pupils", api_pupils_create, R_API_WRITE, 0, "create a pupil" },
    { "GET", "/api/v1/pupils/{id}", api_pupils_get, R_API_READ, 0, "get a pupil" },
    { "PATCH", "/api/v1/pupils/{id}", api_pupils_update, R_API_WRITE, 0, "update a pupil" },
    { "GET", "/api/v1/carers", api_carers_list, R_API_READ, 0, "list carers" },
    { "POST", "/api/v1/carers", api_carers_create, R_API_WRITE, 0, "create a carer" },
    { "GET", "/api/v1/carers/{id}", api_carers_get, R_API_READ, 0, "get a carer" },
    { "PATCH", "/api/v1/carers/{id}", api_carers_update, R_API_WRITE, 0, "update a carer" },
    { "GET", "/api/v1/pupils/{id}/assessments", api_pupil_assessments, R_API_READ, 0,
      "a pupil's questionnaires with scores and bands" },
    { "GET", "/api/v1/pupils/{id}/assessments/change", api_pupil_change, R_API_READ, 0,
      "reliable change between two of a pupil's questionnaires" },
    { "GET", "/api/v1/pupils/{id}/outcomes", api_pupil_outcomes, R_API_READ, 0,
      "a pupil's attainment, attendance, exclusions, bullying and relationship ratings" },
    { "GET", "/api/v1/screening", api_screening, R_API_READ, 0,
      "the screening summary of a year group or class" },
    { 0 },
};
