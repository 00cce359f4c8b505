/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-window"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-case-switcher.h"
#include "yidi-estimate-page.h"
#include "yidi-filing-page.h"
#include "yidi-hospitals-page.h"
#include "yidi-window.h"

struct _YidiWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  YidiApplication *application;   /* weak: it owns us */
  YidiCaseList *case_list;
  GHashTable *dismissed;          /* "id:warning" of reminders put away */
  gint64 banner_case;
  GtkFileChooserNative *chooser;
  gint64 chooser_case;

  AdwViewStack *stack;
  AdwToastOverlay *toast_overlay;
  YidiCaseSwitcher *case_switcher;
  GtkRevealer *banner;
  GtkWidget *banner_box;
  GtkLabel *banner_label;
  GtkWidget *banner_button;
  YidiFilingPage *filing_page;
  YidiHospitalsPage *hospitals_page;
  YidiEstimatePage *estimate_page;
};

G_DEFINE_FINAL_TYPE (YidiWindow, yidi_window, ADW_TYPE_APPLICATION_WINDOW)

/* ---- Window state --------------------------------------------------------- */

static void
restore_window_state (YidiWindow *self)
{
  GSettings *settings = self->settings;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (YidiWindow *self)
{
  GSettings *settings = self->settings;
  int width;
  int height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (settings);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (settings);
}

/* ---- Helpers -------------------------------------------------------------- */

static void
toast (YidiWindow *self,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static YidiCaseSummary *
find_summary (YidiWindow *self,
              gint64      id)
{
  GListModel *model = G_LIST_MODEL (self->case_list);

  for (guint i = 0; self->case_list != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(YidiCaseSummary) summary = g_list_model_get_item (model, i);

      if (yidi_case_summary_get_id (summary) == id)
        return summary;   /* the list keeps it alive */
    }
  return NULL;
}

/* The name of case @id as people see it. */
static char *
case_name (YidiWindow *self,
           gint64      id)
{
  YidiCaseSummary *summary = find_summary (self, id);
  const char *label = summary != NULL ? yidi_case_summary_get_label (summary) : NULL;

  return g_strdup (label != NULL && *label != '\0' ? label : _("Unnamed case"));
}

static char *
file_name_for (const char *label,
               const char *suffix)
{
  g_autofree char *base = g_strdup (label != NULL && *label != '\0' ? label : _("Case"));

  g_strdelimit (base, "/\\:*?\"<>|", '-');
  return g_strconcat (base, suffix, NULL);
}

typedef struct {
  YidiWindow *window;   /* weak */
  gint64 id;
  char *name;
} CaseOp;

static CaseOp *
case_op_new (YidiWindow *self,
             gint64      id)
{
  CaseOp *op = g_new0 (CaseOp, 1);

  op->window = self;
  g_object_add_weak_pointer (G_OBJECT (self), (gpointer *) &op->window);
  op->id = id;
  op->name = case_name (self, id);
  return op;
}

static void
case_op_free (CaseOp *op)
{
  if (op->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (op->window), (gpointer *) &op->window);
  g_free (op->name);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaseOp, case_op_free)

/* ---- The reminder banner -------------------------------------------------- */

static char *
banner_key (YidiCaseSummary *summary)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%d", yidi_case_summary_get_id (summary),
                          yidi_case_summary_get_warning (summary));
}

