#include "pages/assets.h"

#include <stdio.h>
#include <string.h>

#include "core/assets.h"

/* Serve one embedded file with a content hash as its ETag, so browsers
 * revalidate cheaply (names are not content-hashed). */
static int serve(struct request *req, struct response *res, const char *name)
{
    const struct embed_file *f = name ? embed_find(web_assets, name) : NULL;
    if (!f)
        return ERR_NOTFOUND;
    uint64_t hash = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < f->len; i++)
        hash = (hash ^ f->data[i]) * 1099511628211ULL;
    char etag[24];
    snprintf(etag, sizeof etag, "\"%016llx\"", (unsigned long long)hash);
    res->cacheable = true;
    resp_header(res, "ETag", etag);
    const char *inm = req_header(req, "If-None-Match");
    if (inm && strcmp(inm, etag) == 0) {
        res->status = 304;
        return 0;
    }
    res->content_type = assets_content_type(f->name);
    res->static_body = f->data;
    res->static_len = f->len;
    return 0;
}

int page_asset(struct request *req, struct response *res)
{
    return serve(req, res, req_param(req, 0));
}

int page_favicon(struct request *req, struct response *res)
{
    return serve(req, res, "favicon.svg");
}
