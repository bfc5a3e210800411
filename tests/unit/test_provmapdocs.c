/* Unit tests for model/provmapdocs: the pyramid, the coverage grid and the
 * cost bar on a map built by hand (SVG parsed with libxml2: titles, labels,
 * "Gap", long names wrapped in full, hostile names escaped), heights that
 * grow with the map, the PDF and the PNG. */
#include "testutil.h"
#include "test_graphics.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core/arena.h"
#include "core/buf.h"
#include "view/provmapdocs.h"

#define LONG_NAME "Nurture group for Year 3 and Year 4 pupils"
#define HOSTILE   "<b>Talk</b> & \"co\""

/* ---- a map built by hand ------------------------------------------------- */

struct fixture {
    struct arena a;
    struct provmap_in_provision in[7];
    struct provmap_in_component comp[5];
    struct provmap_provision prov[7];
    struct provmap_component pc[5];
    size_t idx[TIER_N][4];
    size_t comp_idx[5][3];
    struct provmap m;
};

static void add(struct fixture *f, size_t i, const char *name, const char *tier,
                const char *evidence, int64_t cost, int pupils)
{
    f->in[i] = (struct provmap_in_provision){ .id = (int64_t)i + 1,
                                              .name = name,
                                              .tier = tier,
                                              .evidence_rating = evidence,
                                              .start_date = "2025-09-01",
                                              .cost_projected = cost };
    f->prov[i] = (struct provmap_provision){ .in = &f->in[i],
                                             .evidence_informed = evidence != NULL,
                                             .pupils = pupils };
}

static struct fixture *fixture_new(void)
{
    struct fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    arena_init(&f->a, 8u << 20);
    add(f, 0, "Quality teaching", "universal", "strong", 120000, 200);
    add(f, 1, "Zones of Regulation", "universal", NULL, 30000, 200);
    add(f, 2, LONG_NAME, "selected", "moderate", 84050, 8);
    add(f, 3, "Lego therapy", "selected", "promising", 40000, 6);
    add(f, 4, "Drawing and Talking", "indicated", NULL, 60000, 3);
    add(f, 5, HOSTILE, "indicated", "limited", 0, 2);
    struct provmap *m = &f->m;
    m->school_id = 1;
    m->school_name = "Meadowbank Primary School";
    memcpy(m->as_of, "2026-01-15", 11);
    m->pupils_on_roll = 210;
    m->provisions = f->prov;
    m->n_provisions = 6;
    static const char *const tiers[TIER_N] = { "universal", "selected", "indicated" };
    int pupils[TIER_N] = { 200, 12, 5 };
    for (int t = 0; t < TIER_N; t++) {
        struct provmap_tier *tr = &m->tiers[t];
        tr->tier = tiers[t];
        tr->pupils = pupils[t];
        tr->provision_idx = f->idx[t];
        for (size_t i = 0; i < 6; i++)
            if (!strcmp(f->in[i].tier, tiers[t])) {
                f->idx[t][tr->n_provision_idx++] = i;
                tr->cost += f->in[i].cost_projected;
            }
        tr->provisions = (int)tr->n_provision_idx;
        tr->cost_per_pupil = tr->cost / tr->pupils;
        m->cost_total += tr->cost;
    }
    static const char *const names[4] = { "A positive school community",
                                          "Social and emotional learning",
                                          "Working with parents and carers", "Early intervention" };
    static const char *const keys[4] = { "community", "sel", "parents", "early" };
    size_t maps[4][3] = { { 0, 1 }, { 1, 3 }, { 0 }, { 4, 2 } };
    size_t n_maps[4] = { 2, 2, 0, 2 };
    for (size_t i = 0; i < 4; i++) {
        f->comp[i] = (struct provmap_in_component){ .framework_key = "kidsmatter",
                                                    .framework_name = "KidsMatter",
                                                    .key = keys[i],
                                                    .name = names[i] };
        f->pc[i].in = &f->comp[i];
        f->pc[i].provision_idx = f->comp_idx[i];
        for (size_t j = 0; j < n_maps[i]; j++)
            f->comp_idx[i][f->pc[i].n_provision_idx++] = maps[i][j];
        if (!n_maps[i])
            m->n_gaps++;
    }
    m->components = f->pc;
    m->n_components = 4;
    m->evidence_share = 4.0 / 6;
    m->pupils_evidence_share = 0.9;
    m->pupils_reached = 205;
    m->pupils_reached_evidence = 200;
    m->involvements_open = 3;
    m->involvements_overdue = 1;
    return f;
}