static void
update_banner (YidiWindow *self)
{
  g_autoptr(GPtrArray) warned = NULL;
  YidiCaseSummary *first = NULL;
  YidiFilingReminder reminder = { 0 };
  g_autofree char *text = NULL;
  guint n = 0;

  if (self->case_list == NULL)
    return;

  warned = yidi_case_list_dup_warned (self->case_list);
  for (guint i = 0; i < warned->len; i++)
    {
      g_autofree char *key = banner_key (warned->pdata[i]);

      if (g_hash_table_contains (self->dismissed, key))
        continue;
      if (first == NULL)
        first = warned->pdata[i];
      n++;
    }

  if (first == NULL)
    {
      gtk_revealer_set_reveal_child (self->banner, FALSE);
      self->banner_case = 0;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-banner-case", FALSE);
      return;
    }

  reminder.case_id = yidi_case_summary_get_id (first);
  reminder.label = (char *) yidi_case_summary_get_label (first);
  reminder.days_left = yidi_case_summary_get_days_left (first);
  reminder.warning = yidi_case_summary_get_warning (first);
  if (!yidi_date_parse (yidi_case_summary_get_expires (first), &reminder.expires))
    g_date_clear (&reminder.expires, 1);
  text = yidi_filing_reminder_describe (&reminder);
  if (n > 1)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more filing needs attention: see the case list.",
                                                            "%u more filings need attention: see the case list.",
                                                            n - 1),
                                               n - 1);
      g_autofree char *both = g_strdup_printf ("%s %s", text, more);

      g_free (text);
      text = g_steal_pointer (&both);
    }

  self->banner_case = reminder.case_id;
  gtk_label_set_label (self->banner_label, text);
  if (reminder.warning == YIDI_FILING_WARNING_EXPIRED)
    gtk_widget_add_css_class (self->banner_box, "error");
  else
    gtk_widget_remove_css_class (self->banner_box, "error");
  gtk_widget_set_visible (self->banner_button,
                          reminder.case_id != yidi_case_get_id (yidi_case_list_get_current (self->case_list)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-banner-case", TRUE);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

static void
on_cases_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  YidiWindow *self)
{
  update_banner (self);
}

static void
on_current_id_changed (YidiCase   *current,
                       GParamSpec *pspec,
                       YidiWindow *self)
{
  gtk_widget_set_visible (self->banner_button, self->banner_case != yidi_case_get_id (current));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-current-case", yidi_case_get_id (current) != 0);
}

static void
dismiss_banner_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  g_autoptr(GPtrArray) warned = yidi_case_list_dup_warned (self->case_list);

  /* Until a filing reaches its next level. */
  for (guint i = 0; i < warned->len; i++)
    g_hash_table_add (self->dismissed, banner_key (warned->pdata[i]));
  update_banner (self);
}

/* ---- Start-up problems ---------------------------------------------------- */

static void
show_message (YidiWindow *self,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cases_ready (YidiWindow *self)
{
  g_autofree char *recovery = NULL;
  const GError *error;

  if (self->application == NULL || !yidi_application_get_cases_ready (self->application))
    return;

  error = yidi_application_get_cases_error (self->application);
  recovery = yidi_application_take_recovery_message (self->application);
  if (error != NULL)
    {
      g_autofree char *body = g_strdup_printf (_("%s\n\nYidi still works, but what you enter now is not kept."),
                                               error->message);
      show_message (self, _("Your Cases Cannot Be Saved"), body);
    }
  else if (recovery != NULL)
    show_message (self, _("Saved Cases Could Not Be Read"), recovery);

  update_banner (self);
}

/* The directory opens in the background: "cheapest nearby" waits for it. */
static void
on_directory_changed (YidiWindow *self)
{
  if (self->application != NULL)
    yidi_estimate_page_set_directory (self->estimate_page, yidi_application_get_directory (self->application));
}

static void
on_places_changed (YidiWindow *self)
{
  if (self->application != NULL)
    {
      yidi_filing_page_set_places (self->filing_page, yidi_application_get_places (self->application));
      yidi_estimate_page_set_places (self->estimate_page, yidi_application_get_places (self->application));
    }
}

static void
on_save_failed (YidiCaseList *list,
                const GError *error,
                YidiWindow   *self)
{
  g_autofree char *text = g_strdup_printf (_("The case could not be saved: %s"), error->message);

  toast (self, text);
}

/* ---- Case actions --------------------------------------------------------- */

static void
switch_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaseOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!yidi_case_list_switch_finish (YIDI_CASE_LIST (object), result, &error) && op->window != NULL)
    toast (op->window, error->message);
}

