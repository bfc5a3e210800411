/* Unit tests for model/la/lafigures: the LA view's totals and suppression
 * on a hand-built set of schools, and, on a database (SQLite, or PostgreSQL
 * with MESO_TEST_DB), that an LA principal gets only its own LA's schools
 * that share, each with the figures the school's own conversations report
 * gives, and that no other principal gets anything. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/date.h"
#include "model/access/access.h"
#include "model/calendar/schoolyear.h"
#include "model/conversations/convreport.h"
#include "model/conversations/scope.h"
#include "model/demo/demo.h"
#include "model/demo/demo_la.h"
#include "model/la/lacache.h"
#include "model/la/lafigures.h"
#include "model/register/audit.h"
#include "model/register/school.h"

static void totals_and_suppression(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 0);
    struct la_school s[3];
    memset(s, 0, sizeof s);
    const char *names[] = { "A", "B", "C" };
    /* In scope 40, 3 (small: its means go) and 25; held 2: 12, 1, 3. */
    long scope[] = { 40, 3, 25 }, held2[] = { 12, 1, 3 }, held3[] = { 20, 0, 15 };
    for (int i = 0; i < 3; i++) {
        s[i].name = names[i];
        s[i].urn = names[i];
        s[i].in_scope.n = scope[i];
        s[i].held[1].n = held2[i];
        s[i].held[2].n = held3[i];
        s[i].held[0].n = scope[i] - held2[i] - held3[i];
        s[i].mean_fidelity = 0.5 + 0.1 * i;
        s[i].reviews_with_parent_per_pupil = 1;
        s[i].positive_contact_share = 0.8;
        s[i].progress_methods_mean = 2;
        s[i].enrolled.n = i == 0 ? 12 : 0;
        s[i].completed.n = i == 0 ? 10 : 0;
        s[i].screened.n = 30;
        s[i].bands[0].n = 20;
        s[i].bands[1].n = 6;
        s[i].bands[2].n = 2;
        s[i].bands[3].n = 2;
    }
    struct la_figures f = { .la_code = "931", .schools = s, .n = 3 };
    assert_int_equal(la_figures_suppress(&a, &f), 0);
    /* Totals of every count. */
    assert_int_equal(f.total.in_scope.n, 68);
    assert_int_equal(f.total.held[1].n, 16);
    assert_int_equal(f.total.held[2].n, 35);
    assert_int_equal(f.total.enrolled.n, 12);
    assert_int_equal(f.total.screened.n, 90);
    assert_int_equal(f.total.bands[2].n, 6);
    /* Primary: B's 3 in scope, its 1 with two held; C's 3. */
    assert_true(s[1].in_scope.hidden);
    assert_true(s[1].held[1].hidden);
    assert_true(s[2].held[1].hidden);
    /* Secondary: no row or column of the held table has a single hidden cell. */
    for (int i = 0; i < 3; i++) {
        int h = s[i].held[0].hidden + s[i].held[1].hidden + s[i].held[2].hidden;
        assert_int_not_equal(h, 1);
    }
    for (int c = 0; c < LA_HELD; c++)
        assert_int_not_equal(s[0].held[c].hidden + s[1].held[c].hidden + s[2].held[c].hidden, 1);
    /* The in-scope column: B's 3 is hidden, so the next smallest (C's 25) too. */
    assert_true(s[2].in_scope.hidden);
    assert_false(s[0].in_scope.hidden);
    /* Bands of 2 in every school: hidden, and so are the next smallest. */
    for (int i = 0; i < 3; i++) {
        assert_true(s[i].bands[2].hidden && s[i].bands[3].hidden);
        assert_false(s[i].screened.hidden);
    }
    assert_false(f.total.bands[2].hidden); /* 6 across the LA */
    /* A small school's means are not shown; the others' are. */
    assert_true(s[1].mean_fidelity < 0);
    assert_true(s[0].mean_fidelity > 0);
    /* Sorting by a column, hidden counts last when descending. */
    assert_int_equal(la_figures_sort(&a, &f, "in_scope", true), 0);
    assert_string_equal(f.schools[0].name, "A");
    assert_int_equal(la_figures_sort(&a, &f, "no such column", true), 0);
    assert_string_equal(f.schools[0].name, "A");
    assert_string_equal(f.schools[2].name, "C");
    arena_release(&a);
}