static void fixture_free(struct fixture *f)
{
    arena_release(&f->a);
    free(f);
}

/* ---- SVG helpers ---------------------------------------------------------- */

struct scan {
    struct buf texts;  /* every <text>, one a line */
    struct buf titles; /* every <title>, one a line */
    int patterns, dashed;
};

static void walk(xmlNodePtr n, struct scan *s)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        const char *name = (const char *)n->name;
        if (!strcmp(name, "text") || !strcmp(name, "title")) {
            xmlChar *v = xmlNodeGetContent(n);
            buf_addf(!strcmp(name, "text") ? &s->texts : &s->titles, "%s\n", (const char *)v);
            xmlFree(v);
        }
        if (!strcmp(name, "pattern"))
            s->patterns++;
        xmlChar *dash = xmlGetProp(n, (const xmlChar *)"stroke-dasharray");
        if (dash)
            s->dashed++;
        xmlFree(dash);
        walk(n->children, s);
    }
}

/* Render picture `which` of f's map and scan it; fails on a malformed SVG. */
static void scan_svg(struct fixture *f, enum provmapdocs_picture which, struct scan *s)
{
    struct buf b;
    buf_init(&b, 4u << 20);
    struct err e;
    err_clear(&e);
    int rc = provmapdocs_svg(&b, &f->a, &f->m, which, "pm", &e);
    if (rc)
        fail_msg("provmapdocs_svg: %s", e.msg);
    assert_null(strstr(buf_str(&b), "<script"));
    assert_null(strstr(buf_str(&b), "<b>"));
    xmlDocPtr doc = xmlReadMemory(b.data, (int)b.len, "map.svg", "UTF-8", XML_PARSE_NONET);
    assert_non_null(doc);
    memset(s, 0, sizeof *s);
    buf_init(&s->texts, 1u << 20);
    buf_init(&s->titles, 1u << 20);
    walk(xmlDocGetRootElement(doc), s);
    xmlFreeDoc(doc);
    buf_release(&b);
}

static void scan_release(struct scan *s)
{
    buf_release(&s->texts);
    buf_release(&s->titles);
}

static bool has_line(const struct buf *b, const char *line)
{
    const char *s = buf_str(b);
    size_t n = strlen(line);
    for (const char *p = strstr(s, line); p; p = strstr(p + 1, line))
        if ((p == s || p[-1] == '\n') && p[n] == '\n')
            return true;
    return false;
}

/* Whether the text pieces, joined with spaces (the lines of a wrapped name
 * joined again), contain words. */
static bool has_words(const struct buf *b, const char *words)
{
    char *joined = strdup(buf_str(b));
    assert_non_null(joined);
    for (char *p = joined; *p; p++)
        if (*p == '\n')
            *p = ' ';
    bool found = strstr(joined, words) != NULL;
    free(joined);
    return found;
}

/* ---- tests ------------------------------------------------------------------ */