static void
switch_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  if (self->case_list == NULL || id == yidi_case_get_id (yidi_case_list_get_current (self->case_list)))
    return;
  yidi_case_list_switch_async (self->case_list, id, NULL, switch_done_cb, case_op_new (self, id));
}

static void
new_case_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  if (self->case_list == NULL)
    return;
  yidi_case_list_new_case (self->case_list);
  adw_view_stack_set_visible_child_name (self->stack, "filing");
  toast (self, _("New case started. It is saved as soon as you enter something."));
}

static void
show_cases_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yidi_case_switcher_popup (YIDI_WINDOW (widget)->case_switcher);
}

static void
rename_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaseOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (!yidi_case_list_rename_finish (YIDI_CASE_LIST (object), result, &error) && op->window != NULL)
    toast (op->window, error->message);
}

static void
on_rename_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  CaseOp *op = g_object_get_data (G_OBJECT (dialog), "op");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  if (!g_str_equal (response, "rename") || op->window == NULL || *label == '\0')
    return;
  yidi_case_list_rename_async (op->window->case_list, op->id, label, NULL, rename_done_cb,
                               case_op_new (op->window, op->id));
}

static void
on_rename_entry_changed (GtkEditable      *entry,
                         AdwMessageDialog *dialog)
{
  g_autofree char *label = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "rename", *label != '\0');
}

static void
on_rename_entry_activate (GtkEntry         *entry,
                          AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "rename"))
    adw_message_dialog_response (dialog, "rename");
}

static void
rename_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  CaseOp *op = case_op_new (self, id);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Rename the Case"), NULL);
  GtkWidget *entry = gtk_entry_new ();

  yidi_case_switcher_popdown (self->case_switcher);
  gtk_editable_set_text (GTK_EDITABLE (entry), op->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name or label"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "rename", _("_Rename"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "rename", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "rename");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "op", op, (GDestroyNotify) case_op_free);
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect (entry, "changed", G_CALLBACK (on_rename_entry_changed), dialog);
  g_signal_connect (entry, "activate", G_CALLBACK (on_rename_entry_activate), dialog);
  g_signal_connect (dialog, "response", G_CALLBACK (on_rename_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
duplicate_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CaseOp) op = user_data;
  g_autoptr(GError) error = NULL;
  gint64 copy = yidi_case_list_duplicate_finish (YIDI_CASE_LIST (object), result, &error);

  if (op->window == NULL)
    return;
  if (copy == 0)
    toast (op->window, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Made a copy of “%s”"), op->name);
      toast (op->window, text);
    }
}

static void
duplicate_case_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);

  /* The copy takes what is typed so far. */
  if (id == yidi_case_get_id (yidi_case_list_get_current (self->case_list)))
    yidi_case_list_flush_async (self->case_list, NULL, NULL, NULL);
  yidi_case_list_duplicate_async (self->case_list, id, NULL, duplicate_done_cb, case_op_new (self, id));
}

static void
delete_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CaseOp) op = user_data;
  g_autoptr(GError) error = NULL;

  if (op->window == NULL)
    return;
  if (!yidi_case_list_delete_finish (YIDI_CASE_LIST (object), result, &error))
    toast (op->window, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (_("Deleted “%s”"), op->name);
      toast (op->window, text);
    }
}

static void
on_delete_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  CaseOp *op = g_object_get_data (G_OBJECT (dialog), "op");

  if (!g_str_equal (response, "delete") || op->window == NULL)
    return;
  yidi_case_list_delete_async (op->window->case_list, op->id, NULL, delete_done_cb,
                               case_op_new (op->window, op->id));
}

static void
delete_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  CaseOp *op = case_op_new (self, id);
  g_autofree char *heading = g_strdup_printf (_("Delete “%s”?"), op->name);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                              _("The case, its answers and its ticks are removed from this computer. Export it first to keep a copy."));

  yidi_case_switcher_popdown (self->case_switcher);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "op", op, (GDestroyNotify) case_op_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- Case files ----------------------------------------------------------- */

