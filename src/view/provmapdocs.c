#include "view/provmapdocs.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "io/canvas.h"
#include "io/canvas_cairo.h"
#include "io/canvas_svg.h"
#include "model/provision/provision.h"

/* ---- shared ------------------------------------------------------------- */

#define MARGIN 8.0

/* Tiers from the top of the pyramid down. */
static const int top_down[TIER_N] = { TIER_INDICATED, TIER_SELECTED, TIER_UNIVERSAL };

int provmapdocs_top_down(int b)
{
    return top_down[b];
}

const char *const provmapdocs_tier_names[TIER_N] = { "Universal", "Selected", "Indicated" };
static const char *const tier_words[TIER_N] = { "every child", "groups at raised risk",
                                                "individual needs" };

/* Each tier's look: a tint and its own hatch, so tiers differ without
 * colour. */
static struct canvas_style tier_style(int tier)
{
    static const uint32_t tints[TIER_N] = { CANVAS_TINT_GREEN, CANVAS_TINT_BLUE,
                                            CANVAS_TINT_ORANGE };
    static const enum canvas_hatch hatches[TIER_N] = { CANVAS_HATCH_DOTS, CANVAS_HATCH_DIAG,
                                                       CANVAS_HATCH_CROSS };
    return (struct canvas_style){ .fill = tints[tier],
                                  .stroke = CANVAS_GREY_DARK,
                                  .hatch = hatches[tier],
                                  .hatch_color = CANVAS_RGB(0xB8B8B8) };
}

/* "£1,234" (whole pounds) or "£1,234.50". */
static void money(int64_t pence, char *out, size_t cap)
{
    provision_money(pence, out, cap);
    size_t n = strlen(out);
    if (n > 3 && !strcmp(out + n - 3, ".00"))
        out[n - 3] = '\0';
}

const char *provmapdocs_money(struct arena *a, int64_t pence)
{
    char m[40];
    money(pence, m, sizeof m);
    const char *s = arena_strdup(a, m);
    return s ? s : "";
}

const char *provmapdocs_score_label(int score)
{
    static const char *const labels[] = { "much less than expected", "less than expected",
                                          "as expected", "more than expected",
                                          "much more than expected" };
    return score >= -2 && score <= 2 ? labels[score + 2] : "";
}