static void pyramid_labels_tiers_and_wraps_long_names(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    struct scan s;
    scan_svg(f, PROVMAPDOCS_PYRAMID, &s);
    const char *t = buf_str(&s.texts);
    assert_true(has_line(&s.titles, "The three tiers of provision"));
    assert_true(has_line(&s.titles, "Indicated tier: 5 pupils, 2 provisions"));
    static const char *const wants[] = { "Indicated", "Selected",   "Universal",   "5 pupils",
                                         "12 pupils", "200 pupils", "2 provisions" };
    for (size_t i = 0; i < sizeof wants / sizeof *wants; i++)
        if (!has_line(&s.texts, wants[i]))
            fail_msg("no text \"%s\" in:\n%s", wants[i], t);
    /* Every name is in its box in full, wrapped onto lines where it is long
     * (issue 13): no ellipsis, no numbered key. */
    static const char *const names[] = { "Lego therapy", "Quality teaching", "Zones of Regulation",
                                         LONG_NAME, HOSTILE };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!has_words(&s.texts, names[i]))
            fail_msg("no name \"%s\" in:\n%s", names[i], t);
    assert_false(has_line(&s.texts, LONG_NAME)); /* too long for one line */
    assert_null(strstr(t, "\xE2\x80\xA6"));
    assert_null(strstr(t, "Key to shortened names"));
    /* The box's title (tooltip) keeps the full name. */
    assert_true(has_line(&s.titles, LONG_NAME));
    /* Patterns for the tiers, dashed outlines for provisions without
     * evidence. */
    assert_true(s.patterns >= 3);
    assert_true(s.dashed >= 2);
    scan_release(&s);
    fixture_free(f);
}

static void pyramid_grows_with_long_names(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    f->in[2].name = "Nurture group";
    double h_short = provmapdocs_height(&f->m, PROVMAPDOCS_PYRAMID, PROVMAPDOCS_WIDTH);
    struct scan s;
    scan_svg(f, PROVMAPDOCS_PYRAMID, &s);
    assert_true(has_line(&s.texts, "Nurture group"));
    scan_release(&s);
    f->in[2].name = LONG_NAME;
    assert_true(provmapdocs_height(&f->m, PROVMAPDOCS_PYRAMID, PROVMAPDOCS_WIDTH) > h_short);
    fixture_free(f);
}

static void pyramid_grows_and_says_how_many_more(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    double h0 = provmapdocs_height(&f->m, PROVMAPDOCS_PYRAMID, PROVMAPDOCS_WIDTH);
    /* 100 universal provisions: the band grows to its row limit, then one
     * box says how many more there are. */
    enum { N = 100 };
    struct provmap_in_provision *in = calloc(N, sizeof *in);
    struct provmap_provision *pr = calloc(N + 6, sizeof *pr);
    size_t *idx = calloc(N, sizeof *idx);
    assert_true(in && pr && idx);
    memcpy(pr, f->prov, 6 * sizeof *pr);
    for (size_t i = 0; i < N; i++) {
        in[i] = (struct provmap_in_provision){ .id = 100 + (int64_t)i,
                                               .name = "Circle time",
                                               .tier = "universal" };
        pr[6 + i] = (struct provmap_provision){ .in = &in[i] };
        idx[i] = 6 + i;
    }
    f->m.provisions = pr;
    f->m.n_provisions = N + 6;
    f->m.tiers[TIER_UNIVERSAL].provision_idx = idx;
    f->m.tiers[TIER_UNIVERSAL].n_provision_idx = N;
    f->m.tiers[TIER_UNIVERSAL].provisions = N;
    assert_true(provmapdocs_height(&f->m, PROVMAPDOCS_PYRAMID, PROVMAPDOCS_WIDTH) > h0 + 200);
    struct scan s;
    scan_svg(f, PROVMAPDOCS_PYRAMID, &s);
    assert_non_null(strstr(buf_str(&s.texts), " more\n"));
    assert_true(has_line(&s.texts, "100 provisions"));
    scan_release(&s);
    free(in);
    free(pr);
    free(idx);
    fixture_free(f);
}

static void grid_shows_a_gap_in_words_and_pattern(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    struct scan s;
    scan_svg(f, PROVMAPDOCS_GRID, &s);
    assert_true(has_line(&s.titles, "Framework coverage"));
    assert_true(has_line(&s.texts, "KidsMatter"));
    assert_true(has_line(&s.texts, "Working with parents and carers"));
    assert_true(has_line(&s.texts, "Gap: no provision mapped yet"));
    assert_true(has_line(&s.titles, "Working with parents and carers: a gap, no provision "
                                    "mapped yet"));
    /* Only one component is a gap. */
    const char *t = buf_str(&s.texts), *p = strstr(t, "Gap:");
    assert_non_null(p);
    assert_null(strstr(p + 1, "Gap:"));
    assert_true(has_line(&s.texts, "2 provisions"));
    assert_true(s.patterns >= 2);
    scan_release(&s);
    /* No framework: said in words. */
    f->m.n_components = 0;
    scan_svg(f, PROVMAPDOCS_GRID, &s);
    assert_non_null(strstr(buf_str(&s.texts), "No framework chosen yet"));
    scan_release(&s);
    fixture_free(f);
}