static int64_t demo_school_at(struct db *db, const char *urn, const char *la, bool share)
{
    struct err e;
    err_clear(&e);
    static const struct demo_practice pr = { .hard_to_reach = 0.15 };
    char domain[40];
    snprintf(domain, sizeof domain, "s%s.example.org", urn);
    struct demo_options o = { .seed = 3,
                              .pupils = 60,
                              .actor = "test",
                              .urn = urn,
                              .name = urn,
                              .la_code = la,
                              .email_domain = domain,
                              .password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$aGFzaA",
                              .estab = 3000 + (int)strtol(urn + 3, NULL, 10),
                              .practice = &pr,
                              .no_parent = true };
    struct demo_summary s;
    int rc = demo_school(db, &o, &s, &e);
    if (rc)
        fprintf(stderr, "demo_school: %s\n", e.msg);
    assert_int_equal(rc, 0);
    struct arena a;
    arena_init(&a, 0);
    struct school sc;
    assert_int_equal(school_by_urn(db, &a, urn, &sc, &e), 0);
    struct audit_who who = { "test", NULL };
    if (share)
        assert_int_equal(school_set_la_share(db, &who, sc.id, true, &e), 0);
    arena_release(&a);
    return sc.id;
}

static void only_its_own_schools_that_share(void **state)
{
    (void)state;
    char *dir = test_tmpdir();
    struct db *db = test_db(dir, "la.db");
    struct err e;
    err_clear(&e);
    int64_t shares = demo_school_at(db, "990001", "931", true);
    int64_t second = demo_school_at(db, "990002", "931", false);
    demo_school_at(db, "990003", "932", true);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'school' AND detail"
                                    " LIKE 'sharing with the local authority: on%'"),
                     2);
    struct arena a;
    arena_init(&a, 0);
    struct principal la = { .kind = PRINCIPAL_LA, .la_code = "931", .actor = "user:la@x.org" };
    int year = schoolyear_of(date_today());
    struct la_figures f;
    assert_int_equal(la_figures_build(db, &a, &la, year, NULL, &f, &e), 0);
    assert_int_equal(f.n, 1);
    assert_int_equal(f.not_sharing, 1);
    assert_int_equal(f.schools[0].id, shares);
    /* The school's own report's figures, not re-derived. */
    struct convreport cr;
    struct audit_entry who = { .actor = "test" };
    assert_int_equal(convreport_build(db, &a, shares, year, &who, &cr, &e), 0);
    assert_int_equal(f.schools[0].in_scope.n, cr.all.pupils_in_scope);
    assert_int_equal(f.schools[0].held[1].n, cr.all.with[2]);
    assert_int_equal(f.total.in_scope.n, cr.all.pupils_in_scope);
    assert_true(f.n_components > 0);
    /* Another LA's principal: its own school only. */
    struct principal other = la;
    other.la_code = "932";
    assert_int_equal(la_figures_build(db, &a, &other, year, NULL, &f, &e), 0);
    assert_int_equal(f.n, 1);
    assert_int_not_equal(f.schools[0].id, shares);
    /* A lead, a token, nobody: denied. */
    struct principal lead = {
        .kind = PRINCIPAL_STAFF, .school_id = shares, .roles = 2, .actor = "user:lead"
    };
    assert_int_equal(la_figures_build(db, &a, &lead, year, NULL, &f, &e), ERR_DENIED);
    struct principal tok = { .kind = PRINCIPAL_TOKEN, .school_id = shares, .la_code = "931" };
    assert_int_equal(la_figures_build(db, &a, &tok, year, NULL, &f, &e), ERR_DENIED);
    /* Nor may the LA principal see any pupil. */
    assert_false(access_la_sees_school(&lead, "931", true));
    assert_true(access_la_sees_school(&la, "931", true));
    assert_false(access_la_sees_school(&la, "931", false));
    assert_false(access_la_sees_school(&la, "932", true));
    assert_int_equal(access_pupil_visible(db, &la, 1, &e), ERR_NOTFOUND);
    /* Kept figures: the same answer, from the cache the second time, until
     * a school's records or the schools sharing change; then only the
     * schools that changed are built again. */
    struct la_cache *cache = la_cache_new();
    assert_non_null(cache);
    bool cached;
    size_t rebuilt;
    int64_t views = test_count(db, "SELECT count(*) FROM audit WHERE entity = 'la'");
    struct la_figures g;
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &f, &cached, &rebuilt, &e), 0);
    assert_false(cached);
    assert_int_equal(rebuilt, 1);
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &g, &cached, &rebuilt, &e), 0);
    assert_true(cached);
    assert_int_equal(rebuilt, 0);
    assert_int_equal(g.n, f.n);
    assert_int_equal(g.schools[0].in_scope.n, f.schools[0].in_scope.n);
    assert_string_equal(g.schools[0].name, f.schools[0].name);
    assert_int_equal(g.n_components, f.n_components);
    /* One audit row per view, naming the schools shown; nothing else is
     * written as the LA's officer, however the figures were built. */
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'la'"), views + 2);
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE entity = 'la' AND detail"
                                    " LIKE '%: 1 school (URN 990001)'"),
                     3); /* la_figures_build's above, and these two */
    assert_int_equal(test_count(db, "SELECT count(*) FROM audit WHERE actor = 'user:la@x.org'"
                                    " AND entity <> 'la'"),
                     0);
    /* A second school starts sharing: only it is built. */
    struct audit_who aw = { "test", NULL };
    assert_int_equal(school_set_la_share(db, &aw, second, true, &e), 0);
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &g, &cached, &rebuilt, &e), 0);
    assert_false(cached);
    assert_int_equal(rebuilt, 1);
    assert_int_equal(g.n, 2);
    /* An audited change of a pupil raises the school's version in its
     * transaction; the next view builds that school alone. */
    int64_t v0 = test_count(db, "SELECT data_version FROM school WHERE urn = '990001'");
    int64_t v_other = test_count(db, "SELECT data_version FROM school WHERE urn = '990002'");
    int64_t pupil = test_count(db, "SELECT min(p.id) FROM pupil p JOIN school s"
                                   " ON s.id = p.school_id WHERE s.urn = '990001'");
    struct audit_entry changer = { .actor = "test" };
    assert_int_equal(scope_remove(db, pupil, "moved to another class", &changer, &e), 0);
    assert_true(test_count(db, "SELECT data_version FROM school WHERE urn = '990001'") > v0);
    assert_int_equal(test_count(db, "SELECT data_version FROM school WHERE urn = '990002'"),
                     v_other);
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &g, &cached, &rebuilt, &e), 0);
    assert_false(cached);
    assert_int_equal(rebuilt, 1);
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &g, &cached, &rebuilt, &e), 0);
    assert_true(cached);
    /* Built afresh, the same figures as kept. */
    struct la_figures fresh;
    assert_int_equal(la_figures_build(db, &a, &la, year, NULL, &fresh, &e), 0);
    assert_int_equal(fresh.n, g.n);
    for (size_t i = 0; i < g.n; i++) {
        assert_int_equal(fresh.schools[i].in_scope.n, g.schools[i].in_scope.n);
        assert_int_equal(fresh.schools[i].n_gaps, g.schools[i].n_gaps);
        assert_int_equal(fresh.schools[i].screened.n, g.schools[i].screened.n);
    }
    assert_int_equal(fresh.total.in_scope.n, g.total.in_scope.n);
    /* A school that stops sharing goes at once. */
    assert_int_equal(school_set_la_share(db, &aw, shares, false, &e), 0);
    assert_int_equal(la_figures_get(db, &a, cache, &la, year, NULL, &g, &cached, &rebuilt, &e), 0);
    assert_false(cached);
    assert_int_equal(rebuilt, 0);
    assert_int_equal(g.n, 1);
    assert_int_not_equal(g.schools[0].id, shares);
    assert_int_equal(la_figures_get(db, &a, cache, &tok, year, NULL, &g, &cached, &rebuilt, &e),
                     ERR_DENIED);
    la_cache_free(cache);
    arena_release(&a);
    db_close(db);
    test_rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(totals_and_suppression),
        cmocka_unit_test(only_its_own_schools_that_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
