/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "yidi-csv.h"

static YidiCsvReader *
reader_for (const char *text,
            gssize      length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, length < 0 ? strlen (text) : (gsize) length);
  g_autoptr(GError) error = NULL;
  YidiCsvReader *reader = yidi_csv_reader_new_from_bytes (bytes, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reader);
  return reader;
}

static void
expect_record (YidiCsvReader *reader,
               guint          line,
               guint          n_fields,
               ...)
{
  g_autoptr(GError) error = NULL;
  va_list args;

  g_assert_cmpint (yidi_csv_reader_next (reader, &error), ==, YIDI_CSV_RECORD);
  g_assert_no_error (error);
  g_assert_cmpuint (yidi_csv_reader_get_line (reader), ==, line);
  g_assert_cmpuint (yidi_csv_reader_get_n_fields (reader), ==, n_fields);
  va_start (args, n_fields);
  for (guint i = 0; i < n_fields; i++)
    g_assert_cmpstr (yidi_csv_reader_get_field (reader, i), ==, va_arg (args, const char *));
  va_end (args);
}

static void
expect_end (YidiCsvReader *reader)
{
  g_assert_cmpint (yidi_csv_reader_next (reader, NULL), ==, YIDI_CSV_END);
  /* And it stays at the end. */
  g_assert_cmpint (yidi_csv_reader_next (reader, NULL), ==, YIDI_CSV_END);
}

static void
test_rfc4180 (void)
{
  g_autoptr(YidiCsvReader) reader =
    reader_for ("name,address\r\n"
                "\"协和, 东院\",\"北京\"\"帅府园\"\"1号\"\r\n"
                "\"two\r\nlines\",x\r\n"
                "empty,\r\n"
                ",\r\n"
                "last,no newline", -1);

  g_assert_cmpstr (yidi_csv_reader_get_encoding (reader), ==, "UTF-8");
  expect_record (reader, 1, 2, "name", "address");
  expect_record (reader, 2, 2, "协和, 东院", "北京\"帅府园\"1号");
  expect_record (reader, 3, 2, "two\r\nlines", "x");
  expect_record (reader, 5, 2, "empty", "");
  expect_record (reader, 6, 2, "", "");
  expect_record (reader, 7, 2, "last", "no newline");
  expect_end (reader);
}

static void
test_lf_and_blank_lines (void)
{
  g_autoptr(YidiCsvReader) reader = reader_for ("a,b\n\n1,2\n\n\n3,\"x\ny\"\n4,5,\n", -1);

  expect_record (reader, 1, 2, "a", "b");
  expect_record (reader, 3, 2, "1", "2");
  expect_record (reader, 6, 2, "3", "x\ny");
  /* A trailing comma is a last, empty field. */
  expect_record (reader, 8, 3, "4", "5", "");
  expect_end (reader);
}

static void
test_bom (void)
{
  g_autoptr(YidiCsvReader) reader = reader_for ("\xEF\xBB\xBF" "机构名称,地址\n协和,北京\n", -1);

  g_assert_cmpstr (yidi_csv_reader_get_encoding (reader), ==, "UTF-8");
  expect_record (reader, 1, 2, "机构名称", "地址");
  expect_record (reader, 2, 2, "协和", "北京");
  expect_end (reader);
}

static void
test_gb18030 (void)
{
  const char *utf8 = "机构名称,所属区划\n北京协和医院,北京市东城区\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *gb = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, NULL, &error);
  g_autoptr(YidiCsvReader) reader = NULL;

  g_assert_no_error (error);
  /* GB18030 bytes are not UTF-8. */
  g_assert_false (g_utf8_validate (gb, -1, NULL));
  reader = reader_for (gb, -1);
  g_assert_cmpstr (yidi_csv_reader_get_encoding (reader), ==, "GB18030");
  expect_record (reader, 1, 2, "机构名称", "所属区划");
  expect_record (reader, 2, 2, "北京协和医院", "北京市东城区");
  expect_end (reader);
}

static void
test_bad_encoding (void)
{
  const char *cases[] = {
    "\xFF\xFEn\0a\0m\0e\0",          /* UTF-16 */
    "\xEF\xBB\xBFname\n\xC3\x28\n",  /* BOM, then not UTF-8 */
    "a,b\n\x81\x30\x81\n",          /* truncated GB18030 */
    "a,b\n1,\0\n",                   /* a NUL byte */
  };
  const gssize lengths[] = { 10, -1, -1, 9 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i], lengths[i] < 0 ? strlen (cases[i]) : (gsize) lengths[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(YidiCsvReader) reader = yidi_csv_reader_new_from_bytes (bytes, &error);

      g_assert_null (reader);
      g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_ENCODING);
    }
}

static void
test_bad_quoting (void)
{
  g_autoptr(YidiCsvReader) reader =
    reader_for ("a,b\n"
                "\"x\"y,2\n"           /* text after a closing quote */
                "ok,3\n"
                "\"open,4\nstill open\n", -1);
  g_autoptr(GError) error = NULL;

  expect_record (reader, 1, 2, "a", "b");
  g_assert_cmpint (yidi_csv_reader_next (reader, &error), ==, YIDI_CSV_BAD_RECORD);
  g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_SYNTAX);
  g_assert_cmpuint (yidi_csv_reader_get_line (reader), ==, 2);
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);

  /* The reader goes on after a bad record. */
  expect_record (reader, 3, 2, "ok", "3");

  g_assert_cmpint (yidi_csv_reader_next (reader, &error), ==, YIDI_CSV_BAD_RECORD);
  g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_SYNTAX);
  g_assert_cmpuint (yidi_csv_reader_get_line (reader), ==, 4);
  g_clear_error (&error);
  expect_end (reader);
}

static void
test_stray_quote_in_plain_field (void)
{
  /* Lenient where nothing is ambiguous: a quote inside an unquoted field. */
  g_autoptr(YidiCsvReader) reader = reader_for ("5\"号,x\n", -1);

  expect_record (reader, 1, 2, "5\"号", "x");
  expect_end (reader);
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YidiCsvReader) reader = yidi_csv_reader_new_from_file ("/nonexistent/list.csv", &error);

  g_assert_null (reader);
  g_assert_error (error, YIDI_CSV_ERROR, YIDI_CSV_ERROR_READ);
  g_assert_nonnull (strstr (error->message, "list.csv"));
}

static void
test_empty (void)
{
  g_autoptr(YidiCsvReader) reader = reader_for ("", 0);

  expect_end (reader);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/rfc4180", test_rfc4180);
  g_test_add_func ("/csv/lf-and-blank-lines", test_lf_and_blank_lines);
  g_test_add_func ("/csv/bom", test_bom);
  g_test_add_func ("/csv/gb18030", test_gb18030);
  g_test_add_func ("/csv/bad-encoding", test_bad_encoding);
  g_test_add_func ("/csv/bad-quoting", test_bad_quoting);
  g_test_add_func ("/csv/stray-quote", test_stray_quote_in_plain_field);
  g_test_add_func ("/csv/missing-file", test_missing_file);
  g_test_add_func ("/csv/empty", test_empty);

  return g_test_run ();
}