static void cost_bar_labels_amounts_and_per_pupil(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    struct scan s;
    scan_svg(f, PROVMAPDOCS_COST, &s);
    assert_true(has_line(&s.titles, "Cost by tier"));
    /* 1500 + 1240.50 + 600 = 3340.50 */
    assert_true(has_line(&s.texts, "Projected cost in total: \xC2\xA3"
                                   "3,340.50"));
    assert_true(has_line(&s.texts, "\xC2\xA3"
                                   "1,500"));
    assert_true(has_line(&s.texts, "Universal: \xC2\xA3"
                                   "1,500, \xC2\xA3"
                                   "7.50 a pupil "
                                   "(200 reached)"));
    assert_true(has_line(&s.texts, "Indicated: \xC2\xA3"
                                   "600, \xC2\xA3"
                                   "120 a pupil "
                                   "(5 reached)"));
    assert_true(s.patterns >= 3);
    scan_release(&s);
    /* No cost at all, and a tier with nobody enrolled. */
    for (int t = 0; t < TIER_N; t++) {
        f->m.tiers[t].cost = 0;
        f->m.tiers[t].cost_per_pupil = -1;
    }
    f->m.cost_total = 0;
    scan_svg(f, PROVMAPDOCS_COST, &s);
    assert_true(has_line(&s.texts, "No costs recorded yet"));
    assert_true(has_line(&s.texts, "Selected: \xC2\xA3"
                                   "0, no pupils reached"));
    scan_release(&s);
    fixture_free(f);
}

static void descriptions_state_the_data(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    const char *d = provmapdocs_describe(&f->a, &f->m, PROVMAPDOCS_PYRAMID);
    assert_non_null(strstr(d, "Indicated: 5 pupils, 2 provisions (Drawing and Talking"));
    d = provmapdocs_describe(&f->a, &f->m, PROVMAPDOCS_GRID);
    assert_non_null(strstr(d, "4 components, 1 gap."));
    assert_non_null(strstr(d, "Working with parents and carers: gap."));
    assert_string_equal(provmapdocs_score_label(-2), "much less than expected");
    assert_string_equal(provmapdocs_score_label(2), "much more than expected");
    assert_string_equal(provmapdocs_score_label(3), "");
    assert_string_equal(provmapdocs_money(&f->a, 120000), "\xC2\xA3"
                                                          "1,200");
    assert_string_equal(provmapdocs_money(&f->a, 84050), "\xC2\xA3"
                                                         "840.50");
    fixture_free(f);
}

static void pdf_and_png(void **state)
{
    (void)state;
    struct fixture *f = fixture_new();
    struct buf b;
    buf_init(&b, 32u << 20);
    struct err e;
    err_clear(&e);
    struct review_summary lines[] = {
        { .name = "Lego therapy",
          .pupils = 6,
          .reviewed = 4,
          .mean = 0.75,
          .counts = { 0, 0, 1, 3, 0 } },
    };
    struct provmapdocs_extra x = { .reviews = lines, .n_reviews = 1, .reviews_due = 2 };
    int rc = provmapdocs_map_pdf(&b, &f->a, &f->m, &x, &e);
    if (rc)
        fail_msg("provmapdocs_map_pdf: %s", e.msg);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF", 4);
    buf_reset(&b);
    /* No reviews, no provisions, no frameworks: still a document. */
    struct provmap empty = { .school_name = "Empty School", .as_of = "2026-01-15" };
    assert_int_equal(provmapdocs_map_pdf(&b, &f->a, &empty, NULL, &e), 0);
    assert_memory_equal(b.data, "%PDF", 4);
    buf_reset(&b);
    rc = provmapdocs_map_png(&b, &f->m, &e);
    if (rc)
        fail_msg("provmapdocs_map_png: %s", e.msg);
    assert_true(b.len > 8);
    assert_memory_equal(b.data, "\x89PNG\r\n\x1a\n", 8);
    /* PROVMAPDOCS_OUT=dir keeps the picture, to look at. */
    const char *dir = getenv("PROVMAPDOCS_OUT");
    if (dir) {
        char path[512];
        snprintf(path, sizeof path, "%s/provision-map.png", dir);
        FILE *fp = fopen(path, "wb");
        if (fp) {
            fwrite(b.data, 1, b.len, fp);
            fclose(fp);
        }
    }
    buf_release(&b);
    fixture_free(f);
}

