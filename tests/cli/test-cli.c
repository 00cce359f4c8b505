/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yidi-cli estimate and yidi-cli policy as a person runs them. */
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

static const char *yidi_cli;

#define HERE YIDI_TEST_CLI_DIR

typedef struct {
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs yidi-cli with @args (NULL-terminated) in @language ("en" or "zh_CN"). */
static void
run_cli (Run        *run,
         const char *language,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_auto(GStrv) wrapper = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status;
  va_list args;

  /* Under `meson test --setup valgrind` yidi-cli itself runs in valgrind. */
  if (g_getenv ("YIDI_CLI_WRAPPER") != NULL)
    {
      g_assert_true (g_shell_parse_argv (g_getenv ("YIDI_CLI_WRAPPER"), NULL, &wrapper, &error));
      for (guint i = 0; wrapper[i] != NULL; i++)
        g_ptr_array_add (argv, wrapper[i]);
    }
  g_ptr_array_add (argv, (gpointer) yidi_cli);
  va_start (args, language);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (g_str_equal (language, "zh_CN"))
    {
      envp = g_environ_setenv (envp, "LC_ALL", "zh_CN.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "zh_CN", TRUE);
    }
  else
    {
      envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "en", TRUE);
    }

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static gboolean
has_zh_locale (void)
{
  char *old = g_strdup (setlocale (LC_ALL, NULL));
  gboolean ok = setlocale (LC_ALL, "zh_CN.UTF-8") != NULL;

  setlocale (LC_ALL, old);
  g_free (old);
  return ok;
}

static void
test_policy_validate_shipped (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "en", "policy", "validate", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Valid: 14 policy packs and the national rules."));
}

/* Every problem, each with file, JSON path and reason; exit status 1. */
static void
test_policy_validate_bad (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "en", "policy", "validate", "--sources", HERE "/../core/policies/fixtures/sources.json",
           HERE "/../core/policies/bad/many-problems.json", HERE "/../core/policies/bad/valid.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "many-problems.json: $.scheme: “farmers” is not allowed here."));
  g_assert_nonnull (strstr (run.out, "many-problems.json: $.parameters[\"inpatient.ratio\"].values[0].until: "));
  g_assert_nonnull (strstr (run.out, "many-problems.json: $.parameters[\"inpatient.deductible\"].values[0].value.basis: "));
  g_assert_nonnull (strstr (run.out, "Problems found: 3."));
  g_assert_null (strstr (run.out, "valid.json:"));
}

static void
test_policy_list_and_show (void)
{
  g_auto(Run) list = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) missing = { 0 };

  run_cli (&list, "en", "policy", "list", NULL);
  g_assert_cmpint (list.status, ==, 0);
  g_assert_nonnull (strstr (list.out, "440300-employee-tier1"));
  g_assert_nonnull (strstr (list.out, "default tier"));
  g_assert_nonnull (strstr (list.out, "医保发〔2022〕22号"));

  run_cli (&show, "en", "policy", "show", "成都", NULL);
  g_assert_cmpint (show.status, ==, 0);
  g_assert_nonnull (strstr (show.out, "inpatient.age_addition"));
  g_assert_nonnull (strstr (show.out, "CD_HROC"));

  run_cli (&missing, "en", "policy", "show", "拉萨", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "拉萨"));
}

static void
test_estimate_json (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  run_cli (&run, "en", "estimate", "--case", HERE "/case-retiree.json", "--bill", HERE "/bill.json",
           "--json", "--scenarios", NULL);
  g_assert_cmpint (run.status, ==, 0);
  node = json_from_string (run.out, &error);
  g_assert_no_error (error);
  obj = json_node_get_object (node);
  /* 48000 covered: 1300 deductible; 28700 × 91 % + 10000 × 94 % + 8000 × 97 % */
  g_assert_cmpstr (json_object_get_string_member (obj, "fund"), ==, "43277.00");
  g_assert_cmpstr (json_object_get_string_member (obj, "out_of_pocket"), ==, "6723.00");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "scenarios")), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "trace")), >, 5);
}

static void
test_estimate_explain (void)
{
  g_auto(Run) run = { 0 };

  run_cli (&run, "en", "estimate", "--case", HERE "/case-retiree.json", "--bill", HERE "/bill.json", "--explain", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "¥6,723.00  You pay"));
  g_assert_nonnull (strstr (run.out, "Why? Step by step:"));
  g_assert_nonnull (strstr (run.out, "inpatient.deductible · in force from 2023-01-01 · confirmed"));
  g_assert_nonnull (strstr (run.out, "http://k129.net/b/208795.html"));
  g_assert_nonnull (strstr (run.out, "Not known, so not counted:"));
}

static void
test_estimate_bad_case (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) usage = { 0 };

  run_cli (&run, "en", "estimate", "--case", HERE "/case-bad.json", "--bill", HERE "/bill.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "case-bad.json: $.visit.level: “level9”"));

  run_cli (&usage, "en", "estimate", "--case", HERE "/case-bad.json", NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

/* The same in Simplified Chinese. */
static void
test_estimate_chinese (void)
{
  g_auto(Run) run = { 0 };

  if (!has_zh_locale ())
    {
      g_test_skip ("the zh_CN.UTF-8 locale is not installed");
      return;
    }
  run_cli (&run, "zh_CN", "estimate", "--case", HERE "/case-retiree.json", "--bill", HERE "/bill.json",
           "--explain", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "¥6,723.00  您需支付"));
  g_assert_nonnull (strstr (run.out, "起付线"));
  g_assert_null (strstr (run.out, "You pay"));
  g_assert_null (strstr (run.out, "Why? Step by step"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  yidi_cli = argv[1];

  g_test_add_func ("/cli/policy/validate-shipped", test_policy_validate_shipped);
  g_test_add_func ("/cli/policy/validate-bad", test_policy_validate_bad);
  g_test_add_func ("/cli/policy/list-and-show", test_policy_list_and_show);
  g_test_add_func ("/cli/estimate/json", test_estimate_json);
  g_test_add_func ("/cli/estimate/explain", test_estimate_explain);
  g_test_add_func ("/cli/estimate/bad-case", test_estimate_bad_case);
  g_test_add_func ("/cli/estimate/chinese", test_estimate_chinese);

  return g_test_run ();
}