typedef struct {
  CaseOp *op;
  GFile *file;
} FileOp;

static void
file_op_free (FileOp *op)
{
  case_op_free (op->op);
  g_clear_object (&op->file);
  g_free (op);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FileOp, file_op_free)

static FileOp *
file_op_new (YidiWindow *self,
             gint64      id,
             GFile      *file)
{
  FileOp *op = g_new0 (FileOp, 1);

  op->op = case_op_new (self, id);
  op->file = g_object_ref (file);
  return op;
}

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  g_autoptr(GError) error = NULL;
  YidiWindow *self = op->op->window;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *name = g_file_get_parse_name (op->file);
      g_autofree char *text = g_strdup_printf (_("Could not write “%s”. Check that you may write to that folder."), name);

      if (self != NULL)
        toast (self, text);
      return;
    }
  if (self != NULL)
    {
      g_autofree char *base = g_file_get_basename (op->file);
      g_autofree char *text = g_strdup_printf (_("Exported “%s” to “%s”"), op->op->name, base);
      toast (self, text);
    }
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = yidi_case_list_export_finish (YIDI_CASE_LIST (object), result, &error);
  GFile *file;

  if (bytes == NULL)
    {
      if (op->op->window != NULL)
        toast (op->op->window, error->message);
      return;
    }
  /* Private: a case file holds health and personal data. */
  file = op->file;
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_steal_pointer (&op));
}

/**
 * yidi_window_export_case:
 *
 * Writes the case file of saved case @id to @file (what "Export…" does
 * once a file is chosen); a toast says how it went.
 */
void
yidi_window_export_case (YidiWindow *self,
                         gint64      id,
                         GFile      *file)
{
  g_return_if_fail (YIDI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (id == yidi_case_get_id (yidi_case_list_get_current (self->case_list)))
    yidi_case_list_flush_async (self->case_list, NULL, NULL, NULL);
  yidi_case_list_export_async (self->case_list, id, NULL, export_done_cb, file_op_new (self, id, file));
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  g_autoptr(GError) error = NULL;
  gint64 id = yidi_case_list_import_finish (YIDI_CASE_LIST (object), result, &error);
  YidiWindow *self = op->op->window;

  if (self == NULL)
    return;
  if (id == 0)
    {
      toast (self, error->message);
      return;
    }
  adw_view_stack_set_visible_child_name (self->stack, "filing");
  yidi_case_list_switch_async (self->case_list, id, NULL, switch_done_cb, case_op_new (self, id));
  toast (self, _("Case imported"));
}

static void
import_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(FileOp) op = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (op->file);
  g_autoptr(GBytes) bytes = NULL;
  YidiCaseList *list;
  gsize length;

  if (op->op->window == NULL)
    return;
  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not read “%s”. Check that the file is still there."), name);
      toast (op->op->window, text);
      return;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  list = op->op->window->case_list;
  yidi_case_list_import_async (list, bytes, name, NULL, import_done_cb, g_steal_pointer (&op));
}

/**
 * yidi_window_import_case:
 *
 * Adds the case of the case file @file and switches to it (what
 * "Import…" does once a file is chosen); a toast says how it went.
 */
