/* classes.h - classes (registration groups) and their key teachers: a lead
 * makes a teacher the key teacher of a whole class's pupils in conversation
 * scope (model/register/regclass.h says who follows and when). */
#ifndef MESO_PAGES_CLASSES_H
#define MESO_PAGES_CLASSES_H

#include "http/request.h"
#include "http/response.h"

int page_classes(struct request *req, struct response *res);
int page_class(struct request *req, struct response *res);
int page_class_post(struct request *req, struct response *res);

#endif