static const char *plural(int n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* ---- wrapping names ---------------------------------------------------------
 * Names are never shortened (issue 13): a name wraps at spaces onto as many
 * lines as it needs, and a word too long for a line is broken between
 * characters. Where to wrap comes from canvas_text_width_estimate(), not a
 * canvas, so the layout (and a picture's height) is known before drawing and
 * is the same in every backend; WRAP_SLACK leaves room for a real font a
 * little wider than the estimate. */

#define WRAP_SLACK 1.1
#define LINE_H     15.0 /* a line of 12-unit text */
#define TEXT_SIZE  12.0 /* the smallest text in these pictures */

/* Bytes of s that make its first line within maxw (a newline always ends
 * a line). */
static size_t wrap_take(const char *s, const struct canvas_font *f, double maxw)
{
    char part[600];
    size_t len = strlen(s), fit = 0, at_space = 0;
    while (fit < len && s[fit] != '\n') {
        size_t next = fit + 1;
        while (next < len && ((unsigned char)s[next] & 0xC0) == 0x80)
            next++;
        if (next >= sizeof part)
            break;
        memcpy(part, s, next);
        part[next] = '\0';
        if (canvas_text_width_estimate(part, f) * WRAP_SLACK > maxw && fit > 0)
            break;
        fit = next;
        if (s[fit] == ' ')
            at_space = fit;
    }
    if (fit >= len || s[fit] == '\n')
        return fit;
    return at_space ? at_space : fit;
}

/* Draws s wrapped to maxw with its first line's middle at y and each next
 * line LINE_H lower (when c is not NULL); returns the number of lines. */
static int wrap_text(struct canvas *c, double x, double y, const char *s, double maxw,
                     const struct canvas_font *f)
{
    int lines = 0;
    s = s ? s : "";
    while (*s == ' ')
        s++;
    while (*s) {
        size_t take = wrap_take(s, f, maxw);
        if (take == 0 && *s != '\n') /* cannot happen: one character always fits a line */
            break;
        if (c) {
            char part[600];
            snprintf(part, sizeof part, "%.*s", (int)take, s);
            canvas_text(c, x, y + LINE_H * lines, part, f);
        }
        lines++;
        s += take;
        if (*s == '\n')
            s++;
        while (*s == ' ')
            s++;
    }
    return lines ? lines : 1;
}

/* ---- the pyramid ---------------------------------------------------------- */

#define PYR_BOX_W    132.0
#define PYR_BOX_PAD  6.0 /* above and below a box's text */
#define PYR_GAP      6.0
#define PYR_INSET    12.0
#define PYR_PAD_TOP  12.0
#define PYR_PAD_BOT  10.0
#define PYR_MIN_H    64.0
#define PYR_MAX_ROWS 12
#define PYR_LEGEND_H 30.0

static const struct canvas_font box_font = { .size = TEXT_SIZE,
                                             .anchor = CANVAS_MIDDLE,
                                             .valign = CANVAS_CAP_MIDDLE };

/* The pyramid's width fraction at the top of each band (top down) and at
 * the bottom of the last. */
static const double pyr_frac[TIER_N + 1] = { 0.48, 0.70, 0.86, 1.0 };

struct pyr_layout {
    double labw, pw;                    /* label column, pyramid width */
    double top[TIER_N], h[TIER_N];      /* by band, top down */
    int per_row[TIER_N], rows[TIER_N];  /* boxes in a row, rows */
    double row_h[TIER_N][PYR_MAX_ROWS]; /* each row's height (its tallest box) */
    size_t shown[TIER_N], more[TIER_N]; /* boxes drawn; left out ("+N more") */
    double legend_top, height;
};

/* The text of the i-th box of band b. */
static const char *pyr_label(const struct provmap *m, const struct pyr_layout *L, int b, size_t i,
                             char *buf, size_t cap)
{
    const struct provmap_tier *t = &m->tiers[top_down[b]];
    if (i < L->shown[b]) {
        const char *name = m->provisions[t->provision_idx[i]].in->name;
        return name ? name : "";
    }
    snprintf(buf, cap, "and %zu more", L->more[b]);
    return buf;
}

static void pyr_layout(const struct provmap *m, double w, struct pyr_layout *L)
{
    memset(L, 0, sizeof *L);
    L->labw = w * 0.24 < 170 ? w * 0.24 : 170;
    L->pw = w - L->labw - 2 * MARGIN;
    double y = MARGIN;
    for (int b = 0; b < TIER_N; b++) {
        const struct provmap_tier *t = &m->tiers[top_down[b]];
        double avail = pyr_frac[b] * L->pw - 2 * PYR_INSET;
        int k = (int)((avail + PYR_GAP) / (PYR_BOX_W + PYR_GAP));
        L->per_row[b] = k < 1 ? 1 : k;
        size_t n = t->n_provision_idx, cap = (size_t)L->per_row[b] * PYR_MAX_ROWS;
        if (n > cap) {
            L->shown[b] = cap - 1;
            L->more[b] = n - (cap - 1);
        } else {
            L->shown[b] = n;
        }
        size_t boxes = L->shown[b] + (L->more[b] ? 1 : 0);
        L->rows[b] = boxes ? (int)((boxes + (size_t)L->per_row[b] - 1) / (size_t)L->per_row[b]) : 1;
        double h = PYR_PAD_TOP + PYR_PAD_BOT - PYR_GAP;
        for (int r = 0; r < L->rows[b]; r++) {
            int lines = 1;
            for (size_t i = (size_t)r * (size_t)L->per_row[b];
                 i < boxes && i < (size_t)(r + 1) * (size_t)L->per_row[b]; i++) {
                char buf[40];
                int n_lines = wrap_text(NULL, 0, 0, pyr_label(m, L, b, i, buf, sizeof buf),
                                        PYR_BOX_W - 10, &box_font);
                lines = n_lines > lines ? n_lines : lines;
            }
            L->row_h[b][r] = lines * LINE_H + 2 * PYR_BOX_PAD - (LINE_H - TEXT_SIZE);
            h += L->row_h[b][r] + PYR_GAP;
        }
        L->top[b] = y;
        L->h[b] = h < PYR_MIN_H ? PYR_MIN_H : h;
        y += L->h[b];
    }
    L->legend_top = y + 10;
    L->height = L->legend_top + PYR_LEGEND_H;
}

/* What the pyramid shows, in words. */
static void pyr_describe(const struct provmap *m, char *out, size_t cap)
{
    size_t n = 0;
    n += (size_t)snprintf(out + n, cap - n, "%d pupils on roll.", m->pupils_on_roll);
    for (int b = 0; b < TIER_N && n < cap; b++) {
        int tier = top_down[b];
        const struct provmap_tier *t = &m->tiers[tier];
        n += (size_t)snprintf(out + n, cap - n, " %s: %d %s, %d %s", provmapdocs_tier_names[tier],
                              t->pupils, plural(t->pupils, "pupil", "pupils"), t->provisions,
                              plural(t->provisions, "provision", "provisions"));
        for (size_t i = 0; i < t->n_provision_idx && n < cap; i++)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? ", " : " (",
                                  m->provisions[t->provision_idx[i]].in->name);
        if (n < cap)
            n += (size_t)snprintf(out + n, cap - n, "%s.", t->n_provision_idx ? ")" : "");
    }
}

static void draw_pyramid(struct canvas *c, const struct provmap *m, double x0, double y0, double w)
{
    struct pyr_layout L;
    pyr_layout(m, w, &L);
    char desc[4096];
    pyr_describe(m, desc, sizeof desc);
    canvas_group_begin(c, provmapdocs_title(PROVMAPDOCS_PYRAMID), desc);
    double cx = x0 + MARGIN + L.pw / 2;
    for (int b = 0; b < TIER_N; b++) {
        int tier = top_down[b];
        const struct provmap_tier *t = &m->tiers[tier];
        double top = y0 + L.top[b], bot = top + L.h[b];
        double wt = pyr_frac[b] * L.pw / 2, wb = pyr_frac[b + 1] * L.pw / 2;
        char title[160], sub[80];
        snprintf(title, sizeof title, "%s tier: %d %s, %d %s", provmapdocs_tier_names[tier],
                 t->pupils, plural(t->pupils, "pupil", "pupils"), t->provisions,
                 plural(t->provisions, "provision", "provisions"));
        canvas_group_begin(c, title, tier_words[tier]);
        struct canvas_style st = tier_style(tier);
        struct canvas_point pts[4] = {
            { cx - wt, top }, { cx + wt, top }, { cx + wb, bot }, { cx - wb, bot }
        };
        canvas_polygon(c, pts, 4, &st);
        /* The label beside the band. */
        double lx = x0 + MARGIN + L.pw + 14, my = (top + bot) / 2;
        canvas_text(c, lx, my - 17, provmapdocs_tier_names[tier],
                    &(struct canvas_font){ .size = 14, .bold = true, .valign = CANVAS_CAP_MIDDLE });
        snprintf(sub, sizeof sub, "%d %s", t->pupils, plural(t->pupils, "pupil", "pupils"));
        canvas_text(c, lx, my + 1, sub,
                    &(struct canvas_font){ .size = 12.5, .valign = CANVAS_CAP_MIDDLE });
        snprintf(sub, sizeof sub, "%d %s", t->provisions,
                 plural(t->provisions, "provision", "provisions"));
        canvas_text(c, lx, my + 18, sub,
                    &(struct canvas_font){ .size = 12.5, .valign = CANVAS_CAP_MIDDLE });
        /* The boxes, centred in rows, each as tall as its row. */
        size_t boxes = L.shown[b] + (L.more[b] ? 1 : 0);
        if (!boxes)
            canvas_text(c, cx, top + L.h[b] / 2, "None at this tier yet",
                        &(struct canvas_font){ .size = TEXT_SIZE,
                                               .italic = true,
                                               .anchor = CANVAS_MIDDLE,
                                               .valign = CANVAS_CAP_MIDDLE,
                                               .halo = CANVAS_WHITE });
        double by = top + PYR_PAD_TOP;
        for (size_t i = 0; i < boxes; i++) {
            size_t row = i / (size_t)L.per_row[b], col = i % (size_t)L.per_row[b];
            if (col == 0 && row > 0)
                by += L.row_h[b][row - 1] + PYR_GAP;
            size_t in_row = boxes - row * (size_t)L.per_row[b];
            if (in_row > (size_t)L.per_row[b])
                in_row = (size_t)L.per_row[b];
            double rw = (double)in_row * (PYR_BOX_W + PYR_GAP) - PYR_GAP;
            double bx = cx - rw / 2 + (double)col * (PYR_BOX_W + PYR_GAP);
            double bh = L.row_h[b][row];
            char more[40], gtitle[700], gdesc[200];
            const char *label = pyr_label(m, &L, b, i, more, sizeof more);
            bool evidence = true;
            if (i < L.shown[b]) {
                const struct provmap_provision *p = &m->provisions[t->provision_idx[i]];
                evidence = p->evidence_informed;
                snprintf(gtitle, sizeof gtitle, "%s", label);
                snprintf(gdesc, sizeof gdesc, "%s tier; %d %s taking part; %s",
                         provmapdocs_tier_names[tier], p->pupils,
                         plural(p->pupils, "pupil", "pupils"),
                         evidence ? "evidence-informed" : "evidence limited or not recorded");
            } else {
                snprintf(gtitle, sizeof gtitle, "%zu more provisions at this tier", L.more[b]);
                snprintf(gdesc, sizeof gdesc, "Listed in the table of provisions");
            }
            canvas_group_begin(c, gtitle, gdesc);
            canvas_rect(c, bx, by, PYR_BOX_W, bh,
                        &(struct canvas_style){ .fill = CANVAS_WHITE,
                                                .stroke = CANVAS_INK,
                                                .stroke_width = evidence ? 1.5 : 1.2,
                                                .dash = evidence ? 0 : 4 });
            int lines = wrap_text(NULL, 0, 0, label, PYR_BOX_W - 10, &box_font);
            wrap_text(c, bx + PYR_BOX_W / 2, by + bh / 2 - LINE_H * (lines - 1) / 2.0, label,
                      PYR_BOX_W - 10, &box_font);
            canvas_group_end(c);
        }
        canvas_group_end(c);
    }
    /* The legend of outlines. */
    struct canvas_font lf = { .size = TEXT_SIZE, .valign = CANVAS_CAP_MIDDLE };
    double ly = y0 + L.legend_top;
    double lw = canvas_legend_item(
        c, x0 + MARGIN, ly,
        &(struct canvas_style){ .fill = CANVAS_WHITE, .stroke = CANVAS_INK, .stroke_width = 1.5 },
        "Evidence-informed", &lf);
    canvas_legend_item(
        c, x0 + MARGIN + lw + 24, ly,
        &(struct canvas_style){
            .fill = CANVAS_WHITE, .stroke = CANVAS_INK, .stroke_width = 1.2, .dash = 3 },
        "Evidence limited or not recorded", &lf);
    canvas_group_end(c);
}

/* ---- the coverage grid ------------------------------------------------------ */

#define GRID_HEAD_H 30.0
#define GRID_PAD    8.0 /* above and below a row's text */

struct grid_cols {
    double left, inner, col0, colw;
};

static struct grid_cols grid_cols(double x0, double w)
{
    struct grid_cols g = { .left = x0 + MARGIN, .inner = w - 2 * MARGIN };
    g.col0 = g.inner * 0.32 < 150 ? 150 : g.inner * 0.32;
    g.colw = (g.inner - g.col0) / TIER_N;
    return g;
}

int provmapdocs_tier_index(const char *tier)
{
    for (int t = 0; t < TIER_N; t++)
        if (tier && !strcmp(tier, provision_tiers[t]))
            return t;
    return TIER_UNIVERSAL;
}

static const struct canvas_font grid_font = { .size = TEXT_SIZE, .valign = CANVAS_CAP_MIDDLE };
static const struct canvas_font grid_bold = { .size = TEXT_SIZE,
                                              .bold = true,
                                              .valign = CANVAS_CAP_MIDDLE };

/* The names of a component's provisions at tier t, one a line (each after a
 * bullet when there are several, so a wrapped name reads as one), and how
 * many. */
static int cell_names(const struct provmap *m, const struct provmap_component *pc, int t,
                      char *names, size_t cap)
{
    int count = 0;
    for (size_t j = 0; j < pc->n_provision_idx; j++)
        count += provmapdocs_tier_index(m->provisions[pc->provision_idx[j]].in->tier) == t;
    size_t nn = 0;
    names[0] = '\0';
    bool first = true;
    for (size_t j = 0; j < pc->n_provision_idx && nn < cap; j++) {
        const struct provmap_provision *p = &m->provisions[pc->provision_idx[j]];
        if (provmapdocs_tier_index(p->in->tier) != t)
            continue;
        nn += (size_t)snprintf(names + nn, cap - nn, "%s%s%s", first ? "" : "\n",
                               count > 1 ? "\xE2\x80\xA2 " : "", p->in->name);
        first = false;
    }
    return count;
}

/* Lines in the i-th component's row: its wrapped name, or a cell's count and
 * wrapped names, whichever is taller. */
static int grid_row_lines(const struct provmap *m, size_t i, struct grid_cols g)
{
    const struct provmap_component *pc = &m->components[i];
    int lines = wrap_text(NULL, 0, 0, pc->in->name, g.col0 - 10, &grid_font);
    for (int t = 0; t < TIER_N; t++) {
        char names[600];
        if (cell_names(m, pc, t, names, sizeof names)) {
            int n = 1 + wrap_text(NULL, 0, 0, names, g.colw - 14, &grid_font);
            lines = n > lines ? n : lines;
        }
    }
    return lines;
}

static double grid_row_h(int lines)
{
    return lines * LINE_H + 2 * GRID_PAD;
}

static double grid_fw_h(const char *name, struct grid_cols g)
{
    return wrap_text(NULL, 0, 0, name, g.inner - 10, &grid_bold) * LINE_H + 10;
}

static double grid_height(const struct provmap *m, double w)
{
    struct grid_cols g = grid_cols(0, w);
    double h = MARGIN + GRID_HEAD_H;
    if (!m->n_components)
        return h + grid_row_h(2) + MARGIN;
    const char *fw = NULL;
    for (size_t i = 0; i < m->n_components; i++) {
        const struct provmap_in_component *c = m->components[i].in;
        if (!fw || strcmp(fw, c->framework_key)) {
            h += grid_fw_h(c->framework_name, g);
            fw = c->framework_key;
        }
        h += grid_row_h(grid_row_lines(m, i, g));
    }
    return h + MARGIN;
}

static void grid_describe(const struct provmap *m, char *out, size_t cap)
{
    size_t n = 0;
    if (!m->n_components) {
        snprintf(out, cap, "No framework has been chosen yet.");
        return;
    }
    n += (size_t)snprintf(out, cap, "%zu components, %zu %s.", m->n_components, m->n_gaps,
                          plural((int)m->n_gaps, "gap", "gaps"));
    for (size_t i = 0; i < m->n_components && n < cap; i++) {
        const struct provmap_component *pc = &m->components[i];
        n += (size_t)snprintf(out + n, cap - n, " %s, %s: ", pc->in->framework_name, pc->in->name);
        if (!pc->n_provision_idx && n < cap)
            n += (size_t)snprintf(out + n, cap - n, "gap.");
        for (size_t j = 0; j < pc->n_provision_idx && n < cap; j++)
            n += (size_t)snprintf(out + n, cap - n, "%s%s", j ? ", " : "",
                                  m->provisions[pc->provision_idx[j]].in->name);
        if (pc->n_provision_idx && n < cap)
            n += (size_t)snprintf(out + n, cap - n, ".");
    }
}

static void draw_grid(struct canvas *c, const struct provmap *m, double x0, double y0, double w)
{
    char desc[4096];
    grid_describe(m, desc, sizeof desc);
    canvas_group_begin(c, provmapdocs_title(PROVMAPDOCS_GRID), desc);
    struct grid_cols g = grid_cols(x0, w);
    double left = g.left, inner = g.inner, col0 = g.col0, colw = g.colw;
    double y = y0 + MARGIN;
    struct canvas_font head = { .size = 12.5, .bold = true, .valign = CANVAS_CAP_MIDDLE };
    struct canvas_style line = { .stroke = CANVAS_GREY_LIGHT };
    canvas_text(c, left + 4, y + GRID_HEAD_H / 2, "Component", &head);
    for (int t = 0; t < TIER_N; t++) {
        struct canvas_style st = tier_style(t);
        double cx = left + col0 + colw * t;
        canvas_rect(c, cx + 2, y + 8, 14, 14, &st);
        canvas_text(c, cx + 22, y + GRID_HEAD_H / 2, provmapdocs_tier_names[t], &head);
    }
    y += GRID_HEAD_H;
    canvas_line(c, left, y, left + inner, y,
                &(struct canvas_style){ .stroke = CANVAS_GREY_DARK, .stroke_width = 1.5 });
    if (!m->n_components) {
        wrap_text(c, left + 4, y + GRID_PAD + LINE_H / 2,
                  "No framework chosen yet: a lead can choose the school's frameworks.", inner - 8,
                  &grid_font);
        canvas_group_end(c);
        return;
    }
    const char *fw = NULL;
    for (size_t i = 0; i < m->n_components; i++) {
        const struct provmap_component *pc = &m->components[i];
        const struct provmap_in_component *ic = pc->in;
        if (!fw || strcmp(fw, ic->framework_key)) {
            fw = ic->framework_key;
            double fh = grid_fw_h(ic->framework_name, g);
            canvas_rect(c, left, y, inner, fh, &(struct canvas_style){ .fill = CANVAS_TINT_GREY });
            wrap_text(c, left + 4, y + 5 + LINE_H / 2, ic->framework_name, inner - 10, &grid_bold);
            y += fh;
        }
        double rh = grid_row_h(grid_row_lines(m, i, g));
        double ty = y + GRID_PAD + LINE_H / 2; /* the middle of the first line */
        char title[400];
        snprintf(title, sizeof title, "%s: %s", ic->name,
                 pc->n_provision_idx ? "provision mapped" : "a gap, no provision mapped yet");
        canvas_group_begin(c, title, NULL);
        wrap_text(c, left + 4, ty, ic->name, col0 - 10, &grid_font);
        if (!pc->n_provision_idx) {
            /* A gap: hatched, and said in words. */
            canvas_rect(c, left + col0 + 1, y + 3, colw * TIER_N - 2, rh - 6,
                        &(struct canvas_style){ .fill = CANVAS_TINT_YELLOW,
                                                .stroke = CANVAS_GREY_DARK,
                                                .hatch = CANVAS_HATCH_BACKDIAG,
                                                .hatch_color = CANVAS_GREY_LIGHT });
            canvas_text(c, left + col0 + colw * TIER_N / 2, y + rh / 2,
                        "Gap: no provision mapped yet",
                        &(struct canvas_font){ .size = TEXT_SIZE,
                                               .bold = true,
                                               .anchor = CANVAS_MIDDLE,
                                               .valign = CANVAS_CAP_MIDDLE,
                                               .halo = CANVAS_WHITE });
        } else {
            for (int t = 0; t < TIER_N; t++) {
                double cx = left + col0 + colw * t;
                char names[600];
                int count = cell_names(m, pc, t, names, sizeof names);
                if (!count) {
                    canvas_text(c, cx + 6, ty, "None",
                                &(struct canvas_font){ .size = TEXT_SIZE,
                                                       .color = CANVAS_GREY,
                                                       .valign = CANVAS_CAP_MIDDLE });
                    continue;
                }
                struct canvas_style st = tier_style(t);
                canvas_rect(c, cx + 1, y + 3, colw - 2, rh - 6, &st);
                char head_txt[40];
                snprintf(head_txt, sizeof head_txt, "%d %s", count,
                         plural(count, "provision", "provisions"));
                struct canvas_font hb = grid_bold, hf = grid_font;
                hb.halo = hf.halo = CANVAS_WHITE;
                canvas_text(c, cx + 7, ty, head_txt, &hb);
                wrap_text(c, cx + 7, ty + LINE_H, names, colw - 14, &hf);
            }
        }
        canvas_group_end(c);
        y += rh;
        canvas_line(c, left, y, left + inner, y, &line);
    }
    canvas_group_end(c);
}

/* ---- the cost bar ------------------------------------------------------------ */

#define COST_BAR_TOP 30.0
#define COST_BAR_H   44.0
#define COST_LEG_TOP 90.0
#define COST_LEG_H   22.0
#define COST_HEIGHT  (COST_LEG_TOP + TIER_N * COST_LEG_H + MARGIN)

static void cost_line(const struct provmap *m, int t, char *out, size_t cap)
{
    const struct provmap_tier *tr = &m->tiers[t];
    char amount[40], per[40];
    money(tr->cost, amount, sizeof amount);
    if (tr->cost_per_pupil >= 0) {
        money(tr->cost_per_pupil, per, sizeof per);
        snprintf(out, cap, "%s: %s, %s a pupil (%d reached)", provmapdocs_tier_names[t], amount,
                 per, tr->pupils);
    } else {
        snprintf(out, cap, "%s: %s, no pupils reached", provmapdocs_tier_names[t], amount);
    }
}

static void cost_describe(const struct provmap *m, char *out, size_t cap)
{
    char total[40];
    money(m->cost_total, total, sizeof total);
    size_t n = (size_t)snprintf(out, cap, "Projected cost in total: %s.", total);
    for (int t = 0; t < TIER_N && n < cap; t++) {
        char line[200];
        cost_line(m, t, line, sizeof line);
        n += (size_t)snprintf(out + n, cap - n, " %s.", line);
    }
}

static void draw_cost(struct canvas *c, const struct provmap *m, double x0, double y0, double w)
{
    char desc[1024], total[40], title[80];
    cost_describe(m, desc, sizeof desc);
    canvas_group_begin(c, provmapdocs_title(PROVMAPDOCS_COST), desc);
    double left = x0 + MARGIN, inner = w - 2 * MARGIN;
    money(m->cost_total, total, sizeof total);
    snprintf(title, sizeof title, "Projected cost in total: %s", total);
    canvas_text(c, left, y0 + 16, title,
                &(struct canvas_font){ .size = 12.5, .bold = true, .valign = CANVAS_CAP_MIDDLE });
    double by = y0 + COST_BAR_TOP;
    if (m->cost_total <= 0) {
        canvas_rect(c, left, by, inner, COST_BAR_H,
                    &(struct canvas_style){ .stroke = CANVAS_GREY_DARK, .dash = 4 });
        canvas_text(c, left + inner / 2, by + COST_BAR_H / 2, "No costs recorded yet",
                    &(struct canvas_font){
                        .size = TEXT_SIZE, .anchor = CANVAS_MIDDLE, .valign = CANVAS_CAP_MIDDLE });
    } else {
        double x = left;
        for (int t = 0; t < TIER_N; t++) {
            const struct provmap_tier *tr = &m->tiers[t];
            if (tr->cost <= 0)
                continue;
            double sw = inner * (double)tr->cost / (double)m->cost_total;
            char line[200], amount[40];
            cost_line(m, t, line, sizeof line);
            canvas_group_begin(c, line, NULL);
            struct canvas_style st = tier_style(t);
            st.stroke = CANVAS_INK;
            canvas_rect(c, x, by, sw, COST_BAR_H, &st);
            money(tr->cost, amount, sizeof amount);
            struct canvas_font f = { .size = TEXT_SIZE,
                                     .bold = true,
                                     .anchor = CANVAS_MIDDLE,
                                     .valign = CANVAS_CAP_MIDDLE,
                                     .halo = CANVAS_WHITE };
            if (canvas_text_width(c, amount, &f) + 8 < sw)
                canvas_text(c, x + sw / 2, by + COST_BAR_H / 2, amount, &f);
            canvas_group_end(c);
            x += sw;
        }
    }
    struct canvas_font lf = { .size = TEXT_SIZE, .valign = CANVAS_CAP_MIDDLE };
    for (int t = 0; t < TIER_N; t++) {
        char line[200];
        cost_line(m, t, line, sizeof line);
        struct canvas_style st = tier_style(t);
        canvas_legend_item(c, left, y0 + COST_LEG_TOP + t * COST_LEG_H, &st, line, &lf);
    }
    canvas_group_end(c);
}

/* ---- the public drawing functions ------------------------------------------ */

#define ALL_GAP 24.0

double provmapdocs_height(const struct provmap *m, enum provmapdocs_picture which, double width)
{
    double h = 200;
    switch (which) {
    case PROVMAPDOCS_PYRAMID: {
        struct pyr_layout L;
        pyr_layout(m, width, &L);
        h = L.height + MARGIN;
        break;
    }
    case PROVMAPDOCS_GRID:
        h = grid_height(m, width);
        break;
    case PROVMAPDOCS_COST:
        h = COST_HEIGHT;
        break;
    case PROVMAPDOCS_ALL:
        h = provmapdocs_height(m, PROVMAPDOCS_PYRAMID, width) + ALL_GAP +
            provmapdocs_height(m, PROVMAPDOCS_GRID, width) + ALL_GAP + COST_HEIGHT;
        break;
    }
    return h < 120 ? 120 : h;
}

int provmapdocs_pyramid(struct canvas *c, void *ctx)
{
    draw_pyramid(c, ctx, 0, 0, canvas_width(c));
    return 0;
}

int provmapdocs_grid(struct canvas *c, void *ctx)
{
    draw_grid(c, ctx, 0, 0, canvas_width(c));
    return 0;
}

int provmapdocs_cost(struct canvas *c, void *ctx)
{
    draw_cost(c, ctx, 0, 0, canvas_width(c));
    return 0;
}

int provmapdocs_all(struct canvas *c, void *ctx)
{
    const struct provmap *m = ctx;
    double w = canvas_width(c), y = 0;
    draw_pyramid(c, m, 0, y, w);
    y += provmapdocs_height(m, PROVMAPDOCS_PYRAMID, w) + ALL_GAP;
    draw_grid(c, m, 0, y, w);
    y += provmapdocs_height(m, PROVMAPDOCS_GRID, w) + ALL_GAP;
    draw_cost(c, m, 0, y, w);
    return 0;
}

const char *provmapdocs_title(enum provmapdocs_picture which)
{
    switch (which) {
    case PROVMAPDOCS_PYRAMID:
        return "The three tiers of provision";
    case PROVMAPDOCS_GRID:
        return "Framework coverage";
    case PROVMAPDOCS_COST:
        return "Cost by tier";
    case PROVMAPDOCS_ALL:
        break;
    }
    return "The provision map";
}

const char *provmapdocs_describe(struct arena *a, const struct provmap *m,
                                 enum provmapdocs_picture which)
{
    char d[4096];
    d[0] = '\0';
    switch (which) {
    case PROVMAPDOCS_PYRAMID:
        pyr_describe(m, d, sizeof d);
        break;
    case PROVMAPDOCS_GRID:
        grid_describe(m, d, sizeof d);
        break;
    case PROVMAPDOCS_COST:
        cost_describe(m, d, sizeof d);
        break;
    case PROVMAPDOCS_ALL:
        snprintf(d, sizeof d,
                 "The tiers as a pyramid, framework coverage as a grid and cost "
                 "as a bar.");
        break;
    }
    const char *s = arena_strdup(a, d);
    return s ? s : "";
}

static canvas_draw_fn draw_fn(enum provmapdocs_picture which)
{
    switch (which) {
    case PROVMAPDOCS_PYRAMID:
        return provmapdocs_pyramid;
    case PROVMAPDOCS_GRID:
        return provmapdocs_grid;
    case PROVMAPDOCS_COST:
        return provmapdocs_cost;
    case PROVMAPDOCS_ALL:
        break;
    }
    return provmapdocs_all;
}

int provmapdocs_svg(struct buf *out, struct arena *a, const struct provmap *m,
                    enum provmapdocs_picture which, const char *id_prefix, struct err *e)
{
    double w = PROVMAPDOCS_WIDTH;
    return canvas_svg_render(out, w, provmapdocs_height(m, which, w), provmapdocs_title(which),
                             provmapdocs_describe(a, m, which), id_prefix, draw_fn(which),
                             (void *)(uintptr_t)m, e);
}

int provmapdocs_map_png(struct buf *out, const struct provmap *m, struct err *e)
{
    double w = PROVMAPDOCS_WIDTH, h = provmapdocs_height(m, PROVMAPDOCS_ALL, w);
    double scale = 2;
    if (h * scale > CANVAS_PNG_MAX_PIXELS)
        scale = CANVAS_PNG_MAX_PIXELS / h;
    if (scale < 0.5)
        return err_set(e, ERR_LIMIT, "the map is too big for one picture; use the PDF");
    return canvas_png_mem(out, w, h, scale, provmapdocs_all, (void *)(uintptr_t)m, e);
}
