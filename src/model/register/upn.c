#include "model/register/upn.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "core/err.h"

static const char alphabet[] = "ABCDEFGHJKLMNPQRTUVWXYZ"; /* 23 letters: no I, O or S */

static int letter_index(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

char upn_check_letter(const char *rest)
{
    long sum = 0;
    for (int i = 0; i < 12; i++) {
        int v;
        if (rest[i] >= '0' && rest[i] <= '9')
            v = rest[i] - '0';
        else if (i == 11 && (v = letter_index(rest[i])) >= 0)
            ; /* temporary UPN: last character is a letter */
        else
            return '\0';
        sum += (long)v * (i + 2);
    }
    return alphabet[sum % 23];
}

int upn_check(const char *s, char out[UPN_LEN + 1], bool *temporary, char *why, size_t cap)
{
    size_t n = 0;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len != UPN_LEN) {
        snprintf(why, cap, "a UPN has 13 characters; this has %zu", len);
        return ERR_INPUT;
    }
    for (n = 0; n < UPN_LEN; n++)
        out[n] = (char)toupper((unsigned char)s[n]);
    out[UPN_LEN] = '\0';
    if (letter_index(out[0]) < 0) {
        if (out[0] == 'I' || out[0] == 'O' || out[0] == 'S')
            snprintf(why, cap, "the first character cannot be I, O or S");
        else
            snprintf(why, cap, "the first character must be a check letter");
        return ERR_INPUT;
    }
    for (int i = 1; i < 12; i++)
        if (out[i] < '0' || out[i] > '9') {
            snprintf(why, cap, "character %d must be a digit", i + 1);
            return ERR_INPUT;
        }
    bool temp = false;
    if (out[12] < '0' || out[12] > '9') {
        if (letter_index(out[12]) < 0) {
            if (out[12] == 'I' || out[12] == 'O' || out[12] == 'S')
                snprintf(why, cap, "the last character cannot be I, O or S");
            else
                snprintf(why, cap,
                         "the last character must be a digit (or a letter, for a temporary UPN)");
            return ERR_INPUT;
        }
        temp = true;
    }
    char want = upn_check_letter(out + 1);
    if (want != out[0]) {
        snprintf(why, cap, "the check letter does not match (it should be %c)", want);
        return ERR_INPUT;
    }
    *temporary = temp;
    return 0;
}

int upn_make(char out[UPN_LEN + 1], int la, int estab, int year, int serial)
{
    if (la < 0 || la > 999 || estab < 0 || estab > 9999 || year < 0 || year > 99 || serial < 0 ||
        serial > 999)
        return ERR_INPUT;
    char rest[13];
    snprintf(rest, sizeof rest, "%03d%04d%02d%03d", la, estab, year, serial);
    out[0] = upn_check_letter(rest);
    memcpy(out + 1, rest, 12);
    out[UPN_LEN] = '\0';
    return 0;
}
