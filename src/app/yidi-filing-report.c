/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-filing-report"

#include "config.h"

#include <glib/gi18n.h>

#include "yidi-filing-report.h"
#include "yidi-language.h"

static const char *
or_not_given (const char *text)
{
  return text != NULL && *text != '\0' ? text : _("Not given");
}

static const YidiFilingNote *
find_note (GPtrArray  *notes,
           const char *id)
{
  for (guint i = 0; i < notes->len; i++)
    {
      const YidiFilingNote *note = notes->pdata[i];

      if (g_str_equal (note->id, id))
        return note;
    }
  return NULL;
}

static char *
describe_item (const YidiFilingChecklistItem *item)
{
  g_autofree char *text = NULL;

  /* The official term helps at the counter; the Chinese label often is it. */
  if (item->term != NULL && g_strstr_len (item->label, -1, item->term) == NULL)
    /* Translators: a paper on the checklist, then its official Chinese name */
    text = g_strdup_printf (_("%s (%s)"), item->label, item->term);
  else
    text = g_strdup (item->label);

  if (item->alternative_label != NULL)
    /* Translators: a paper, then one that may be given instead */
    return g_strdup_printf (_("%s — or instead: %s"), text, item->alternative_label);
  return g_steal_pointer (&text);
}

static void
add_checklist (YidiReport *report,
               GPtrArray  *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const YidiFilingChecklistItem *item = items->pdata[i];
      g_autofree char *text = describe_item (item);

      yidi_report_add_check_item (report, text, item->checked);
    }
}

/* A note's text; with @with_title its title goes first, for notes that
 * share a heading. Unconfirmed ones get the star of the footnote. */
static void
add_note_text (YidiReport           *report,
               const YidiFilingNote *note,
               gboolean              with_title,
               gboolean             *any_unconfirmed)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (note == NULL)
    return;
  if (with_title)
    /* Translators: a question as a title, then its answer, in one paragraph */
    g_string_append_printf (text, _("%s %s"), note->title, note->text);
  else
    g_string_append (text, note->text);
  if (!note->confirmed)
    {
      /* A word joiner keeps the star on the line it belongs to. */
      g_string_append (text, "\u2060*");
      *any_unconfirmed = TRUE;
    }
  yidi_report_add_paragraph (report, text->str);
}