void
yidi_window_import_case (YidiWindow *self,
                         GFile      *file)
{
  g_return_if_fail (YIDI_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_load_contents_async (file, NULL, import_read_cb, file_op_new (self, 0, file));
}

static void
on_chooser_response (GtkNativeDialog *dialog,
                     int              response,
                     YidiWindow      *self)
{
  g_autoptr(GFile) file = NULL;
  GtkFileChooserAction action = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    yidi_window_export_case (self, self->chooser_case, file);
  else
    yidi_window_import_case (self, file);
}

static void
choose_file (YidiWindow           *self,
             GtkFileChooserAction  action,
             gint64                id)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  gboolean saving = action == GTK_FILE_CHOOSER_ACTION_SAVE;

  if (self->chooser != NULL)
    return;

  yidi_case_switcher_popdown (self->case_switcher);
  self->chooser_case = id;
  self->chooser = gtk_file_chooser_native_new (saving ? _("Export the Case") : _("Import a Case"),
                                               GTK_WINDOW (self), action,
                                               saving ? _("_Export") : _("_Import"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Yidi case files"));
  gtk_file_filter_add_suffix (filter, "json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (saving)
    {
      YidiCaseSummary *summary = find_summary (self, id);
      g_autofree char *name = file_name_for (summary != NULL ? yidi_case_summary_get_label (summary) : NULL, ".json");

      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_file (YIDI_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE, g_variant_get_int64 (parameter));
}

static void
export_current_case_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  gint64 id = yidi_case_get_id (yidi_case_list_get_current (self->case_list));

  if (id != 0)
    choose_file (self, GTK_FILE_CHOOSER_ACTION_SAVE, id);
}

static void
import_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  choose_file (YIDI_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN, 0);
}

/* ---- Other actions -------------------------------------------------------- */

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "hospitals");
  yidi_hospitals_page_focus_search (self->hospitals_page);
}

/* From another tab: the details of one institution, by its key. */
static void
show_institution_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "hospitals");
  yidi_hospitals_page_show_institution (self->hospitals_page, g_variant_get_string (parameter, NULL));
}

/* From the Hospitals tab: the cost of a stay at the hospital it shows. */
static void
estimate_institution_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);
  YidiInstitution *institution = yidi_hospitals_page_get_shown (self->hospitals_page);

  if (institution == NULL)
    return;
  yidi_estimate_page_use_institution (self->estimate_page, institution);
  adw_view_stack_set_visible_child_name (self->stack, "estimate");
}

static void
import_hospitals_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "hospitals");
  gtk_widget_activate_action (GTK_WIDGET (self->hospitals_page), "hospitals.import", NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, "filing");
  if (!gtk_widget_activate_action (GTK_WIDGET (self->filing_page), "filing.print", NULL))
    toast (self, _("Answer the questions on the Filing tab first: then there is a checklist to print."));
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  toast (YIDI_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_banner_case_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  YidiWindow *self = YIDI_WINDOW (widget);

  if (self->banner_case == 0)
    return;
  adw_view_stack_set_visible_child_name (self->stack, "filing");
  gtk_widget_activate_action (widget, "win.switch-case", "x", self->banner_case);
}

/* ---- GObject -------------------------------------------------------------- */

static gboolean
yidi_window_close_request (GtkWindow *window)
{
  YidiWindow *self = YIDI_WINDOW (window);

  save_window_state (self);
  /* The application waits for the write before it quits. */
  if (self->case_list != NULL && yidi_case_list_get_unsaved (self->case_list))
    yidi_case_list_flush_async (self->case_list, NULL, NULL, NULL);

  return GTK_WINDOW_CLASS (yidi_window_parent_class)->close_request (window);
}

static void
yidi_window_dispose (GObject *object)
{
  YidiWindow *self = YIDI_WINDOW (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->case_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->case_list, self);
      g_signal_handlers_disconnect_by_data (yidi_case_list_get_current (self->case_list), self);
    }
  g_clear_object (&self->case_list);
  if (self->application != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->application, self);
      g_object_remove_weak_pointer (G_OBJECT (self->application), (gpointer *) &self->application);
      self->application = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), YIDI_TYPE_WINDOW);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->dismissed, g_hash_table_unref);

  G_OBJECT_CLASS (yidi_window_parent_class)->dispose (object);
}

