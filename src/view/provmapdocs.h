/* provmapdocs.h - the pictures and printable documents of the provision map
 * (model/provmap.h), drawn once through the canvas API (io/canvas.h) so the
 * same function gives the inline SVG of the web page, a picture in a PDF
 * and a PNG for governors' slides:
 *
 *   the pyramid      the three tiers as bands (indicated at the top), each
 *                    labelled with its tier, pupil count and number of
 *                    provisions, with every current provision as a box in
 *                    its band. A name too long for its box is shortened
 *                    with an ellipsis and a number, and the full name is
 *                    listed under that number in the key below, so nothing
 *                    is lost. A solid outline marks an evidence-informed
 *                    provision, a dashed one the others.
 *   the grid         framework coverage: each chosen framework's components
 *                    as rows, the tiers as columns, the number and names of
 *                    the current provisions mapped in each cell; a component
 *                    no provision is mapped to (a gap) is hatched and says
 *                    "Gap".
 *   the cost bar     the projected cost of each tier as one segment of a
 *                    bar, each with its amount; a legend gives the amount
 *                    and the cost per pupil enrolled at that tier.
 *
 * Every tier has its own hatch pattern as well as its tint, and every label
 * is text, so the pictures read in black and white. Each picture is one
 * group whose title and description say what it shows in words.
 *
 * The drawing functions are canvas_draw_fn: ctx is a const struct provmap *
 * (cast away const only because the type says void *). Their height depends
 * on the map: ask provmapdocs_height() for a given width.
 *
 * Two files implement this header: provmapdocs.c draws the pictures, and
 * provmapdocs_pdf.c writes the documents (the map as a PDF, a pupil's
 * provision record) and the words they share with the pages.
 */
#ifndef MESO_PROVMAPDOCS_H
#define MESO_PROVMAPDOCS_H

#include <stddef.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/provision/provmap.h"
#include "model/programmes/pupilprov.h"
#include "model/provision/review.h"

struct arena;
struct canvas;

enum provmapdocs_picture {
    PROVMAPDOCS_PYRAMID = 0,
    PROVMAPDOCS_GRID,
    PROVMAPDOCS_COST,
    PROVMAPDOCS_ALL, /* the three, one under another (the PNG) */
};

/* The width the pictures are laid out for on a page (user units). */
#define PROVMAPDOCS_WIDTH 760.0

/* The height picture `which` needs at width (at least 200). */
double provmapdocs_height(const struct provmap *m, enum provmapdocs_picture which, double width);

int provmapdocs_pyramid(struct canvas *c, void *ctx);
int provmapdocs_grid(struct canvas *c, void *ctx);
int provmapdocs_cost(struct canvas *c, void *ctx);
int provmapdocs_all(struct canvas *c, void *ctx);

/* A picture's title ("The three tiers of provision") and a description of
 * what it shows in words, for the SVG's <title>/<desc> and PDF captions (in
 * a; "" when memory runs out). */
const char *provmapdocs_title(enum provmapdocs_picture which);
const char *provmapdocs_describe(struct arena *a, const struct provmap *m,
                                 enum provmapdocs_picture which);

/* Append the picture as one inline <svg> element to out (id_prefix keeps
 * the pattern ids of several SVGs on one page apart). Returns 0 or the
 * canvas's error, with a message in e; out is left as it was on failure. */
int provmapdocs_svg(struct buf *out, struct arena *a, const struct provmap *m,
                    enum provmapdocs_picture which, const char *id_prefix, struct err *e);

/* The three pictures as one PNG (PROVMAPDOCS_WIDTH units wide, 2 pixels a
 * unit), appended to out. Returns 0 or the error from canvas_png_mem. */
int provmapdocs_map_png(struct buf *out, const struct provmap *m, struct err *e);

/* What the map's PDF adds when the caller has it (may be NULL). */
struct provmapdocs_extra {
    const struct review_summary *reviews; /* review_report(): outcomes per provision */
    size_t n_reviews;
    int reviews_due, reviews_overdue; /* pupils' reviews due, and past their date */
};

/* The provision map as an A4 PDF appended to out: the school, the date,
 * the key figures (pupils at each tier, evidence shares, total cost), the
 * three pictures with captions, then tables of provisions per tier,
 * components and gaps, overload (pupils' names), unmet need, external
 * involvements past their timescale and, when x gives them, reviews.
 * Returns 0 or pdfdoc's error with a message in e. */
int provmapdocs_map_pdf(struct buf *out, struct arena *a, const struct provmap *m,
                        const struct provmapdocs_extra *x, struct err *e);

/* A pupil's provision record (model/pupilprov.h) as an A4 PDF appended to
 * out, for a transfer to another school or an EHC needs assessment
 * request: the child, then every provision with its dates, tier, evidence,
 * attendance or dosage and reviews (score, words, reviewer, note), then the
 * involvement of outside services with what was asked, the status, the time
 * taken against the local timescale, and the advice. Returns 0 or pdfdoc's
 * error with a message in e. */
int provmapdocs_pupil_pdf(struct buf *out, struct arena *a, const struct pupilprov *pp,
                          struct err *e);

/* The words for the map's figures, one function each, so the page, the
 * PDF, the pictures and the command line say the same (the numbers come
 * from model/provision/provmap.h; each string is in a):
 *   reach note  how a provision reaches its pupils when it is not by
 *           enrolment: "every pupil on roll", "in FASTworks until 20
 *           October 2028: those who completed it"; NULL otherwise
 *   reach   the pupils it reaches with the note: "404, every pupil on roll"
 *   cost    what it counts for on the map: "£856", or "None now" in a
 *           follow-on (its sessions were costed while they ran)
 *   tier    "404 pupils reached, 3 provisions"
 *   per pupil  a tier's cost per pupil reached: "£6.36 a pupil (404
 *           reached)", or "no pupils reached" */
const char *provmapdocs_reach_note(struct arena *a, const struct provmap_provision *p);
const char *provmapdocs_reach_words(struct arena *a, const struct provmap_provision *p);
const char *provmapdocs_cost_words(struct arena *a, const struct provmap_provision *p);
const char *provmapdocs_tier_words(struct arena *a, const struct provmap_tier *t);
const char *provmapdocs_per_pupil_words(struct arena *a, const struct provmap_tier *t);

/* "20 October 2028" from "2028-10-20" (the input when it is not a date). */
const char *provmapdocs_long_date(struct arena *a, const char *iso);

/* "£1,234" style money without pence when whole pounds (in a). */
const char *provmapdocs_money(struct arena *a, int64_t pence);

/* The label of a review score -2..+2 ("much less than expected" ...
 * "much more than expected"); "" outside the range. */
const char *provmapdocs_score_label(int score);

/* Shared by the two files of this module. The tier names ("Universal",
 * "Selected", "Indicated") by enum provision_tier; the tier at band b
 * (0..TIER_N-1) from the top of the pyramid down; the index of a tier's
 * stored name (TIER_UNIVERSAL when unknown). */
extern const char *const provmapdocs_tier_names[TIER_N];
int provmapdocs_top_down(int b);
int provmapdocs_tier_index(const char *tier);

#endif
