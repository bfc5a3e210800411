/* routes.c - the web route table: every page and API endpoint, who may use
 * it, and its handler. Access is denied by default (see router.h). */
#include "http/router.h"

#include "api/api.h"
#include "api/api_la.h"
#include "api/api_laeval.h"
#include "api/api_measures.h"
#include "api/api_provmap.h"
#include "pages/access/accounts.h"
#include "pages/access/langpage.h"
#include "pages/access/setup.h"
#include "pages/access/staffaccounts.h"
#include "pages/assets.h"
#include "pages/register/audit.h"
#include "pages/register/carers.h"
#include "pages/register/classes.h"
#include "pages/register/imports.h"
#include "pages/conversations/contacts.h"
#include "pages/conversations/conv_pupil.h"
#include "pages/conversations/conv_record.h"
#include "pages/conversations/conversations.h"
#include "pages/register/exports.h"
#include "pages/home.h"
#include "pages/la/lapage.h"
#include "pages/la/laevalpage.h"
#include "pages/measures/assessform.h"
#include "pages/measures/measures.h"
#include "pages/measures/screening_page.h"
#include "pages/access/myreply.h"
#include "pages/access/parents.h"
#include "pages/surveys/mysurvey.h"
#include "pages/surveys/surveys.h"
#include "pages/programmes/progenrol.h"
#include "pages/programmes/progforms.h"
#include "pages/programmes/prognew.h"
#include "pages/programmes/programmes.h"
#include "pages/programmes/progreport_page.h"
#include "pages/programmes/progsession.h"
#include "pages/provision/provisions.h"
#include "pages/provision/provmap.h"
#include "pages/evaluation/evaluation.h"
#include "pages/provision/pupilprov.h"
#include "pages/register/pupils.h"
#include "pages/register/sarpage.h"
#include "pages/register/calendarpage.h"
#include "pages/register/schoolpage.h"
#include "pages/retention/retention.h"
#include "pages/access/signin.h"
#include "pages/programmes/stories.h"

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

    /* Spreadsheets for leads (pages/exports.c): before the routes whose
     * {id} would take "report.xlsx". */
    { "GET", "/pupils.xlsx", page_pupils_xlsx, R_LEAD, 0,
      "the pupil list, with the list's filters, as a spreadsheet" },
    { "GET", "/conversations/report.xlsx", page_conversations_xlsx, R_LEAD, 0,
      "the structured conversations report as a spreadsheet" },
    { "GET", "/screening.xlsx", page_screening_xlsx, R_LEAD, 0,
      "the screening summary of a year group as a spreadsheet" },
    { "GET", "/provision/map.xlsx", page_provmap_xlsx, R_LEAD, 0,
      "the provision map's tables as a spreadsheet" },
    { "GET", "/programmes/{id}/attendance.xlsx", page_programme_xlsx, R_LEAD, 0,
      "a programme's attendance register as a spreadsheet" },

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
    { "GET", "/pupils/{id}/erase", page_erase, R_LEAD, 0, "what erasing a leaver's record does" },
    { "POST", "/pupils/{id}/erase", page_erase_post, R_LEAD, 0, "erase a leaver's record" },
    { "GET", "/retention", page_retention, R_LEAD, 0,
      "how long records are kept, and the leavers whose records are past it" },
    { "POST", "/retention", page_retention_post, R_LEAD, 0, "save the school's retention periods" },
    /* A subject access request (pages/register/sarpage.c): leads only. */
    { "GET", "/pupils/{id}/sar", page_sar, R_LEAD, 0,
      "a subject access request: review, redactions and the export" },
    { "POST", "/pupils/{id}/sar", page_sar_post, R_LEAD, 0,
      "make the subject access export (a ZIP of sar.pdf and sar.json)" },
    { "GET", "/pupils/{id}/sar/redact", page_sar_redact, R_LEAD, 0,
      "the form to hold back one value from the export" },
    { "POST", "/pupils/{id}/sar/redact", page_sar_redact_post, R_LEAD, 0,
      "hold back a value, some words, or a name everywhere" },
    { "POST", "/pupils/{id}/sar/redactions/{rid}/withdraw", page_sar_withdraw, R_LEAD, 0,
      "withdraw a redaction" },
    { "GET", "/pupils/{id}/invite", page_invite, R_LEAD, 0, "invite a parent or carer" },
    { "POST", "/pupils/{id}/invite", page_invite_post, R_LEAD, 0, "make a joining code" },
    { "GET", "/carers/{id}", page_carer_show, R_STAFF, 0, "a carer's page" },
    { "GET", "/carers/{id}/erase", page_erase_carer, R_LEAD, 0,
      "what erasing a carer's details does" },
    { "POST", "/carers/{id}/erase", page_erase_carer_post, R_LEAD, 0,
      "erase a carer's details, once none of their children is on roll" },
    { "GET", "/carers/{id}/edit", page_carer_edit, R_STAFF, 0, "the form to change a carer" },
    { "POST", "/carers/{id}/edit", page_carer_update, R_STAFF, 0, "change a carer's details" },
    { "GET", "/audit", page_audit_trail, R_LEAD, 0, "the audit trail" },

    /* Importing pupils and carers by upload (pages/register/imports.c): leads,
     * since the preview shows children's names (an admin sees no child). The
     * upload may be larger than other requests (RF_UPLOAD). */
    { "GET", "/import", page_import, R_LEAD, 0, "upload a pupil or carer export" },
    { "POST", "/import", page_import_post, R_LEAD, RF_UPLOAD, "upload a file to check" },
    { "GET", "/import/{id}", page_import_preview, R_LEAD, 0,
      "what an upload would do: columns, rows, problems" },
    { "POST", "/import/{id}/columns", page_import_columns, R_LEAD, 0,
      "say which column is which (kept for the school)" },
    { "POST", "/import/{id}/confirm", page_import_confirm, R_LEAD, 0, "import an upload" },
    /* Classes and their key teachers (pages/register/classes.c). */
    { "GET", "/classes", page_classes, R_LEAD, 0, "classes and their key teachers" },
    { "GET", "/classes/{id}", page_class, R_LEAD, 0, "a class's key teacher and pupils in scope" },
    { "POST", "/classes/{id}", page_class_post, R_LEAD, 0,
      "make a teacher the key teacher of a class" },

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
    /* Structured conversations and the contact log (conversations.c,
     * conv_pupil.c, contacts.c): staff; a record is visible when its pupil
     * is (404 otherwise). */
    { "GET", "/conversations", page_conversations, R_STAFF, 0,
      "pupils in scope and their conversations this year" },
    { "GET", "/pupils/{id}/conversations", page_pupil_conversations, R_STAFF, 0,
      "a pupil's plan, agreement, conversations and targets" },
    { "GET", "/pupils/{id}/conversations/new", page_conv_new, R_STAFF, 0,
      "record a conversation: about the meeting" },
    { "POST", "/pupils/{id}/conversations/new", page_conv_create, R_STAFF, 0,
      "start the record of a conversation" },
    { "GET", "/conversations/{id}", page_conv_show, R_STAFF, 0,
      "a conversation's record and its fidelity checklist" },
    { "GET", "/conversations/{id}/meeting", page_conv_meeting, R_STAFF, 0, "who came, and when" },
    { "POST", "/conversations/{id}/meeting", page_conv_meeting_post, R_STAFF, 0,
      "save who came, and when" },
    { "GET", "/conversations/{id}/explore", page_conv_explore, R_STAFF, 0,
      "Explore: the parent's account" },
    { "POST", "/conversations/{id}/explore", page_conv_explore_post, R_STAFF, 0, "save Explore" },
    { "GET", "/conversations/{id}/focus", page_conv_focus, R_STAFF, 0, "Focus: what to work on" },
    { "POST", "/conversations/{id}/focus", page_conv_focus_post, R_STAFF, 0, "save Focus" },
    { "GET", "/conversations/{id}/plan", page_conv_plan, R_STAFF, 0, "Plan: targets" },
    { "POST", "/conversations/{id}/plan", page_conv_plan_post, R_STAFF, 0, "add a target" },
    { "GET", "/conversations/{id}/review", page_conv_review, R_STAFF, 0, "Review: next steps" },
    { "POST", "/conversations/{id}/review", page_conv_review_post, R_STAFF, 0, "save Review" },
    { "POST", "/conversations/{id}/complete", page_conv_complete, R_STAFF, 0,
      "save the record as complete" },
    { "POST", "/conversations/{id}/share", page_conv_share, R_STAFF, 0,
      "mark the record as shared with the family" },
    { "GET", "/conversations/{id}/pdf", page_conv_pdf, R_STAFF, 0, "the record as a PDF" },
    { "POST", "/conversations/{id}/replies/{rid}/read", page_conv_reply_read, R_STAFF, 0,
      "mark a family's reply to the record as read" },
    { "GET", "/pupils/{id}/agreement", page_agreement, R_STAFF, 0, "the parent agreement" },
    { "POST", "/pupils/{id}/agreement", page_agreement_post, R_STAFF, 0,
      "set up or review the parent agreement" },
    { "GET", "/targets/{id}/review", page_target_review, R_STAFF, 0, "review a target" },
    { "POST", "/targets/{id}/review", page_target_review_post, R_STAFF, 0,
      "save a target's review" },
    { "GET", "/pupils/{id}/contacts", page_contacts, R_STAFF, 0,
      "contacts with a family, with figures and prompts" },
    { "GET", "/pupils/{id}/contacts/new", page_contact_new, R_STAFF, 0, "the contact form" },
    { "POST", "/pupils/{id}/contacts/new", page_contact_create, R_STAFF, 0, "record a contact" },

    /* The parent portal (parents.c): their own children's shared records. */
    { "GET", "/my/children/{id}", page_my_child, R_PARENT, 0,
      "a parent's page for their child: meetings, plan, views" },
    { "GET", "/my/conversations/{id}", page_my_conversation, R_PARENT, 0,
      "a shared meeting record in plain words" },
    { "GET", "/my/conversations/{id}/pdf", page_my_conversation_pdf, R_PARENT, 0,
      "a shared meeting record as a PDF" },
    { "GET", "/my/children/{id}/views", page_my_views, R_PARENT, 0,
      "the form for a parent's views before the next meeting" },
    { "POST", "/my/children/{id}/views", page_my_views_post, R_PARENT, 0,
      "send a parent's views to school" },
    /* Languages (langpage.c, docs/i18n.md): a parent's choice; a lead's
     * corrections of meso's translated messages for the school. */
    { "POST", "/my/language", page_my_language_post, R_PARENT, 0,
      "choose the language of a parent's pages" },
    { "GET", "/translations", page_translations, R_LEAD, 0,
      "the languages families read meso in, drafts and corrections" },
    { "GET", "/translations/{lang}", page_translations_lang, R_LEAD, 0,
      "every message of a language, to check and correct" },
    { "POST", "/translations/{lang}", page_translations_post, R_LEAD, 0,
      "correct one translated message for the school" },
    { "GET", "/my/conversations/{id}/reply", page_my_reply, R_PARENT, 0,
      "the form for a parent's reply to a shared record" },
    { "POST", "/my/conversations/{id}/reply", page_my_reply_post, R_PARENT, 0,
      "send the school a reply, or say something in the record is not right" },
    { "GET", "/my/children/{id}/survey", page_my_survey, R_PARENT, 0,
      "the parents' survey, for a parent's own child, while a round is open" },
    { "POST", "/my/children/{id}/survey", page_my_survey_post, R_PARENT, 0,
      "send a parent's answers to the survey" },
    /* Family programmes (pages/programmes.c, progsession.c): leads set them
     * up; the team records sessions. Scope in the handlers (access.h). */
    { "GET", "/programmes", page_programmes, R_STAFF, 0, "family programmes" },
    { "GET", "/programmes/new", page_programme_new, R_LEAD, 0, "the form to start a programme" },
    { "POST", "/programmes/new", page_programme_create, R_LEAD, 0, "start a programme" },
    { "GET", "/programmes/{id}", page_programme_show, R_STAFF, 0, "a programme cohort" },
    { "POST", "/programmes/{id}/team", page_programme_team, R_LEAD, 0, "add to the team" },
    { "GET", "/programmes/{id}/team/{mid}/remove", page_programme_team_remove_confirm, R_LEAD, 0,
      "confirm taking someone off the team" },
    { "POST", "/programmes/{id}/team/{mid}/remove", page_programme_team_remove, R_LEAD, 0,
      "take someone off the team" },
    { "GET", "/programmes/{id}/enrol", page_programme_enrol, R_LEAD, 0, "find a pupil to enrol" },
    { "POST", "/programmes/{id}/enrol", page_programme_enrol_post, R_LEAD, 0, "enrol a pupil" },
    { "GET", "/programmes/{id}/families/{eid}", page_enrolment_edit, R_LEAD, 0,
      "consent, hub and parent" },
    { "POST", "/programmes/{id}/families/{eid}", page_enrolment_update, R_LEAD, 0,
      "change an enrolment" },
    { "GET", "/programmes/{id}/families/{eid}/invitation.pdf", page_invitation_pdf, R_STAFF, 0,
      "a family's invitation letter" },
    { "GET", "/programmes/{id}/families/{eid}/booklet.pdf", page_booklet_pdf, R_STAFF, 0,
      "a child's booklet of stories" },
    { "GET", "/programmes/{id}/sessions/{sid}", page_session, R_STAFF, 0, "a session" },
    { "POST", "/programmes/{id}/sessions/{sid}", page_session_post, R_STAFF, 0,
      "record who came, the checklist, notes" },
    { "POST", "/programmes/{id}/sessions/{sid}/story", page_story_post, R_STAFF, 0,
      "save a session's story" },
    { "POST", "/programmes/{id}/followon", page_programme_followon, R_STAFF, 0,
      "log a follow-on meeting" },
    { "POST", "/programmes/{id}/reading", page_programme_reading, R_STAFF, 0,
      "log follow-up reading" },
    { "POST", "/programmes/{id}/quotes", page_programme_quote, R_STAFF, 0, "keep a quote" },
    { "POST", "/programmes/{id}/costs", page_programme_cost, R_LEAD, 0, "add a cost" },
    { "GET", "/programmes/{id}/report", page_programme_report, R_STAFF, 0, "the programme report" },
    { "GET", "/programmes/{id}/report.pdf", page_programme_report_pdf, R_STAFF, 0,
      "the programme report (PDF): names no child" },
    { "GET", "/programmes/{id}/families.pdf", page_programme_families_pdf, R_STAFF, 0,
      "each family's attendance by name (PDF): for staff only" },
    /* The provision map (pages/provmap.c): leads only, since it lists
     * pupils' names. Provisions (provisions.c): leads set them up; staff on
     * a provision's team see its page. Each pupil's provision, reviews and
     * outside services (pupilprov.c): staff who may see the pupil (404
     * otherwise). */
    { "GET", "/provision", page_provmap, R_LEAD, 0, "the provision map" },
    /* The implementation analysis (pages/evaluation, docs/evaluation.md): leads only. */
    { "GET", "/evaluation", page_evaluation, R_LEAD, 0,
      "implementation and outcomes: the multilevel analysis" },
    { "GET", "/provision/map.pdf", page_provmap_pdf, R_LEAD, 0, "the provision map (PDF)" },
    { "GET", "/provision/map.png", page_provmap_png, R_LEAD, 0,
      "the provision map's pictures (PNG)" },
    { "GET", "/provision/reviews", page_provmap_reviews, R_LEAD, 0,
      "review outcomes per provision, and reviews to do" },
    { "GET", "/provision/frameworks", page_frameworks, R_LEAD, 0, "the school's frameworks" },
    { "POST", "/provision/frameworks", page_frameworks_post, R_LEAD, 0,
      "choose the school's frameworks" },
    { "GET", "/provisions", page_provisions, R_LEAD, 0, "every provision of the school" },
    { "GET", "/provisions/new", page_provision_new, R_LEAD, 0, "the form to add a provision" },
    { "POST", "/provisions/new", page_provision_create, R_LEAD, 0, "add a provision" },
    { "GET", "/provisions/{id}", page_provision_show, R_STAFF, 0, "a provision" },
    { "GET", "/provisions/{id}/edit", page_provision_edit, R_LEAD, 0,
      "the form to change a provision" },
    { "POST", "/provisions/{id}/edit", page_provision_update, R_LEAD, 0, "change a provision" },
    { "POST", "/provisions/{id}/components", page_provision_components, R_LEAD, 0,
      "map a provision onto framework components" },
    { "GET", "/provisions/{id}/pupils/{eid}", page_enrolment_edit, R_LEAD, 0,
      "a pupil's consent, and whether they have stopped" },
    { "POST", "/provisions/{id}/pupils/{eid}", page_enrolment_update, R_LEAD, 0,
      "change a pupil's consent, or record that they stopped" },
    { "GET", "/provisions/{id}/enrol", page_provision_enrol, R_LEAD, 0,
      "find a pupil to enrol in a provision" },
    { "POST", "/provisions/{id}/enrol", page_provision_enrol_post, R_LEAD, 0,
      "enrol a pupil in a provision" },
    { "GET", "/pupils/{id}/provision", page_pupil_provision, R_STAFF, 0,
      "a pupil's provision over time, with reviews and outside services" },
    { "GET", "/pupils/{id}/provision.pdf", page_pupil_provision_pdf, R_STAFF, 0,
      "a pupil's provision record (PDF)" },
    { "GET", "/pupils/{id}/provision/{pid}/review", page_review_new, R_STAFF, 0,
      "the form to review a pupil's outcome in a provision" },
    { "POST", "/pupils/{id}/provision/{pid}/review", page_review_create, R_STAFF, 0,
      "review a pupil's outcome in a provision" },
    { "GET", "/pupils/{id}/involvements/new", page_involvement_new, R_STAFF, 0,
      "the form to record a referral to an outside service" },
    { "POST", "/pupils/{id}/involvements/new", page_involvement_create, R_STAFF, 0,
      "record a referral to an outside service" },
    { "GET", "/pupils/{id}/involvements/{iid}", page_involvement_edit, R_STAFF, 0,
      "an outside service's involvement: status and advice" },
    { "POST", "/pupils/{id}/involvements/{iid}", page_involvement_update, R_STAFF, 0,
      "update an outside service's involvement" },
    { "GET", "/stories", page_family_stories, R_PARENT, 0, "a parent's child's stories" },
    { "GET", "/stories/{id}/booklet.pdf", page_family_booklet, R_PARENT, 0,
      "a child's stories as a booklet" },

    /* Setting up: the first run (setup.c: only while there is no account),
     * the school's details (schoolpage.c), staff accounts (staffaccounts.c:
     * administrators; a new lead waits for a lead's approval), and joining
     * with a code (parents, carers and staff). */
    { "GET", "/setup", page_setup, R_PUBLIC, 0,
      "set up a new meso: the school and its first lead" },
    { "POST", "/setup", page_setup_post, R_PUBLIC, RF_ANON_FORM, "set up the school" },
    { "GET", "/school", page_school, R_ADMIN | R_LEAD, 0, "the school's details and term dates" },
    { "POST", "/school", page_school_post, R_ADMIN | R_LEAD, 0, "change the school's details" },
    { "POST", "/school/la-share", page_school_la_share, R_LEAD, 0,
      "share the school's figures with its local authority, or stop" },

    /* The local authority's view across its schools (pages/la/lapage.c):
     * LA accounts only; counts, suppressed, from the schools that share. */
    { "GET", "/la", page_la, R_LA, 0, "the LA's schools side by side" },
    { "GET", "/la.xlsx", page_la_xlsx, R_LA, 0, "the LA view as a spreadsheet" },
    { "GET", "/la/evaluation", page_la_evaluation, R_LA, 0,
      "how practice relates to outcomes across the LA's sharing schools" },
    { "GET", "/school/calendar", page_calendar, R_ADMIN | R_LEAD, 0,
      "a school year's term dates and holidays" },
    { "POST", "/school/calendar", page_calendar_post, R_ADMIN | R_LEAD, 0,
      "set a school year's term dates and holidays" },
    { "GET", "/accounts", page_accounts, R_ADMIN, 0, "sign-in accounts" },
    { "GET", "/accounts/new", page_account_new, R_ADMIN, 0, "the form to add an account" },
    { "POST", "/accounts/new", page_account_create, R_ADMIN, 0,
      "add an account, with a joining code (or ask a lead to approve a lead)" },
    { "GET", "/accounts/approvals", page_approvals, R_LEAD, 0, "new leads waiting for approval" },
    { "POST", "/accounts/approvals/{id}/approve", page_approval_approve, R_LEAD, 0,
      "approve a new lead" },
    { "POST", "/accounts/approvals/{id}/refuse", page_approval_refuse, R_LEAD, 0,
      "refuse a new lead" },
    { "GET", "/accounts/{id}", page_account_show, R_ADMIN, 0, "a staff account" },
    { "GET", "/accounts/{id}/roles", page_account_roles, R_ADMIN, 0, "the form to change roles" },
    { "POST", "/accounts/{id}/roles", page_account_roles_post, R_ADMIN, 0,
      "change roles (a removal is confirmed first; the lead role waits for a lead)" },
    { "GET", "/accounts/{id}/disable", page_account_disable_confirm, R_ADMIN, 0,
      "confirm disabling an account" },
    { "POST", "/accounts/{id}/disable", page_account_disable, R_ADMIN, 0, "disable an account" },
    { "POST", "/accounts/{id}/enable", page_account_enable, R_ADMIN, 0, "enable an account" },
    { "GET", "/accounts/{id}/reset-2fa", page_account_reset_2fa_confirm, R_ADMIN, 0,
      "confirm resetting two-step sign-in" },
    { "POST", "/accounts/{id}/reset-2fa", page_account_reset_2fa, R_ADMIN, 0,
      "reset two-step sign-in" },
    { "POST", "/accounts/{id}/unlock-2fa", page_account_unlock_2fa, R_ADMIN | R_LEAD, 0,
      "unlock two-step sign-in after too many wrong codes (a colleague's)" },
    { "POST", "/accounts/{id}/invite", page_account_invite, R_ADMIN | R_LEAD, 0,
      "a new joining code for someone who has not joined (a lead's: leads only)" },
    /* The parents' survey (pages/surveys): results and rounds for leads;
     * answers on paper with a code, throttled like joining. */
    { "GET", "/surveys", page_surveys, R_LEAD, 0, "the parents' survey: results over time" },
    { "POST", "/surveys", page_surveys_post, R_LEAD, 0, "start a round of the parents' survey" },
    { "GET", "/surveys/{id}", page_survey_round, R_LEAD, 0,
      "a round's results, small numbers suppressed" },
    { "POST", "/surveys/{id}/codes", page_survey_codes, R_LEAD, 0,
      "make paper codes for a round (shown once)" },
    { "GET", "/survey", page_paper_survey, R_PUBLIC, 0, "the survey on paper: code and answers" },
    { "POST", "/survey", page_paper_survey_post, R_PUBLIC, RF_ANON_FORM,
      "send answers with a paper code" },
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
    { "GET", "/api/v1/conversations", api_conversations_list, R_API_READ, 0,
      "list structured conversations" },
    { "GET", "/api/v1/conversations/{id}", api_conversations_get, R_API_READ, 0,
      "get a conversation" },
    { "GET", "/api/v1/contacts", api_contacts_list, R_API_READ, 0, "list contacts with families" },
    { "POST", "/api/v1/contacts", api_contacts_create, R_API_WRITE, 0, "record a contact" },
    { "GET", "/api/v1/reports/conversations", api_report_conversations, R_API_READ, 0,
      "the structured conversations report" },
    { "GET", "/api/v1/la", api_la, R_LA, 0,
      "the LA view's figures, for a local authority's token" },
    { "GET", "/api/v1/la/evaluation", api_la_evaluation, R_LA, 0,
      "the analysis across the LA's sharing schools, for a local authority's token" },
    { "GET", "/api/v1/reports/provision", api_report_provision, R_API_READ, 0,
      "the provision map" },
    { 0 },
};
