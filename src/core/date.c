#include "core/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/arena.h"
#include "core/err.h"

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool date_valid(struct date d)
{
    return d.y >= 1900 && d.y <= 2200 && d.m >= 1 && d.m <= 12 && d.d >= 1 &&
           d.d <= month_days(d.y, d.m);
}

/* Read 1..max digits; returns how many were read (0 if none). */
static int digits(const char *s, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && s[n] >= '0' && s[n] <= '9') {
        v = v * 10 + (s[n] - '0');
        n++;
    }
    *out = v;
    return n;
}

int date_parse(const char *s, struct date *out)
{
    if (!s)
        return ERR_INPUT;
    while (*s == ' ')
        s++;
    struct date d;
    int n;
    size_t len = strlen(s);
    while (len && s[len - 1] == ' ')
        len--;
    if (len == 10 && s[4] == '-' && s[7] == '-') {
        if (digits(s, 4, &d.y) != 4 || digits(s + 5, 2, &d.m) != 2 || digits(s + 8, 2, &d.d) != 2)
            return ERR_INPUT;
    } else {
        const char *p = s;
        if ((n = digits(p, 2, &d.d)) == 0 || p[n] != '/')
            return ERR_INPUT;
        p += n + 1;
        if ((n = digits(p, 2, &d.m)) == 0 || p[n] != '/')
            return ERR_INPUT;
        p += n + 1;
        if (digits(p, 4, &d.y) != 4 || (size_t)(p + 4 - s) != len)
            return ERR_INPUT;
    }
    if (!date_valid(d))
        return ERR_INPUT;
    *out = d;
    return 0;
}

void date_iso(struct date d, char *out)
{
    snprintf(out, DATE_ISO_LEN, "%04u-%02u-%02u", (unsigned)d.y % 10000u, (unsigned)d.m % 100u,
             (unsigned)d.d % 100u);
}

/* Days from civil (the standard era-based algorithm). */
long date_to_days(struct date d)
{
    long y = d.y - (d.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.m + 9) % 12;
    long doy = (153 * mp + 2) / 5 + d.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct date date_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    struct date r = { (int)(y + (m <= 2)), (int)m, (int)d };
    return r;
}

struct date date_today(void)
{
    struct date d;
    const char *fixed = getenv("MESO_TODAY");
    if (fixed && date_parse(fixed, &d) == 0)
        return d;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    d.y = tm.tm_year + 1900;
    d.m = tm.tm_mon + 1;
    d.d = tm.tm_mday;
    return d;
}

int date_weekday(struct date d)
{
    long days = date_to_days(d); /* 1970-01-01 was a Thursday (3) */
    long w = (days + 3) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

int date_age_years(struct date dob, struct date on)
{
    int age = on.y - dob.y;
    if (on.m < dob.m || (on.m == dob.m && on.d < dob.d))
        age--;
    return age;
}

int date_cmp(struct date a, struct date b)
{
    long x = date_to_days(a), y = date_to_days(b);
    return x < y ? -1 : x > y;
}

void date_timestamp(char out[DATE_TS_LEN])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, DATE_TS_LEN, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, DATE_TS_LEN - n, ".%03uZ", (unsigned)(ts.tv_nsec / 1000000) % 1000u);
}

void date_timestamp_at(int64_t t, char out[DATE_TS_LEN])
{
    int64_t days = t / 86400, secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days--;
    }
    struct date d = date_from_days((long)days);
    snprintf(out, DATE_TS_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", d.y, d.m, d.d,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
}

int64_t date_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void date_timestamp_ms(int64_t ms, char out[DATE_TS_LEN])
{
    int64_t s = ms / 1000, r = ms % 1000;
    if (r < 0) {
        r += 1000;
        s--;
    }
    date_timestamp_at(s, out);
    snprintf(out + 20, DATE_TS_LEN - 20, "%03dZ", (int)r);
}

int date_timestamp_parse_ms(const char *s, int64_t *out_ms)
{
    int64_t secs;
    int rc = date_timestamp_parse(s, &secs);
    if (rc)
        return rc;
    int ms = 0;
    if (s[19] == '.')
        ms = (s[20] - '0') * 100 + (s[21] - '0') * 10 + (s[22] - '0');
    *out_ms = secs * 1000 + ms;
    return 0;
}

int date_timestamp_parse(const char *s, int64_t *out)
{
    int v[6];
    static const struct {
        int width;
        char after;
    } parts[] = { { 4, '-' }, { 2, '-' }, { 2, 'T' }, { 2, ':' }, { 2, ':' }, { 2, 0 } };
    if (!s)
        return ERR_INPUT;
    for (int i = 0; i < 6; i++) {
        if (digits(s, parts[i].width, &v[i]) != parts[i].width)
            return ERR_INPUT;
        s += parts[i].width;
        if (parts[i].after) {
            if (*s != parts[i].after)
                return ERR_INPUT;
            s++;
        }
    }
    if (*s == '.') {
        int ms;
        if (digits(s + 1, 3, &ms) != 3)
            return ERR_INPUT;
        s += 4;
    }
    struct date d = { v[0], v[1], v[2] };
    if (strcmp(s, "Z") != 0 || !date_valid(d) || v[3] > 23 || v[4] > 59 || v[5] > 59)
        return ERR_INPUT;
    *out = (int64_t)date_to_days(d) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
    return 0;
}

void date_iso_or_today(const char *day, char out[11])
{
    if (day && *day) {
        size_t n = strlen(day) < 10 ? strlen(day) : 10;
        memcpy(out, day, n);
        out[n] = '\0';
    } else {
        date_iso(date_today(), out);
    }
}

static const char *const month_names[] = { "January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December" };

const char *date_words(struct arena *a, const char *iso)
{
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        return iso ? iso : "";
    const char *s = arena_sprintf(a, "%d %s %d", d.d, month_names[d.m - 1], d.y);
    return s ? s : iso;
}

const char *date_words_into(char *out, size_t size, const char *iso)
{
    struct date d;
    if (!iso || date_parse(iso, &d) != 0)
        snprintf(out, size, "%s", iso ? iso : "");
    else
        snprintf(out, size, "%d %s %d", d.d, month_names[d.m - 1], d.y);
    return out;
}
