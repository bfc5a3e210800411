/* assets.h - the web assets embedded in the binary (docs/frontend.md).
 *
 * The Makefile builds build/assets/ (meso.css compiled from web/scss with
 * sass, app.js, govuk-frontend.min.js, favicon.svg) and embeds it as
 * web_assets[] in build/gen/assets.c. The server serves each entry at
 * /assets/NAME; find one with embed_find(web_assets, NAME).
 *
 * This file's functions do not refer to web_assets[] themselves, so core links
 * without the generated table (e.g. a fuzz harness built from all of src/core). */
#ifndef MESO_ASSETS_H
#define MESO_ASSETS_H

#include "core/embed.h"

/* Sorted by name, ended by a zeroed entry. Names have no directory part:
 * "app.js", "favicon.svg", "govuk-frontend.min.js", "meso.css". */
extern const struct embed_file web_assets[];

/* The Content-Type header value for a file name, chosen by its extension
 * (case-insensitive): text types carry "; charset=utf-8". Covers css, js,
 * mjs, svg, png, ico, woff2, woff, json, map, webmanifest and txt; anything
 * else, or a NULL or extension-less name, is "application/octet-stream".
 * Returns a static string, never NULL. */
const char *assets_content_type(const char *name);

#endif