static void pupil_pdf(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a, 8u << 20);
    struct provision prov = { .id = 3,
                              .name = LONG_NAME,
                              .tier = "selected",
                              .evidence_rating = "moderate",
                              .start_date = "2025-09-01" };
    struct enrolment en = {
        .provision_id = 3, .pupil_id = 9, .consent = CONSENT_GIVEN, .enrolled_on = "2025-09-08"
    };
    struct review rv[2] = {
        { .score = 1, .note = HOSTILE, .reviewer = "Helen Price", .reviewed_on = "2025-12-01" },
        { .score = -2, .reviewer = "Priya Nair", .reviewed_on = "2026-01-10" },
    };
    struct pupilprov_item items[2] = {
        { .provision = &prov,
          .enrolment = &en,
          .current = true,
          .has_dosage = true,
          .attended = 7,
          .held = 8,
          .planned = 10,
          .hours = 10.5,
          .dosage_status = "on_track",
          .reviews = rv,
          .n_reviews = 2 },
        { .provision = &prov, .enrolment = &en, .sessions = 6, .session_minutes = 30 },
    };
    struct involvement iv = { .service = "camhs",
                              .service_label = "CAMHS",
                              .referred_on = "2025-10-01",
                              .asked = "Advice on anxiety",
                              .status = INV_ACCEPTED,
                              .status_on = "2025-10-20",
                              .timescale_days = 84,
                              .days_taken = 97,
                              .waiting = true,
                              .past_timescale = true };
    struct pupilprov pp = { .pupil_id = 9,
                            .pupil_name = "Amira Khan",
                            .legal_name = "Amira Khan",
                            .upn = "A123456789012",
                            .dob = "2017-03-14",
                            .nc_year = "4",
                            .school_name = "Meadowbank Primary School",
                            .as_of = "2026-01-15",
                            .items = items,
                            .n_items = 2,
                            .involvements = &iv,
                            .n_involvements = 1 };
    struct buf b;
    buf_init(&b, 32u << 20);
    struct err e;
    err_clear(&e);
    int rc = provmapdocs_pupil_pdf(&b, &a, &pp, &e);
    if (rc)
        fail_msg("provmapdocs_pupil_pdf: %s", e.msg);
    assert_true(b.len > 1000);
    assert_memory_equal(b.data, "%PDF", 4);
    /* A child with nothing recorded still gets a record that says so. */
    buf_reset(&b);
    struct pupilprov none = { .pupil_name = "Sam Lee", .as_of = "2026-01-15" };
    assert_int_equal(provmapdocs_pupil_pdf(&b, &a, &none, &e), 0);
    assert_memory_equal(b.data, "%PDF", 4);
    buf_release(&b);
    arena_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pyramid_labels_tiers_and_wraps_long_names),
        cmocka_unit_test(pyramid_grows_with_long_names),
        cmocka_unit_test(pyramid_grows_and_says_how_many_more),
        cmocka_unit_test(grid_shows_a_gap_in_words_and_pattern),
        cmocka_unit_test(cost_bar_labels_amounts_and_per_pupil),
        cmocka_unit_test(descriptions_state_the_data),
        cmocka_unit_test(pdf_and_png),
        cmocka_unit_test(pupil_pdf),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    xmlCleanupParser();
    return rc;
}
