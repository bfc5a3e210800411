#include "model/calendar/england.h"

static struct date add(struct date d, long days)
{
    return date_from_days(date_to_days(d) + days);
}

/* The first weekday (Monday to Friday) on or after d. */
static struct date weekday_from(struct date d)
{
    while (date_weekday(d) > 4)
        d = add(d, 1);
    return d;
}

/* The last weekday on or before d. */
static struct date weekday_to(struct date d)
{
    while (date_weekday(d) > 4)
        d = add(d, -1);
    return d;
}

/* The first Monday on or after d. */
static struct date monday_from(struct date d)
{
    return add(d, (7 - date_weekday(d)) % 7);
}

/* The last Monday of a month. */
static struct date last_monday(int y, int m)
{
    struct date d = { y, m + 1, 1 };
    if (m == 12)
        d = (struct date){ y + 1, 1, 1 };
    d = add(d, -1);
    return add(d, -date_weekday(d));
}

struct date england_easter(int year)
{
    int a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return (struct date){ year, month, day };
}

void england_terms(int year, struct term out[TERM_N])
{
    struct date easter = england_easter(year + 1);
    struct date dec20 = { year, 12, 20 };
    /* The Friday on or before 20 December. */
    struct date autumn_end = add(dec20, -((date_weekday(dec20) + 3) % 7));
    out[TERM_AUTUMN] = (struct term){ year, TERM_AUTUMN, weekday_from((struct date){ year, 9, 3 }),
                                      autumn_end, false };
    out[TERM_SPRING] =
        (struct term){ year, TERM_SPRING, weekday_from((struct date){ year + 1, 1, 4 }),
                       add(easter, -9), false };
    out[TERM_SUMMER] = (struct term){ year, TERM_SUMMER, add(easter, 8),
                                      weekday_to((struct date){ year + 1, 7, 22 }), false };
}

size_t england_holidays(int year, struct holiday out[ENGLAND_HOLIDAYS])
{
    struct date oct = last_monday(year, 10);
    struct date feb = monday_from((struct date){ year + 1, 2, 12 });
    struct date may1 = monday_from((struct date){ year + 1, 5, 1 });
    struct date may = last_monday(year + 1, 5);
    out[0] = (struct holiday){ 0, oct, add(oct, 4), "October half term" };
    out[1] = (struct holiday){ 0, feb, add(feb, 4), "February half term" };
    out[2] = (struct holiday){ 0, may1, may1, "Early May bank holiday" };
    out[3] = (struct holiday){ 0, may, add(may, 4), "May half term" };
    return ENGLAND_HOLIDAYS;
}