static void
build (YidiReport             *report,
       const YidiFilingAdvice *advice,
       const YidiCaseRecord   *record,
       const char             *insured_place_name,
       const char             *destination_name,
       const GDate            *today)
{
  gboolean unconfirmed = FALSE;
  gboolean checklist_unconfirmed = FALSE;
  g_autofree char *printed = yidi_date_format_for_people (today);
  g_autofree char *footer = NULL;
  const YidiFilingNote *note;

  yidi_report_add_field (report, _("Name"), or_not_given (record->label));
  yidi_report_add_field (report, _("Insured in"), or_not_given (insured_place_name));
  yidi_report_add_field (report, _("Treated in"), or_not_given (destination_name));
  {
    /* Translators: the insurance scheme, then working or retired */
    g_autofree char *scheme = g_strdup_printf (_("%s, %s"),
                                               yidi_scheme_get_label (record->scheme),
                                               yidi_member_status_get_label (record->member_status));
    yidi_report_add_field (report, _("Insurance"), scheme);
  }
  if (advice->category != YIDI_FILING_NONE)
    yidi_report_add_field (report, _("Filing category"), yidi_filing_category_get_label (advice->category));
  else
    yidi_report_add_field (report, _("Filing category"), _("Not decided yet: answer the questions in Yidi"));
  /* An emergency counts as filed: a status would mislead. */
  if (advice->validity.kind != YIDI_FILING_VALIDITY_NOT_NEEDED)
    yidi_report_add_field (report, _("Filing status"), yidi_filing_status_get_label (record->filing_status));

  if (advice->reason != NULL || advice->who != NULL)
    {
      yidi_report_add_heading (report, _("Why this category"));
      if (advice->reason != NULL)
        yidi_report_add_paragraph (report, advice->reason);
      else
        add_note_text (report, advice->who, FALSE, &unconfirmed);
    }

  if (advice->checklist->len > 0)
    {
      g_autofree char *heading = g_strdup_printf (advice->checklist_confirmed ? "%s" : "%s*", _("Papers to bring"));

      yidi_report_add_heading (report, heading);
      add_checklist (report, advice->checklist);
      if (!advice->checklist_confirmed)
        checklist_unconfirmed = TRUE;
    }

  if (advice->validity_text != NULL)
    {
      yidi_report_add_heading (report, _("Validity and key dates"));
      yidi_report_add_paragraph (report, advice->validity_text);
    }

  if (advice->next_steps->len > 0)
    {
      g_autoptr(GString) steps = g_string_new (NULL);

      yidi_report_add_heading (report, _("What to do next"));
      for (guint i = 0; i < advice->next_steps->len; i++)
        g_string_append_printf (steps, "%s%u. %s", i > 0 ? "\n" : "", i + 1,
                                (const char *) advice->next_steps->pdata[i]);
      yidi_report_add_paragraph (report, steps->str);
    }

  note = find_note (advice->notes, advice->category == YIDI_FILING_EMERGENCY ? "emergency" : "channels");
  if (note != NULL)
    {
      yidi_report_add_heading (report, advice->category == YIDI_FILING_EMERGENCY ? note->title : _("Where to file"));
      add_note_text (report, note, FALSE, &unconfirmed);
    }

  yidi_report_add_heading (report, _("Already in hospital?"));
  /* The heading asks this one's question already. */
  add_note_text (report, find_note (advice->notes, "if_admitted"), FALSE, &unconfirmed);
  add_note_text (report, find_note (advice->notes, "if_discharged"), TRUE, &unconfirmed);

  if (advice->stage == YIDI_TREATMENT_DISCHARGED && advice->claim_checklist->len > 0)
    {
      yidi_report_add_heading (report, _("Papers for a claim by hand"));
      add_checklist (report, advice->claim_checklist);
    }

  if (checklist_unconfirmed)
    yidi_report_add_note (report, _("* Not confirmed by two independent sources: check with the insured place’s medical insurance agency, and ask it whether it wants other papers too."));
  else if (unconfirmed)
    yidi_report_add_note (report, _("* Not confirmed by two independent sources: check with the insured place’s medical insurance agency."));

  /* Translators: at the foot of the printed checklist: the date it was printed */
  footer = g_strdup_printf (_("Printed by Yidi on %s, from the national rules (医保发〔2022〕22号): the insured place’s medical insurance agency has the last word."),
                            printed);
  yidi_report_set_footer (report, footer);
}

/**
 * yidi_filing_report_new:
 *
 * Returns: (transfer full): the checklist, or %NULL with @error set when
 * the case cannot be judged (a date that does not exist).
 */
YidiReport *
yidi_filing_report_new (YidiFilingRules      *rules,
                        const YidiCaseRecord *record,
                        const char           *insured_place_name,
                        const char           *destination_name,
                        const GDate          *today,
                        const char           *language,
                        GError              **error)
{
  g_autoptr(YidiLanguageScope) scope = NULL;
  g_autoptr(YidiFilingAdvice) advice = NULL;
  g_autoptr(YidiReport) report = NULL;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);
  g_return_val_if_fail (language != NULL, NULL);

  /* Everything, the rules' texts included, in the language asked for. */
  scope = yidi_language_scope_begin (language);

  advice = yidi_filing_advise (rules, record, today, error);
  if (advice == NULL)
    return NULL;

  report = yidi_report_new (_("Cross-region filing checklist"));
  yidi_report_set_language (report, language);
  /* One sheet of paper to hand over. */
  yidi_report_set_body_size (report, 9.0);
  build (report, advice, record, insured_place_name, destination_name, today);
  return g_steal_pointer (&report);
}
