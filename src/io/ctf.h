/* ctf.h - the Common Transfer File (CTF), the XML in which English schools
 * send a pupil's record to their next school (docs/ctf.md). This module reads
 * and writes the parts meso holds: the header (source and destination
 * school), each pupil's basic details, SEN history with need types, FSM
 * periods, and contacts with parental responsibility. It knows nothing of the
 * database: model/register/ctf.h turns a struct ctf into pupils and carers and
 * back.
 *
 * The element names follow the DfE's CTF specification as we read it; those
 * we are unsure of are listed in docs/ctf.md. Reading is namespace-blind
 * (MIS vendors write the DfE namespace, another, or none), takes optional
 * blocks as absent, and notes every element it does not know (kept nowhere,
 * never a crash). Every problem names its place as an element path:
 * /CTfile/CTFpupilData/Pupil[2]/SENhistory/SEN[1]/StartDate.
 */
#ifndef MESO_CTF_H
#define MESO_CTF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct arena;
struct buf;
struct problems;

struct ctf_school {
    const char *lea, *estab, *urn, *name; /* NULL when absent */
};

struct ctf_sen {
    const char *path; /* for problems */
    const char *start_date, *provision;
    const char *needs[2]; /* ranked: [0] first; NULL when none */
};

struct ctf_fsm {
    const char *path;
    const char *start, *end; /* end NULL while open */
};

struct ctf_contact {
    const char *path;
    int order;
    const char *title, *forename, *surname, *relationship;
    bool responsibility;
    const char *email, *phone_mobile, *phone_home, *phone_work;
    const char *address_line1, *address_line2, *town, *postcode;
};

/* A year of attendance as the CTF gives it (Attendance/YearData); -1 when
 * a count is absent. meso reads it and keeps it as history; it writes none
 * (docs/ctf.md, "Attendance"). */
struct ctf_attendance {
    const char *path;
    int year;
    int possible, authorised, unauthorised;
    const char *school; /* SchoolName, or NULL */
};

struct ctf_pupil {
    const char *path; /* /CTfile/CTFpupilData/Pupil[n] */
    const char *upn, *former_upn, *surname, *forename, *preferred_surname, *preferred_forename;
    const char *dob, *sex, *nc_year;
    struct ctf_sen *sen;
    size_t n_sen;
    struct ctf_fsm *fsm;
    size_t n_fsm;
    struct ctf_contact *contacts;
    size_t n_contacts;
    struct ctf_attendance *attendance;
    size_t n_attendance;
};

/* meso's own record of a pupil, for another meso (docs/ctf.md, "Sending
 * meso's record"): one Record each in the block <MesoTransfer
 * xmlns="urn:x-meso:transfer:1"> after CTFpupilData, in meso's own
 * namespace so that no MIS mistakes it for DfE data. record is a JSON
 * object (checked on reading). */
#define CTF_MESO_NS "urn:x-meso:transfer:1"
struct ctf_meso {
    const char *path; /* for problems */
    const char *upn;
    const char *consent; /* the family's agreement, in words */
    const char *record;  /* JSON text */
};

struct ctf {
    const char *version, *datetime, *supplier;
    int academic_year;
    struct ctf_school source, dest;
    struct ctf_pupil *pupils;
    size_t n_pupils;
    const char **notes; /* elements not known, as paths: ignored */
    size_t n_notes;
    struct ctf_meso *meso; /* meso's records, when the file carries them */
    size_t n_meso;
};

/* Write c as a CTF into out (UTF-8, indented). */
int ctf_write(const struct ctf *c, struct buf *out, struct err *e);

/* Read len bytes of XML named name into *out (strings in a). Malformed XML
 * or a document that is not a CTF is ERR_INPUT with the line; a missing
 * required element is a problem with its path (pr), and the result is still
 * filled as far as it goes. Nothing is fetched from the network, and no
 * entity is expanded. */
int ctf_read(struct arena *a, const char *name, const char *data, size_t len, struct ctf *out,
             struct problems *pr, struct err *e);

#endif
