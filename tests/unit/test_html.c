/* Unit tests for html/html: everything is escaped unless it is a literal. */
#include "testutil.h"

#include "core/buf.h"
#include "html/form.h"
#include "html/html.h"

static const char *hostile = "<script>alert(\"x\")</script>&'";

static void escapes_text_and_attributes(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    struct html h;
    html_init(&h, &b);
    html(&h, "<p title=\"%s\">%s</p>", hostile, hostile);
    assert_int_equal(h.err, 0);
    assert_string_equal(buf_str(&b),
                        "<p title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;\">"
                        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p>");
    assert_null(strstr(buf_str(&b), "<script"));
    buf_release(&b);
}

static void numbers_urls_and_null(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    struct html h;
    html_init(&h, &b);
    html(&h, "%d|%ld|%lld|%zu|%u|%.1f|%U|%s|100%%", -3, 4L, 5LL, (size_t)6, 7u, 2.25, "a b&c/é",
         (const char *)NULL);
    assert_int_equal(h.err, 0);
    assert_string_equal(buf_str(&b), "-3|4|5|6|7|2.2|a%20b%26c%2F%C3%A9||100%");
    buf_release(&b);
}

static void bad_directive_is_an_error(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 4096);
    struct html h;
    html_init(&h, &b);
    html(&h, "before %x after", 1);
    assert_int_equal(h.err, ERR_INPUT);
    assert_null(strstr(buf_str(&b), "after"));
    buf_release(&b);
}

static void limit_is_reported(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 10);
    struct html h;
    html_init(&h, &b);
    html(&h, "%s", "this is far more than ten bytes");
    html_raw(&h, "x");
    assert_int_equal(h.err, ERR_LIMIT);
    buf_release(&b);
}

static void form_fields_escape_values(void **state)
{
    (void)state;
    struct buf b;
    buf_init(&b, 1 << 16);
    struct html h;
    html_init(&h, &b);
    struct field f = { .name = "surname",
                       .label = "Surname",
                       .value = hostile,
                       .error = "Enter a <b>surname</b>",
                       .hint = "As on the birth certificate" };
    form_input(&h, &f);
    const char *out = buf_str(&b);
    assert_null(strstr(out, "<script"));
    assert_null(strstr(out, "<b>"));
    assert_non_null(strstr(out, "govuk-form-group--error"));
    assert_non_null(strstr(out, "aria-describedby=\"surname-hint surname-error\""));
    buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escapes_text_and_attributes), cmocka_unit_test(numbers_urls_and_null),
        cmocka_unit_test(bad_directive_is_an_error),   cmocka_unit_test(limit_is_reported),
        cmocka_unit_test(form_fields_escape_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