static void
yidi_window_class_init (YidiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = yidi_window_dispose;
  window_class->close_request = yidi_window_close_request;

  g_type_ensure (YIDI_TYPE_CASE_SWITCHER);
  g_type_ensure (YIDI_TYPE_FILING_PAGE);
  g_type_ensure (YIDI_TYPE_HOSPITALS_PAGE);
  g_type_ensure (YIDI_TYPE_ESTIMATE_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/yidi/Yidi/yidi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, case_switcher);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, banner_box);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, filing_page);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, hospitals_page);
  gtk_widget_class_bind_template_child (widget_class, YidiWindow, estimate_page);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.show-institution", "s", show_institution_action);
  gtk_widget_class_install_action (widget_class, "win.estimate-institution", NULL, estimate_institution_action);
  gtk_widget_class_install_action (widget_class, "win.import-hospitals", NULL, import_hospitals_action);
  gtk_widget_class_install_action (widget_class, "win.show-toast", "s", show_toast_action);
  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_action);
  gtk_widget_class_install_action (widget_class, "win.show-cases", NULL, show_cases_action);
  gtk_widget_class_install_action (widget_class, "win.switch-case", "x", switch_case_action);
  gtk_widget_class_install_action (widget_class, "win.rename-case", "x", rename_case_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate-case", "x", duplicate_case_action);
  gtk_widget_class_install_action (widget_class, "win.delete-case", "x", delete_case_action);
  gtk_widget_class_install_action (widget_class, "win.export-case", "x", export_case_action);
  gtk_widget_class_install_action (widget_class, "win.export-current-case", NULL, export_current_case_action);
  gtk_widget_class_install_action (widget_class, "win.import-case", NULL, import_case_action);
  gtk_widget_class_install_action (widget_class, "win.open-banner-case", NULL, open_banner_case_action);
  gtk_widget_class_install_action (widget_class, "win.dismiss-banner", NULL, dismiss_banner_action);
}

static void
yidi_window_init (YidiWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->dismissed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  restore_window_state (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-current-case", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-banner-case", FALSE);
}

/* Every tab works on the application's case and saved cases. */
static void
attach (YidiWindow      *self,
        YidiApplication *application)
{
  YidiCaseList *list = yidi_application_get_case_list (application);
  const char *problem = NULL;
  YidiFilingRules *rules = yidi_application_get_filing_rules (application, &problem);

  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);

  yidi_filing_page_set_rules (self->filing_page, rules, problem);
  yidi_filing_page_set_places (self->filing_page, yidi_application_get_places (application));
  yidi_estimate_page_set_places (self->estimate_page, yidi_application_get_places (application));
  yidi_estimate_page_set_directory (self->estimate_page, yidi_application_get_directory (application));
  yidi_hospitals_page_set_application (self->hospitals_page, application);

  if (list != NULL)
    {
      self->case_list = g_object_ref (list);
      yidi_case_switcher_set_case_list (self->case_switcher, list);
      yidi_filing_page_set_case_list (self->filing_page, list);
      yidi_estimate_page_set_case_list (self->estimate_page, list);
      g_signal_connect (list, "items-changed", G_CALLBACK (on_cases_changed), self);
      g_signal_connect (list, "save-failed", G_CALLBACK (on_save_failed), self);
      g_signal_connect (yidi_case_list_get_current (list), "notify::id",
                        G_CALLBACK (on_current_id_changed), self);
      on_current_id_changed (yidi_case_list_get_current (list), NULL, self);
    }

  g_signal_connect_swapped (application, "notify::cases-ready", G_CALLBACK (on_cases_ready), self);
  g_signal_connect_swapped (application, "notify::places", G_CALLBACK (on_places_changed), self);
  g_signal_connect_swapped (application, "notify::directory", G_CALLBACK (on_directory_changed), self);
  on_cases_ready (self);
}

YidiWindow *
yidi_window_new (YidiApplication *application)
{
  YidiWindow *self = g_object_new (YIDI_TYPE_WINDOW,
                                   "application", application,
                                   NULL);

  attach (self, application);
  return self;
}

/**
 * yidi_window_get_visible_page:
 *
 * Returns: the name of the visible tab: "filing", "hospitals" or "estimate".
 */
const char *
yidi_window_get_visible_page (YidiWindow *self)
{
  g_return_val_if_fail (YIDI_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

void
yidi_window_set_visible_page (YidiWindow *self,
                              const char *name)
{
  g_return_if_fail (YIDI_IS_WINDOW (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}
