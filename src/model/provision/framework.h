/* framework.h - frameworks that schools follow, kept as data: each a list of
 * components that provision maps onto (docs/provision-map.md).
 *
 * Built in (migration 0006): Achievement for All (afa: assessment,
 * conversations, wider-outcomes), KidsMatter (kidsmatter: community, sel,
 * parents, mental-health) and TaMHS (tamhs: child, parent, staff). A school
 * chooses one or more, and may add its own from a small text file:
 *
 *     meso-framework 1
 *     # a comment; blank lines are skipped
 *     key: nurture
 *     name: Nurture principles
 *     description: The six principles of nurture   (optional)
 *     component learning: Learning is understood developmentally
 *     component safe-base: The classroom offers a safe base
 *
 * The first line is exactly "meso-framework 1". key and name once each;
 * at least one and at most FW_MAX_COMPONENTS components, each with a key
 * unique in the file. Keys are 1-40 lower case letters, digits and hyphens;
 * names 1-200 bytes of UTF-8 without control characters. Parsing is strict
 * and pure: the first problem is reported as "FILE:LINE: reason" (or
 * "FILE: reason" for the whole file).
 *
 * A component is named across frameworks as "framework/component"
 * ("afa/conversations"). Functions that can fail return 0 or a negative
 * err_code and fill e; everything returned lives in the arena given.
 */
#ifndef MESO_FRAMEWORK_H
#define MESO_FRAMEWORK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct arena;
struct audit_entry;
struct db;

#define FW_FILE_MAX       (16 * 1024) /* bytes in a framework file */
#define FW_LINE_MAX       1000        /* bytes in one line */
#define FW_KEY_MAX        40
#define FW_NAME_MAX       200
#define FW_TEXT_MAX       2000 /* the description */
#define FW_MAX_COMPONENTS 50

struct framework_component {
    int64_t id; /* 0 until stored */
    const char *key, *name;
    int position; /* 1 first */
};

struct framework {
    int64_t id;        /* 0 until stored */
    int64_t school_id; /* 0: built in */
    const char *key, *name;
    const char *description; /* or NULL */
    struct framework_component *components;
    size_t n_components;
    bool chosen; /* filled by framework_list: the school has chosen it */
};

/* ---- pure --------------------------------------------------------------- */

/* Parse a framework file of len bytes (name is used in messages).
 * ERR_INPUT with "name:LINE: reason", or ERR_NOMEM. */
int framework_parse(struct arena *a, const char *name, const char *text, size_t len,
                    struct framework *out, struct err *e);

/* True when s is a valid key (1-40 of a-z, 0-9, '-'). */
bool framework_key_valid(const char *s);

/* Split "framework/component" into its keys (in a). ERR_INPUT when the form
 * is wrong. */
int framework_split_ref(struct arena *a, const char *ref, const char **fw_key,
                        const char **component_key, struct err *e);

/* ---- storage ------------------------------------------------------------ */

/* Read and parse a file, then add it as school_id's own framework. ERR_INPUT
 * for a malformed file, ERR_NOTFOUND when it cannot be read, ERR_CONFLICT
 * when the key is taken (by a built-in framework or the school's own). Sets
 * out (when not NULL). */
int framework_add_file(struct db *db, struct arena *a, int64_t school_id, const char *path,
                       const char *actor, struct framework *out, struct err *e);
/* The same from text already read. */
int framework_add(struct db *db, struct arena *a, int64_t school_id, const char *name,
                  const char *text, size_t len, const char *actor, struct framework *out,
                  struct err *e);

/* The frameworks a school can use, built-in ones first then its own (each
 * by key), with their components and whether the school has chosen each. */
int framework_list(struct db *db, struct arena *a, int64_t school_id, struct framework **out,
                   size_t *n, struct err *e);

/* The frameworks the school has chosen, in the order of framework_list. */
int framework_chosen(struct db *db, struct arena *a, int64_t school_id, struct framework **out,
                     size_t *n, struct err *e);

/* One framework by key (the school's own, else a built-in one).
 * ERR_NOTFOUND when there is none. */
int framework_by_key(struct db *db, struct arena *a, int64_t school_id, const char *key,
                     struct framework *out, struct err *e);

/* Choose the frameworks the school maps its provision onto: keys replaces
 * the school's choice (at least one). ERR_INPUT naming an unknown key;
 * nothing is changed then. Provisions keep their mappings to frameworks no
 * longer chosen (they reappear when chosen again). */
int framework_choose(struct db *db, int64_t school_id, const char *const *keys, size_t n,
                     const char *actor, struct err *e);

/* Map a provision onto components ("framework/component"), replacing its
 * mappings to the frameworks named (mappings to other frameworks are
 * kept). "FRAMEWORK/" with no component names a framework to clear: the
 * provision keeps no component of it (unless another reference adds one).
 * Each framework must be one the school can use (chosen or not).
 * ERR_INPUT naming the first unknown reference, ERR_NOTFOUND for a
 * provision not at school_id; nothing is changed then. Audited as an update
 * of the provision. */
int framework_map_provision(struct db *db, struct arena *a, int64_t school_id, int64_t provision_id,
                            const char *const *refs, size_t n, const struct audit_entry *who,
                            struct err *e);

/* provision_create and, when n, framework_map_provision of refs, in one
 * transaction (model/provision/provision.h). */
struct provision;
int framework_create_provision(struct db *db, struct arena *a, struct provision *p,
                               const char *const *refs, size_t n, const struct audit_entry *who,
                               struct err *e);

/* The components a provision is mapped to, as "framework/component", in
 * framework then component order (any framework, chosen or not). */
int framework_provision_components(struct db *db, struct arena *a, int64_t provision_id,
                                   const char ***out, size_t *n, struct err *e);

#endif
