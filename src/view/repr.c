#include "view/repr.h"

json_t *repr_str(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

void repr_set(struct repr_obj *b, const char *key, json_t *v)
{
    if (!v || b->bad || !b->o || json_object_set_new(b->o, key, v)) {
        if (v && (b->bad || !b->o))
            json_decref(v);
        b->bad = true;
    }
}

json_t *repr_done(struct repr_obj *b)
{
    if (b->bad || !b->o) {
        json_decref(b->o);
        return NULL;
    }
    return b->o;
}

json_t *repr_school(const struct school *s)
{
    return json_pack("{s:o, s:o, s:o, s:o, s:b}", "urn", repr_str(s->urn), "name",
                     repr_str(s->name), "la_code", repr_str(s->la_code), "phase",
                     repr_str(s->phase), "placeholder", s->placeholder);
}

json_t *repr_pupil(const struct pupil *p)
{
    json_t *o =
        json_pack("{s:s, s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "upn", p->upn,
                  "upn_temporary", p->upn_temporary, "former_upn", repr_str(p->former_upn),
                  "legal_surname", repr_str(p->legal_surname), "legal_forename",
                  repr_str(p->legal_forename), "preferred_surname", repr_str(p->preferred_surname),
                  "preferred_forename", repr_str(p->preferred_forename), "dob", repr_str(p->dob),
                  "sex", repr_str(p->sex), "nc_year", repr_str(p->nc_year));
    if (!o || json_object_set_new(o, "id", json_integer(p->id)) ||
        json_object_set_new(o, "reg_group", repr_str(p->reg_group))) {
        json_decref(o);
        return NULL;
    }
    json_t *more = json_pack(
        "{s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:o, s:o}", "sen_provision", p->sen[0] ? p->sen : "N",
        "sen_primary_need", repr_str(p->need1), "sen_secondary_need", repr_str(p->need2), "eal",
        p->eal < 0 ? json_null() : json_boolean(p->eal), "first_language",
        repr_str(p->first_language), "looked_after", p->looked_after, "fsm", p->fsm,
        "admission_date", repr_str(p->admission_date), "leaving_date", repr_str(p->leaving_date));
    if (!more || json_object_update(o, more) != 0) {
        json_decref(more);
        json_decref(o);
        return NULL;
    }
    json_decref(more);
    return o;
}

json_t *repr_carer(const struct carer *c)
{
    return json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o,"
        " s:b, s:o}",
        "id", (json_int_t)c->id, "mis_id", repr_str(c->mis_id), "title", repr_str(c->title),
        "forename", repr_str(c->forename), "surname", repr_str(c->surname), "phone_mobile",
        repr_str(c->phone_mobile), "phone_home", repr_str(c->phone_home), "phone_work",
        repr_str(c->phone_work), "email", repr_str(c->email), "address_line1",
        repr_str(c->address_line1), "address_line2", repr_str(c->address_line2), "town",
        repr_str(c->town), "postcode", repr_str(c->postcode), "preferred_language",
        repr_str(c->preferred_language), "preferred_contact", repr_str(c->preferred_contact),
        "interpreter_needed", c->interpreter_needed, "access_needs", repr_str(c->access_needs));
}

json_t *repr_pupil_carer(const struct pupil_carer *pc)
{
    json_t *o = repr_carer(&pc->carer);
    if (!o)
        return NULL;
    if (json_object_set_new(o, "relationship", repr_str(pc->link.relationship)) ||
        json_object_set_new(o, "parental_responsibility",
                            pc->link.parental_responsibility == CARER_PR_NOT_RECORDED
                                ? json_null()
                                : json_boolean(pc->link.parental_responsibility)) ||
        json_object_set_new(o, "lives_with", json_boolean(pc->link.lives_with)) ||
        json_object_set_new(o, "contact_priority", json_integer(pc->link.contact_priority))) {
        json_decref(o);
        return NULL;
    }
    return o;
}

json_t *repr_sen_change(const struct sen_change *c)
{
    return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "provision", c->provision, "primary_need",
                     repr_str(c->need1), "secondary_need", repr_str(c->need2), "effective_date",
                     repr_str(c->effective_date), "source", repr_str(c->source), "recorded_at",
                     repr_str(c->recorded_at));
}

json_t *repr_account(const struct account *acc, const char *school_urn)
{
    json_t *roles = json_array();
    for (unsigned bit = 1; roles && bit <= ACCOUNT_ROLES_ALL; bit <<= 1)
        if ((acc->roles & bit) &&
            json_array_append_new(roles, json_string(account_role_name(bit))) != 0) {
            json_decref(roles);
            return NULL;
        }
    return json_pack("{s:s, s:o, s:s, s:o, s:o, s:b, s:b, s:b, s:b, s:o, s:o}", "email", acc->email,
                     "name", repr_str(acc->name), "kind",
                     acc->kind == ACCOUNT_PARENT ? "parent"
                     : acc->kind == ACCOUNT_LA   ? "la"
                                                 : "staff",
                     "roles", roles, "school", repr_str(school_urn), "has_password",
                     acc->has_password, "totp_enabled", acc->totp_enabled, "totp_required",
                     account_requires_totp(acc), "disabled", acc->disabled, "created_at",
                     repr_str(acc->created_at), "password_changed_at",
                     repr_str(acc->password_changed_at));
}

json_t *repr_api_token(const struct api_token *t, const char *school_urn)
{
    return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:b}", "name", t->name, "scope",
                     api_token_scope_name(t->scope), "school", repr_str(school_urn), "created_by",
                     repr_str(t->created_by), "created_at", repr_str(t->created_at), "last_used_at",
                     repr_str(t->last_used_at), "revoked", t->revoked);
}
