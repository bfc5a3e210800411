/* imports.h - importing pupils and carers by upload in the browser (leads):
 * upload a MIS export, see how each column will be read (and say which
 * column is which, remembered for the school), the rows to add, change and
 * leave alone and every problem with its line, column and reason; nothing
 * is written until the lead confirms (model/register/import.h,
 * importupload.h). */
#ifndef MESO_PAGES_IMPORTS_H
#define MESO_PAGES_IMPORTS_H

#include "http/request.h"
#include "http/response.h"

int page_import(struct request *req, struct response *res);
int page_import_post(struct request *req, struct response *res);
int page_import_preview(struct request *req, struct response *res);
int page_import_columns(struct request *req, struct response *res);
int page_import_confirm(struct request *req, struct response *res);

#endif
