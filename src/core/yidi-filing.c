/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yidi-filing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "yidi-filing.h"
#include "yidi-paths.h"

#define FILING_SCHEMA "yidi-filing/1"
#define N_CATEGORIES (YIDI_FILING_OTHER_TEMPORARY + 1)
#define ALL_CATEGORIES 0u

/* A translatable text of the rules file: language ("en", "zh_CN", …) → text. */
typedef GHashTable Text;

typedef struct {
  Text     *title;
  Text     *text;
  gboolean  confirmed;
  GStrv     sources;
  char     *note;
} Fact;

typedef struct {
  Text *label;
  char *term;
} Document;

typedef struct {
  char  *document;
  char  *alternative;
  guint  categories;     /* bit per YidiFilingCategory; 0 = every category */
} Item;

typedef struct {
  char               *id;
  Text               *label;
  char               *next;
  YidiFilingCategory  category;
  Text               *reason;
} Answer;

typedef struct {
  char      *id;
  Text      *text;
  Text      *help;
  GPtrArray *answers;
} Question;

typedef struct {
  gboolean                present;
  gboolean                long_term;
  Fact                    who;
  GPtrArray              *items;
  Fact                    documents;
  YidiFilingValidityKind  validity;
} Category;

typedef struct {
  char     *param;
  guint     categories;
  gboolean  has_value;
  gint64    value;
  Fact      fact;
  char     *place;
} Param;

typedef struct {
  char      *name;
  GPtrArray *params;
} Place;

struct _YidiFilingRules
{
  gatomicrefcount  ref_count;
  char            *file_name;
  GHashTable      *documents;       /* id → Document */
  char            *first_question;
  GPtrArray       *questions;       /* Question */
  GHashTable      *question_index;  /* id → Question (borrowed) */
  Category         categories[N_CATEGORIES];
  GPtrArray       *params;          /* Param: the national figures */
  GHashTable      *guidance;        /* id → Fact */
  GPtrArray       *claim_items;     /* Item */
  Fact             claim;
  GHashTable      *places;          /* division code → Place */
  GHashTable      *cited;           /* every source id cited (a set) */
};

G_DEFINE_QUARK (yidi-filing-error-quark, yidi_filing_error)
G_DEFINE_BOXED_TYPE (YidiFilingRules, yidi_filing_rules, yidi_filing_rules_ref, yidi_filing_rules_unref)

static const char * const known_params[] = {
  "validity_months",
  "lock_months",
  "ratio_reduction_max_points",
  "ratio_reduction_points",
  "manual_ratio_reduction_points",
  "manual_claim_deadline_days",
  "manual_claim_processing_days",
};

static const char * const guidance_ids[] = {
  "principle",
  "long_term",
  "temporary",
  "emergency",
  "channels",
  "if_admitted",
  "if_discharged",
  "manual_claim",
  "manual_claim_deadline",
  "trauma",
};

/* ---- Freeing -------------------------------------------------------------- */

static void
text_free (Text *text)
{
  if (text != NULL)
    g_hash_table_unref (text);
}

static void
fact_clear (Fact *fact)
{
  g_clear_pointer (&fact->title, text_free);
  g_clear_pointer (&fact->text, text_free);
  g_clear_pointer (&fact->sources, g_strfreev);
  g_clear_pointer (&fact->note, g_free);
}

static void
fact_free (Fact *fact)
{
  fact_clear (fact);
  g_free (fact);
}

static void
document_free (Document *document)
{
  text_free (document->label);
  g_free (document->term);
  g_free (document);
}

static void
item_free (Item *item)
{
  g_free (item->document);
  g_free (item->alternative);
  g_free (item);
}

static void
answer_free (Answer *answer)
{
  g_free (answer->id);
  text_free (answer->label);
  g_free (answer->next);
  text_free (answer->reason);
  g_free (answer);
}

static void
question_free (Question *question)
{
  g_free (question->id);
  text_free (question->text);
  text_free (question->help);
  g_clear_pointer (&question->answers, g_ptr_array_unref);
  g_free (question);
}

static void
param_free (Param *param)
{
  g_free (param->param);
  g_free (param->place);
  fact_clear (&param->fact);
  g_free (param);
}

static void
place_free (Place *place)
{
  g_free (place->name);
  g_clear_pointer (&place->params, g_ptr_array_unref);
  g_free (place);
}

static YidiFilingRules *
rules_new (const char *file_name)
{
  YidiFilingRules *self = g_new0 (YidiFilingRules, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->file_name = g_strdup (file_name);
  self->documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) document_free);
  self->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) question_free);
  self->question_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
  self->guidance = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) fact_free);
  self->claim_items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  self->places = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) place_free);
  self->cited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  return self;
}

YidiFilingRules *
yidi_filing_rules_ref (YidiFilingRules *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
yidi_filing_rules_unref (YidiFilingRules *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->file_name);
  g_hash_table_unref (self->documents);
  g_free (self->first_question);
  g_hash_table_unref (self->question_index);
  g_ptr_array_unref (self->questions);
  for (guint i = 0; i < N_CATEGORIES; i++)
    {
      fact_clear (&self->categories[i].who);
      fact_clear (&self->categories[i].documents);
      g_clear_pointer (&self->categories[i].items, g_ptr_array_unref);
    }
  g_ptr_array_unref (self->params);
  g_hash_table_unref (self->guidance);
  g_ptr_array_unref (self->claim_items);
  fact_clear (&self->claim);
  g_hash_table_unref (self->places);
  g_hash_table_unref (self->cited);
  g_free (self);
}

/* ---- Picking a language --------------------------------------------------- */

static const char *
pick (Text *text)
{
  const char * const *names = g_get_language_names ();

  if (text == NULL)
    return NULL;

  for (; *names != NULL; names++)
    {
      const char *value = g_hash_table_lookup (text, *names);

      if (value != NULL)
        return value;
    }
  return g_hash_table_lookup (text, "en");
}

/* ---- Loading -------------------------------------------------------------- */

typedef struct {
  YidiFilingRules  *rules;
  GError          **error;
} Loader;

G_GNUC_PRINTF (4, 5)
static gboolean
fail (Loader     *loader,
      int         code,
      const char *json_path,
      const char *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (loader->error, YIDI_FILING_ERROR, code,
               /* Translators: “file” cannot be used: reason (at $.questions[2].next). */
               _("The filing rules “%s” cannot be used: %s (at %s). Reinstall Yidi, or correct the file if you changed it."),
               loader->rules->file_name, reason, json_path);
  return FALSE;
}

static char *
member_path (const char *parent,
             const char *member)
{
  return g_strdup_printf ("%s.%s", parent, member);
}

static gboolean
category_from_key (const char         *key,
                   YidiFilingCategory *out)
{
  return yidi_filing_category_from_key (key, out) && *out != YIDI_FILING_NONE;
}

/* Gets a member of the expected type. A missing optional member gives
 * NULL; a null value counts as missing. */
static gboolean
get_member (Loader       *loader,
            JsonObject   *object,
            const char   *path,
            const char   *member,
            JsonNodeType  type,
            gboolean      required,
            JsonNode    **out_node)
{
  g_autofree char *where = member_path (path, member);
  JsonNode *node = json_object_get_member (object, member);

  *out_node = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (loader, YIDI_FILING_ERROR_MISSING, where, "%s", _("the key is missing"));
      return TRUE;
    }
  if (json_node_get_node_type (node) != type)
    {
      const char *expected = type == JSON_NODE_OBJECT ? _("expected an object")
                           : type == JSON_NODE_ARRAY ? _("expected a list")
                           : _("expected a single value");
      return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", expected);
    }

  *out_node = node;
  return TRUE;
}

static gboolean
get_string (Loader      *loader,
            JsonObject  *object,
            const char  *path,
            const char  *member,
            gboolean     required,
            const char **out_value)
{
  JsonNode *node;

  *out_value = NULL;
  if (!get_member (loader, object, path, member, JSON_NODE_VALUE, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_STRING || *json_node_get_string (node) == '\0')
    {
      g_autofree char *where = member_path (path, member);
      return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("expected text"));
    }

  *out_value = json_node_get_string (node);
  return TRUE;
}

static gboolean
read_text (Loader      *loader,
           JsonObject  *object,
           const char  *path,
           const char  *member,
           gboolean     required,
           Text       **out_text)
{
  g_autofree char *where = member_path (path, member);
  g_autoptr(GHashTable) text = NULL;
  g_autoptr(GList) languages = NULL;
  JsonNode *node;
  JsonObject *pairs;

  *out_text = NULL;
  if (!get_member (loader, object, path, member, JSON_NODE_OBJECT, required, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  pairs = json_node_get_object (node);
  text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  languages = json_object_get_members (pairs);
  for (GList *l = languages; l != NULL; l = l->next)
    {
      const char *value;

      if (!get_string (loader, pairs, where, l->data, TRUE, &value))
        return FALSE;
      g_hash_table_insert (text, g_strdup (l->data), g_strdup (value));
    }

  /* English is the fallback and Simplified Chinese must be complete. */
  if (!g_hash_table_contains (text, "en"))
    {
      g_autofree char *en = member_path (where, "en");
      return fail (loader, YIDI_FILING_ERROR_MISSING, en, "%s", _("the English text is missing"));
    }
  if (!g_hash_table_contains (text, "zh_CN"))
    {
      g_autofree char *zh = member_path (where, "zh_CN");
      return fail (loader, YIDI_FILING_ERROR_MISSING, zh, "%s", _("the Chinese text is missing"));
    }

  *out_text = g_steal_pointer (&text);
  return TRUE;
}

/* Reads the citation of a rule: "confirmed", "sources" and "note", and
 * optionally its "title" and "text". */
static gboolean
read_fact (Loader     *loader,
           JsonObject *object,
           const char *path,
           gboolean    with_text,
           Fact       *fact)
{
  JsonNode *node;
  JsonArray *array;
  const char *note;
  g_autoptr(GStrvBuilder) sources = g_strv_builder_new ();

  if (with_text &&
      (!read_text (loader, object, path, "title", FALSE, &fact->title) ||
       !read_text (loader, object, path, "text", TRUE, &fact->text)))
    return FALSE;

  if (!get_member (loader, object, path, "confirmed", JSON_NODE_VALUE, TRUE, &node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *where = member_path (path, "confirmed");
      return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("expected true or false"));
    }
  fact->confirmed = json_node_get_boolean (node);

  if (!get_member (loader, object, path, "sources", JSON_NODE_ARRAY, TRUE, &node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          *json_node_get_string (element) == '\0')
        {
          g_autofree char *where = g_strdup_printf ("%s.sources[%u]", path, i);
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("expected the id of a source"));
        }
      g_strv_builder_add (sources, json_node_get_string (element));
      g_hash_table_add (loader->rules->cited, g_strdup (json_node_get_string (element)));
    }
  fact->sources = g_strv_builder_end (sources);

  if (!get_string (loader, object, path, "note", FALSE, &note))
    return FALSE;
  fact->note = g_strdup (note);

  /* A rule without a source must say it is not confirmed, and why. */
  if (fact->sources[0] == NULL && (fact->confirmed || fact->note == NULL))
    {
      g_autofree char *where = member_path (path, "sources");
      return fail (loader, YIDI_FILING_ERROR_MISSING, where, "%s",
                   _("a rule without sources must be marked unconfirmed and say why in a note"));
    }

  return TRUE;
}

static gboolean
read_categories (Loader     *loader,
                 JsonObject *object,
                 const char *path,
                 guint      *out_mask)
{
  JsonNode *node;
  JsonArray *array;

  *out_mask = ALL_CATEGORIES;
  if (!get_member (loader, object, path, "categories", JSON_NODE_ARRAY, FALSE, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    {
      g_autofree char *where = member_path (path, "categories");
      return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("the list is empty"));
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      YidiFilingCategory category;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING ||
          !category_from_key (json_node_get_string (element), &category))
        {
          g_autofree char *where = g_strdup_printf ("%s.categories[%u]", path, i);
          return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, where, "%s", _("expected a filing category"));
        }
      *out_mask |= 1u << category;
    }
  return TRUE;
}

static gboolean
read_items (Loader     *loader,
            JsonObject *object,
            const char *path,
            gboolean    allow_categories,
            GPtrArray  *items)
{
  g_autofree char *where = member_path (path, "items");
  JsonNode *node;
  JsonArray *array;

  if (!get_member (loader, object, path, "items", JSON_NODE_ARRAY, TRUE, &node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", where, i);
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *item_object;
      const char *document, *alternative;
      Item *item;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, item_path, "%s", _("expected an object"));
      item_object = json_node_get_object (element);

      if (!get_string (loader, item_object, item_path, "document", TRUE, &document) ||
          !get_string (loader, item_object, item_path, "alternative", FALSE, &alternative))
        return FALSE;

      if (!g_hash_table_contains (loader->rules->documents, document))
        {
          g_autofree char *doc_path = member_path (item_path, "document");
          return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, doc_path,
                       _("no document has the id “%s”"), document);
        }
      if (alternative != NULL && !g_hash_table_contains (loader->rules->documents, alternative))
        {
          g_autofree char *alt_path = member_path (item_path, "alternative");
          return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, alt_path,
                       _("no document has the id “%s”"), alternative);
        }

      item = g_new0 (Item, 1);
      item->document = g_strdup (document);
      item->alternative = g_strdup (alternative);
      g_ptr_array_add (items, item);

      if (allow_categories && !read_categories (loader, item_object, item_path, &item->categories))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_documents (Loader     *loader,
                JsonObject *root)
{
  g_autoptr(GList) ids = NULL;
  JsonNode *node;
  JsonObject *documents;

  if (!get_member (loader, root, "$", "documents", JSON_NODE_OBJECT, TRUE, &node))
    return FALSE;
  documents = json_node_get_object (node);

  ids = json_object_get_members (documents);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("$.documents.%s", (const char *) l->data);
      Document *document;
      JsonNode *doc_node;
      const char *term;

      if (!get_member (loader, documents, "$.documents", l->data, JSON_NODE_OBJECT, TRUE, &doc_node))
        return FALSE;

      document = g_new0 (Document, 1);
      g_hash_table_insert (loader->rules->documents, g_strdup (l->data), document);
      if (!read_text (loader, json_node_get_object (doc_node), path, "label", TRUE, &document->label) ||
          !get_string (loader, json_node_get_object (doc_node), path, "term", TRUE, &term))
        return FALSE;
      document->term = g_strdup (term);
    }
  return TRUE;
}

static gboolean
load_questions (Loader     *loader,
                JsonObject *root)
{
  YidiFilingRules *rules = loader->rules;
  JsonNode *node;
  JsonArray *array;
  const char *first;

  if (!get_string (loader, root, "$", "first_question", TRUE, &first) ||
      !get_member (loader, root, "$", "questions", JSON_NODE_ARRAY, TRUE, &node))
    return FALSE;
  rules->first_question = g_strdup (first);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("$.questions[%u]", i);
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      JsonNode *answers_node;
      JsonArray *answers;
      Question *question;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, path, "%s", _("expected an object"));
      object = json_node_get_object (element);

      if (!get_string (loader, object, path, "id", TRUE, &id))
        return FALSE;
      if (g_hash_table_contains (rules->question_index, id))
        {
          g_autofree char *where = member_path (path, "id");
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, _("the question id “%s” is used twice"), id);
        }

      question = g_new0 (Question, 1);
      question->id = g_strdup (id);
      question->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_free);
      g_ptr_array_add (rules->questions, question);
      g_hash_table_insert (rules->question_index, question->id, question);

      if (!read_text (loader, object, path, "text", TRUE, &question->text) ||
          !read_text (loader, object, path, "help", FALSE, &question->help) ||
          !get_member (loader, object, path, "answers", JSON_NODE_ARRAY, TRUE, &answers_node))
        return FALSE;

      answers = json_node_get_array (answers_node);
      if (json_array_get_length (answers) < 2)
        {
          g_autofree char *where = member_path (path, "answers");
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("a question needs at least two answers"));
        }

      for (guint j = 0; j < json_array_get_length (answers); j++)
        {
          g_autofree char *answer_path = g_strdup_printf ("%s.answers[%u]", path, j);
          JsonNode *answer_node = json_array_get_element (answers, j);
          JsonObject *answer_object;
          const char *answer_id, *next, *category;
          Answer *answer;

          if (!JSON_NODE_HOLDS_OBJECT (answer_node))
            return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, answer_path, "%s", _("expected an object"));
          answer_object = json_node_get_object (answer_node);

          if (!get_string (loader, answer_object, answer_path, "id", TRUE, &answer_id) ||
              !get_string (loader, answer_object, answer_path, "next", FALSE, &next) ||
              !get_string (loader, answer_object, answer_path, "category", FALSE, &category))
            return FALSE;

          for (guint k = 0; k < question->answers->len; k++)
            {
              if (g_str_equal (((Answer *) question->answers->pdata[k])->id, answer_id))
                {
                  g_autofree char *where = member_path (answer_path, "id");
                  return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where,
                               _("the answer id “%s” is used twice"), answer_id);
                }
            }

          answer = g_new0 (Answer, 1);
          answer->id = g_strdup (answer_id);
          answer->next = g_strdup (next);
          g_ptr_array_add (question->answers, answer);

          if (!read_text (loader, answer_object, answer_path, "label", TRUE, &answer->label))
            return FALSE;

          if ((next == NULL) == (category == NULL))
            return fail (loader, YIDI_FILING_ERROR_BAD_FLOW, answer_path, "%s",
                         _("an answer needs either a next question or a category, not both"));
          if (category != NULL)
            {
              if (!category_from_key (category, &answer->category))
                {
                  g_autofree char *where = member_path (answer_path, "category");
                  return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, where,
                               _("“%s” is not a filing category"), category);
                }
              if (!read_text (loader, answer_object, answer_path, "reason", TRUE, &answer->reason))
                return FALSE;
            }
        }
    }

  if (!g_hash_table_contains (rules->question_index, rules->first_question))
    return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, "$.first_question",
                 _("no question has the id “%s”"), rules->first_question);

  /* Every "next" must name a question. */
  for (guint i = 0; i < rules->questions->len; i++)
    {
      Question *question = rules->questions->pdata[i];

      for (guint j = 0; j < question->answers->len; j++)
        {
          Answer *answer = question->answers->pdata[j];

          if (answer->next != NULL && !g_hash_table_contains (rules->question_index, answer->next))
            {
              g_autofree char *where = g_strdup_printf ("$.questions[%u].answers[%u].next", i, j);
              return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, where,
                           _("no question has the id “%s”"), answer->next);
            }
        }
    }

  return TRUE;
}

/* Depth-first walk of the questions: finds loops and collects the
 * categories and questions that can be reached. */
static gboolean
walk_flow (Loader     *loader,
           Question   *question,
           GHashTable *state,
           guint      *reached_categories)
{
  gpointer seen = g_hash_table_lookup (state, question->id);

  if (seen == GINT_TO_POINTER (2))
    return TRUE;
  if (seen == GINT_TO_POINTER (1))
    {
      g_autofree char *where = g_strdup_printf ("$.questions[id=%s]", question->id);
      return fail (loader, YIDI_FILING_ERROR_BAD_FLOW, where,
                   _("the answers go round in a circle back to the question “%s”"), question->id);
    }

  g_hash_table_insert (state, question->id, GINT_TO_POINTER (1));
  for (guint i = 0; i < question->answers->len; i++)
    {
      Answer *answer = question->answers->pdata[i];

      if (answer->next == NULL)
        *reached_categories |= 1u << answer->category;
      else if (!walk_flow (loader, g_hash_table_lookup (loader->rules->question_index, answer->next),
                           state, reached_categories))
        return FALSE;
    }
  g_hash_table_insert (state, question->id, GINT_TO_POINTER (2));
  return TRUE;
}

static gboolean
check_flow (Loader *loader)
{
  YidiFilingRules *rules = loader->rules;
  g_autoptr(GHashTable) state = g_hash_table_new (g_str_hash, g_str_equal);
  guint reached = 0;

  if (!walk_flow (loader, g_hash_table_lookup (rules->question_index, rules->first_question), state, &reached))
    return FALSE;

  for (guint i = 0; i < rules->questions->len; i++)
    {
      Question *question = rules->questions->pdata[i];

      if (!g_hash_table_contains (state, question->id))
        {
          g_autofree char *where = g_strdup_printf ("$.questions[%u]", i);
          return fail (loader, YIDI_FILING_ERROR_BAD_FLOW, where,
                       _("no answer leads to the question “%s”"), question->id);
        }
    }

  for (int c = YIDI_FILING_RESETTLED_RETIREE; c < N_CATEGORIES; c++)
    {
      if (!(reached & (1u << c)))
        return fail (loader, YIDI_FILING_ERROR_BAD_FLOW, "$.questions",
                     _("no answer leads to the category “%s”"), yidi_filing_category_to_key (c));
    }
  return TRUE;
}

static gboolean
load_categories (Loader     *loader,
                 JsonObject *root)
{
  JsonNode *node;
  JsonObject *categories;
  g_autoptr(GList) keys = NULL;

  if (!get_member (loader, root, "$", "categories", JSON_NODE_OBJECT, TRUE, &node))
    return FALSE;
  categories = json_node_get_object (node);

  keys = json_object_get_members (categories);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("$.categories.%s", (const char *) l->data);
      g_autofree char *docs_path = member_path (path, "documents");
      YidiFilingCategory key;
      Category *category;
      JsonNode *category_node, *docs_node;
      JsonObject *object;
      const char *group, *validity;

      if (!category_from_key (l->data, &key))
        return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, path,
                     _("“%s” is not a filing category"), (const char *) l->data);

      if (!get_member (loader, categories, "$.categories", l->data, JSON_NODE_OBJECT, TRUE, &category_node))
        return FALSE;
      object = json_node_get_object (category_node);
      category = &loader->rules->categories[key];
      category->present = TRUE;
      category->items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);

      if (!get_string (loader, object, path, "group", TRUE, &group) ||
          !get_string (loader, object, path, "validity", TRUE, &validity))
        return FALSE;

      if (g_str_equal (group, "long_term") || g_str_equal (group, "temporary"))
        category->long_term = g_str_equal (group, "long_term");
      else
        {
          g_autofree char *where = member_path (path, "group");
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s", _("expected “long_term” or “temporary”"));
        }
      if (category->long_term != yidi_filing_category_is_long_term (key))
        {
          g_autofree char *where = member_path (path, "group");
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where,
                       _("the category “%s” is in the wrong group"), (const char *) l->data);
        }

      if (g_str_equal (validity, "until_changed"))
        category->validity = YIDI_FILING_VALIDITY_UNTIL_CHANGED;
      else if (g_str_equal (validity, "months"))
        category->validity = YIDI_FILING_VALIDITY_MONTHS;
      else if (g_str_equal (validity, "not_needed"))
        category->validity = YIDI_FILING_VALIDITY_NOT_NEEDED;
      else
        {
          g_autofree char *where = member_path (path, "validity");
          return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, where, "%s",
                       _("expected “until_changed”, “months” or “not_needed”"));
        }

      if (!get_member (loader, object, path, "who", JSON_NODE_OBJECT, TRUE, &node))
        return FALSE;
      {
        g_autofree char *who_path = member_path (path, "who");
        if (!read_fact (loader, json_node_get_object (node), who_path, TRUE, &category->who))
          return FALSE;
      }

      if (!get_member (loader, object, path, "documents", JSON_NODE_OBJECT, TRUE, &docs_node) ||
          !read_items (loader, json_node_get_object (docs_node), docs_path, FALSE, category->items) ||
          !read_fact (loader, json_node_get_object (docs_node), docs_path, FALSE, &category->documents))
        return FALSE;
    }

  for (int c = YIDI_FILING_RESETTLED_RETIREE; c < N_CATEGORIES; c++)
    {
      if (!loader->rules->categories[c].present)
        {
          g_autofree char *where = member_path ("$.categories", yidi_filing_category_to_key (c));
          return fail (loader, YIDI_FILING_ERROR_MISSING, where, "%s", _("the category is missing"));
        }
    }
  return TRUE;
}

static gboolean
read_params (Loader     *loader,
             JsonObject *object,
             const char *path,
             const char *place,
             GPtrArray  *params)
{
  g_autofree char *where = member_path (path, "parameters");
  JsonNode *node;
  JsonArray *array;

  if (!get_member (loader, object, path, "parameters", JSON_NODE_ARRAY, TRUE, &node))
    return FALSE;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *param_path = g_strdup_printf ("%s[%u]", where, i);
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *param_object;
      JsonNode *value;
      const char *name;
      gboolean known = FALSE;
      Param *param;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, param_path, "%s", _("expected an object"));
      param_object = json_node_get_object (element);

      if (!get_string (loader, param_object, param_path, "param", TRUE, &name))
        return FALSE;
      for (guint k = 0; k < G_N_ELEMENTS (known_params); k++)
        known |= g_str_equal (known_params[k], name);
      if (!known)
        {
          g_autofree char *name_path = member_path (param_path, "param");
          return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, name_path,
                       _("“%s” is not a filing parameter"), name);
        }

      param = g_new0 (Param, 1);
      param->param = g_strdup (name);
      param->place = g_strdup (place);
      g_ptr_array_add (params, param);

      if (!read_categories (loader, param_object, param_path, &param->categories))
        return FALSE;

      /* "value" must be present: a whole number, or null for "varies". */
      if (!json_object_has_member (param_object, "value"))
        {
          g_autofree char *value_path = member_path (param_path, "value");
          return fail (loader, YIDI_FILING_ERROR_MISSING, value_path, "%s", _("the key is missing"));
        }
      value = json_object_get_member (param_object, "value");
      if (!JSON_NODE_HOLDS_NULL (value))
        {
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_INT64 ||
              json_node_get_int (value) < 0 || json_node_get_int (value) > 1200)
            {
              g_autofree char *value_path = member_path (param_path, "value");
              return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, value_path, "%s",
                           _("expected a whole number from 0 to 1200, or null"));
            }
          param->has_value = TRUE;
          param->value = json_node_get_int (value);
        }

      if (!read_fact (loader, param_object, param_path, FALSE, &param->fact))
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_division_code (const char *code)
{
  if (strlen (code) != 6)
    return FALSE;
  for (guint i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (code[i]))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_places (Loader     *loader,
             JsonObject *root)
{
  g_autoptr(GList) codes = NULL;
  JsonNode *node;
  JsonObject *places;

  if (!get_member (loader, root, "$", "places", JSON_NODE_OBJECT, FALSE, &node))
    return FALSE;
  if (node == NULL)
    return TRUE;
  places = json_node_get_object (node);

  codes = json_object_get_members (places);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("$.places.%s", (const char *) l->data);
      JsonNode *place_node;
      const char *name;
      Place *place;

      if (!is_division_code (l->data))
        return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, path,
                     _("“%s” is not a six-digit division code"), (const char *) l->data);
      if (!get_member (loader, places, "$.places", l->data, JSON_NODE_OBJECT, TRUE, &place_node) ||
          !get_string (loader, json_node_get_object (place_node), path, "name", TRUE, &name))
        return FALSE;

      place = g_new0 (Place, 1);
      place->name = g_strdup (name);
      place->params = g_ptr_array_new_with_free_func ((GDestroyNotify) param_free);
      g_hash_table_insert (loader->rules->places, g_strdup (l->data), place);

      if (!read_params (loader, json_node_get_object (place_node), path, l->data, place->params))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_guidance (Loader     *loader,
               JsonObject *root)
{
  g_autoptr(GList) ids = NULL;
  JsonNode *node;
  JsonObject *guidance;

  if (!get_member (loader, root, "$", "guidance", JSON_NODE_OBJECT, TRUE, &node))
    return FALSE;
  guidance = json_node_get_object (node);

  ids = json_object_get_members (guidance);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("$.guidance.%s", (const char *) l->data);
      gboolean known = FALSE;
      JsonNode *fact_node;
      Fact *fact;

      for (guint k = 0; k < G_N_ELEMENTS (guidance_ids); k++)
        known |= g_str_equal (guidance_ids[k], l->data);
      if (!known)
        return fail (loader, YIDI_FILING_ERROR_UNKNOWN_NAME, path,
                     _("“%s” is not a part of the guidance"), (const char *) l->data);

      if (!get_member (loader, guidance, "$.guidance", l->data, JSON_NODE_OBJECT, TRUE, &fact_node))
        return FALSE;
      fact = g_new0 (Fact, 1);
      g_hash_table_insert (loader->rules->guidance, g_strdup (l->data), fact);
      if (!read_fact (loader, json_node_get_object (fact_node), path, TRUE, fact))
        return FALSE;
      if (fact->title == NULL)
        {
          g_autofree char *title_path = member_path (path, "title");
          return fail (loader, YIDI_FILING_ERROR_MISSING, title_path, "%s", _("the key is missing"));
        }
    }

  for (guint k = 0; k < G_N_ELEMENTS (guidance_ids); k++)
    {
      if (!g_hash_table_contains (loader->rules->guidance, guidance_ids[k]))
        {
          g_autofree char *where = member_path ("$.guidance", guidance_ids[k]);
          return fail (loader, YIDI_FILING_ERROR_MISSING, where, "%s", _("the key is missing"));
        }
    }
  return TRUE;
}

static gboolean
load_rules (Loader     *loader,
            JsonObject *root)
{
  const char *schema;
  JsonNode *node;

  if (!get_string (loader, root, "$", "schema", TRUE, &schema))
    return FALSE;
  if (!g_str_equal (schema, FILING_SCHEMA))
    return fail (loader, YIDI_FILING_ERROR_BAD_VALUE, "$.schema",
                 _("expected “%s”, found “%s”"), FILING_SCHEMA, schema);

  if (!load_documents (loader, root) ||
      !load_questions (loader, root) ||
      !check_flow (loader) ||
      !load_categories (loader, root) ||
      !read_params (loader, root, "$", NULL, loader->rules->params) ||
      !load_guidance (loader, root) ||
      !get_member (loader, root, "$", "manual_claim", JSON_NODE_OBJECT, TRUE, &node) ||
      !read_items (loader, json_node_get_object (node), "$.manual_claim", TRUE, loader->rules->claim_items) ||
      !read_fact (loader, json_node_get_object (node), "$.manual_claim", FALSE, &loader->rules->claim) ||
      !load_places (loader, root))
    return FALSE;

  return TRUE;
}

static guint
parse_error_line (const char *message)
{
  const char *colon = strchr (message, ':');
  guint line = 0;

  if (colon == NULL || sscanf (colon + 1, "%u:", &line) != 1)
    return 0;
  return line;
}

YidiFilingRules *
yidi_filing_rules_new_from_data (const char  *data,
                                 gssize       length,
                                 const char  *file_name,
                                 GError     **error)
{
  g_autoptr(YidiFilingRules) rules = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  Loader loader;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (file_name != NULL, NULL);

  rules = rules_new (file_name);
  loader.rules = rules;
  loader.error = error;

  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      g_autofree char *where = NULL;

      /* The parser's message ("<data>:LINE:COLUMN: …") is not for people;
       * keep only the line, in a translated sentence. */
      g_debug ("%s does not parse: %s", file_name, parse_error->message);
      where = g_strdup_printf (_("line %u"), parse_error_line (parse_error->message));
      fail (&loader, YIDI_FILING_ERROR_PARSE, where, "%s", _("the file is not valid JSON"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (&loader, YIDI_FILING_ERROR_BAD_VALUE, "$", "%s", _("expected an object"));
      return NULL;
    }

  if (!load_rules (&loader, json_node_get_object (root)))
    return NULL;

  return g_steal_pointer (&rules);
}

YidiFilingRules *
yidi_filing_rules_new_from_file (const char  *path,
                                 GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) read_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &read_error))
    {
      g_debug ("cannot read %s: %s", path, read_error->message);
      g_set_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_READ,
                   _("The filing rules “%s” cannot be read. Reinstall Yidi."), path);
      return NULL;
    }

  return yidi_filing_rules_new_from_data (contents, length, path, error);
}

char *
yidi_filing_rules_get_default_path (void)
{
  return g_build_filename (yidi_paths_get_policy_dir (), "filing.json", NULL);
}

gboolean
yidi_filing_rules_check_sources (YidiFilingRules  *self,
                                 const char       *sources_path,
                                 GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) cited = NULL;
  JsonNode *root;
  JsonNode *sources = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (sources_path != NULL, FALSE);

  if (!json_parser_load_from_file (parser, sources_path, &local_error))
    {
      g_debug ("cannot load %s: %s", sources_path, local_error->message);
      g_set_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_READ,
                   _("The list of sources “%s” cannot be read. Reinstall Yidi."), sources_path);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    sources = json_object_get_member (json_node_get_object (root), "sources");
  if (sources == NULL || !JSON_NODE_HOLDS_OBJECT (sources))
    {
      g_set_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_MISSING,
                   _("The list of sources “%s” has no “sources” object. Reinstall Yidi."), sources_path);
      return FALSE;
    }

  cited = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->cited);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (cited, key);
  for (guint i = 0; i < cited->len; i++)
    {
      if (!json_object_has_member (json_node_get_object (sources), cited->pdata[i]))
        {
          g_set_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_UNKNOWN_NAME,
                       _("The filing rules “%s” cite the source “%s”, which is not in “%s”. Add it there or correct the citation."),
                       self->file_name, (const char *) cited->pdata[i], sources_path);
          return FALSE;
        }
    }
  return TRUE;
}

/* ---- Parameters ----------------------------------------------------------- */

static const Param *
find_param (GPtrArray          *params,
            const char         *name,
            YidiFilingCategory  category)
{
  for (guint i = 0; i < params->len; i++)
    {
      const Param *param = params->pdata[i];

      if (g_str_equal (param->param, name) &&
          (param->categories == ALL_CATEGORIES || (param->categories & (1u << category))))
        return param;
    }
  return NULL;
}

gboolean
yidi_filing_rules_lookup (YidiFilingRules    *self,
                          const char         *param,
                          YidiFilingCategory  category,
                          const char         *place,
                          YidiFilingParam    *out)
{
  const Param *found = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (param != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  /* The place itself, then its city, then its province. */
  if (place != NULL && is_division_code (place))
    {
      char codes[3][7];
      guint n = 0;

      g_strlcpy (codes[n++], place, 7);
      if (!g_str_has_suffix (place, "00"))
        g_snprintf (codes[n++], 7, "%.4s00", place);
      if (!g_str_has_suffix (place, "0000"))
        g_snprintf (codes[n++], 7, "%.2s0000", place);

      for (guint i = 0; i < n && found == NULL; i++)
        {
          Place *entry = g_hash_table_lookup (self->places, codes[i]);

          if (entry != NULL)
            found = find_param (entry->params, param, category);
        }
    }
  if (found == NULL)
    found = find_param (self->params, param, category);
  if (found == NULL)
    return FALSE;

  out->has_value = found->has_value;
  out->value = found->value;
  out->confirmed = found->fact.confirmed;
  out->place = found->place;
  out->sources = (const char * const *) found->fact.sources;
  out->note = found->fact.note;
  return TRUE;
}

/* ---- The questions -------------------------------------------------------- */

static void
answer_out_free (YidiFilingAnswer *answer)
{
  g_free (answer->id);
  g_free (answer->label);
  g_free (answer);
}

static void
step_free (YidiFilingStep *step)
{
  g_free (step->question_id);
  g_free (step->text);
  g_free (step->help);
  g_clear_pointer (&step->answers, g_ptr_array_unref);
  g_free (step->chosen);
  g_free (step);
}

void
yidi_filing_flow_free (YidiFilingFlow *flow)
{
  if (flow == NULL)
    return;

  g_clear_pointer (&flow->steps, g_ptr_array_unref);
  g_free (flow->reason);
  g_free (flow);
}

YidiFilingFlow *
yidi_filing_flow_new (YidiFilingRules *rules,
                      GHashTable      *answers)
{
  YidiFilingFlow *flow;
  Question *question;

  g_return_val_if_fail (rules != NULL, NULL);

  flow = g_new0 (YidiFilingFlow, 1);
  flow->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
  flow->category = YIDI_FILING_NONE;

  /* The loader made sure the questions do not loop, so this ends. */
  question = g_hash_table_lookup (rules->question_index, rules->first_question);
  while (question != NULL)
    {
      YidiFilingStep *step = g_new0 (YidiFilingStep, 1);
      const char *given = answers != NULL ? g_hash_table_lookup (answers, question->id) : NULL;
      Answer *chosen = NULL;

      step->question_id = g_strdup (question->id);
      step->text = g_strdup (pick (question->text));
      step->help = g_strdup (pick (question->help));
      step->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) answer_out_free);
      for (guint i = 0; i < question->answers->len; i++)
        {
          Answer *answer = question->answers->pdata[i];
          YidiFilingAnswer *out = g_new0 (YidiFilingAnswer, 1);

          out->id = g_strdup (answer->id);
          out->label = g_strdup (pick (answer->label));
          g_ptr_array_add (step->answers, out);
          if (g_strcmp0 (given, answer->id) == 0)
            chosen = answer;
        }
      g_ptr_array_add (flow->steps, step);

      if (chosen == NULL)
        break;

      step->chosen = g_strdup (chosen->id);
      if (chosen->next == NULL)
        {
          flow->category = chosen->category;
          flow->reason = g_strdup (pick (chosen->reason));
          break;
        }
      question = g_hash_table_lookup (rules->question_index, chosen->next);
    }

  return flow;
}

/* ---- Validity ------------------------------------------------------------- */

void
yidi_filing_add_months (const GDate *filed,
                        guint        months,
                        GDate       *out_date)
{
  g_return_if_fail (filed != NULL && g_date_valid (filed));
  g_return_if_fail (out_date != NULL);

  /* g_date_add_months() keeps the day of month where it can and clamps
   * it to the last day of a shorter month (31 Aug + 6 = 28 Feb). */
  *out_date = *filed;
  g_date_add_months (out_date, months);
}

YidiFilingWarning
yidi_filing_warning_for_days_left (int days_left)
{
  if (days_left < 0)
    return YIDI_FILING_WARNING_EXPIRED;
  if (days_left <= 7)
    return YIDI_FILING_WARNING_7_DAYS;
  if (days_left <= 30)
    return YIDI_FILING_WARNING_30_DAYS;
  return YIDI_FILING_WARNING_NONE;
}

static const char * const warning_keys[] = {
  [YIDI_FILING_WARNING_NONE] = "none",
  [YIDI_FILING_WARNING_30_DAYS] = "30_days",
  [YIDI_FILING_WARNING_7_DAYS] = "7_days",
  [YIDI_FILING_WARNING_EXPIRED] = "expired",
};

const char *
yidi_filing_warning_to_key (YidiFilingWarning warning)
{
  g_return_val_if_fail ((guint) warning < G_N_ELEMENTS (warning_keys), NULL);
  return warning_keys[warning];
}

gboolean
yidi_filing_warning_from_key (const char        *key,
                              YidiFilingWarning *out_warning)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (warning_keys); i++)
    {
      if (g_str_equal (key, warning_keys[i]))
        {
          *out_warning = (YidiFilingWarning) i;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
parse_case_date (const char  *value,
                 const char  *what,
                 GDate       *out_date,
                 GError     **error)
{
  if (value == NULL)
    {
      g_date_clear (out_date, 1);
      return TRUE;
    }
  if (yidi_date_parse (value, out_date))
    return TRUE;

  g_set_error (error, YIDI_FILING_ERROR, YIDI_FILING_ERROR_BAD_DATE,
               _("The %s “%s” is not a date. Enter it as year-month-day, for example 2025-03-31."),
               what, value);
  return FALSE;
}

gboolean
yidi_filing_rules_get_validity (YidiFilingRules       *self,
                                const YidiCaseRecord  *record,
                                const GDate           *today,
                                YidiFilingValidity    *out,
                                GError               **error)
{
  YidiFilingCategory category;
  YidiFilingParam param;
  gboolean filed;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);
  g_date_clear (&out->filed, 1);
  g_date_clear (&out->expires, 1);
  g_date_clear (&out->lock_until, 1);

  if (!parse_case_date (record->filing_date, _("filing date"), &out->filed, error))
    return FALSE;

  category = record->filing_category;
  if (category == YIDI_FILING_NONE || (guint) category >= N_CATEGORIES)
    {
      out->kind = YIDI_FILING_VALIDITY_NOT_NEEDED;
      return TRUE;
    }

  out->kind = self->categories[category].validity;
  filed = g_date_valid (&out->filed) && record->filing_status != YIDI_FILING_STATUS_NOT_FILED;

  switch (out->kind)
    {
    case YIDI_FILING_VALIDITY_MONTHS:
      if (yidi_filing_rules_lookup (self, "validity_months", category, record->insured_place, &param) &&
          param.has_value && param.value > 0)
        {
          out->validity_param = param;
          out->months = (int) param.value;
          if (filed)
            {
              yidi_filing_add_months (&out->filed, out->months, &out->expires);
              out->has_expiry = TRUE;
              out->days_left = g_date_days_between (today, &out->expires);
              out->warning = yidi_filing_warning_for_days_left (out->days_left);
            }
        }
      break;

    case YIDI_FILING_VALIDITY_UNTIL_CHANGED:
      if (yidi_filing_rules_lookup (self, "lock_months", category, record->insured_place, &param) &&
          param.has_value)
        {
          out->validity_param = param;
          out->lock_months = (int) param.value;
          if (g_date_valid (&out->filed) && out->lock_months > 0)
            yidi_filing_add_months (&out->filed, out->lock_months, &out->lock_until);
        }
      break;

    case YIDI_FILING_VALIDITY_NOT_NEEDED:
    default:
      break;
    }

  /* A filing the person marked as expired warns whatever the dates say. */
  if (record->filing_status == YIDI_FILING_STATUS_EXPIRED)
    out->warning = YIDI_FILING_WARNING_EXPIRED;

  return TRUE;
}

YidiTreatmentStage
yidi_filing_get_treatment_stage (const YidiCaseRecord *record,
                                 const GDate          *today)
{
  GDate admitted, discharged;

  g_return_val_if_fail (record != NULL, YIDI_TREATMENT_PLANNED);
  g_return_val_if_fail (today != NULL && g_date_valid (today), YIDI_TREATMENT_PLANNED);

  if (yidi_date_parse (record->discharge_date, &discharged) && g_date_compare (&discharged, today) <= 0)
    return YIDI_TREATMENT_DISCHARGED;
  if (yidi_date_parse (record->admission_date, &admitted) && g_date_compare (&admitted, today) <= 0)
    return YIDI_TREATMENT_IN_HOSPITAL;
  return YIDI_TREATMENT_PLANNED;
}

/* ---- Advice --------------------------------------------------------------- */

static void
checklist_item_free (YidiFilingChecklistItem *item)
{
  g_free (item->key);
  g_free (item->document);
  g_free (item->label);
  g_free (item->term);
  g_free (item->alternative);
  g_free (item->alternative_label);
  g_free (item);
}

static void
note_free (YidiFilingNote *note)
{
  if (note == NULL)
    return;
  g_free (note->id);
  g_free (note->title);
  g_free (note->text);
  g_strfreev (note->sources);
  g_free (note);
}

void
yidi_filing_advice_free (YidiFilingAdvice *advice)
{
  if (advice == NULL)
    return;

  g_free (advice->reason);
  note_free (advice->who);
  g_clear_pointer (&advice->checklist, g_ptr_array_unref);
  g_strfreev (advice->checklist_sources);
  g_free (advice->validity_text);
  g_clear_pointer (&advice->next_steps, g_ptr_array_unref);
  g_clear_pointer (&advice->notes, g_ptr_array_unref);
  g_clear_pointer (&advice->claim_checklist, g_ptr_array_unref);
  g_clear_pointer (&advice->claim_notes, g_ptr_array_unref);
  g_free (advice);
}

static YidiFilingNote *
note_new (const char *id,
          const char *title,
          const char *text,
          const Fact *fact)
{
  YidiFilingNote *note = g_new0 (YidiFilingNote, 1);

  note->id = g_strdup (id);
  note->title = g_strdup (title);
  note->text = g_strdup (text);
  note->confirmed = fact->confirmed;
  note->sources = g_strdupv (fact->sources);
  return note;
}

static void
add_guidance (YidiFilingRules *rules,
              GPtrArray       *notes,
              const char      *id)
{
  const Fact *fact = g_hash_table_lookup (rules->guidance, id);

  g_assert (fact != NULL);
  g_ptr_array_add (notes, note_new (id, pick (fact->title), pick (fact->text), fact));
}

static void
add_checklist (YidiFilingRules      *rules,
               GPtrArray            *out,
               GPtrArray            *items,
               const char           *prefix,
               YidiFilingCategory    category,
               const YidiCaseRecord *record)
{
  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = items->pdata[i];
      const Document *document = g_hash_table_lookup (rules->documents, item->document);
      YidiFilingChecklistItem *entry;

      if (item->categories != ALL_CATEGORIES && !(item->categories & (1u << category)))
        continue;

      entry = g_new0 (YidiFilingChecklistItem, 1);
      entry->key = g_strdup_printf ("%s/%s", prefix, item->document);
      entry->document = g_strdup (item->document);
      entry->label = g_strdup (pick (document->label));
      entry->term = g_strdup (document->term);
      if (item->alternative != NULL)
        {
          const Document *alternative = g_hash_table_lookup (rules->documents, item->alternative);

          entry->alternative = g_strdup (item->alternative);
          entry->alternative_label = g_strdup (pick (alternative->label));
        }
      entry->checked = yidi_case_record_get_checked (record, entry->key);
      g_ptr_array_add (out, entry);
    }
}

/* Between two sentences: a space, except after a full-width stop, as
 * Chinese writes no space between sentences. */
static void
add_sentence_gap (GString *text)
{
  static const char * const full_width[] = { "。", "？", "！", "；", "）" };

  for (guint i = 0; i < G_N_ELEMENTS (full_width); i++)
    {
      if (g_str_has_suffix (text->str, full_width[i]))
        return;
    }
  g_string_append_c (text, ' ');
}

static char *
describe_validity (const YidiFilingValidity *validity,
                   const GDate              *today)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *filed = g_date_valid (&validity->filed) ? yidi_date_format_for_people (&validity->filed) : NULL;

  switch (validity->kind)
    {
    case YIDI_FILING_VALIDITY_NOT_NEEDED:
      g_string_append (text, _("No filing is needed for an emergency: it counts as filed."));
      break;

    case YIDI_FILING_VALIDITY_UNTIL_CHANGED:
      if (filed != NULL)
        g_string_append_printf (text, _("Filed on %s; valid until it is changed or cancelled."), filed);
      else
        g_string_append (text, _("Valid until it is changed or cancelled."));
      if (g_date_valid (&validity->lock_until) && g_date_compare (&validity->lock_until, today) > 0)
        {
          g_autofree char *lock = yidi_date_format_for_people (&validity->lock_until);
          add_sentence_gap (text);
          g_string_append_printf (text, _("The insured place may not allow a change or cancellation before %s."), lock);
        }
      else if (!g_date_valid (&validity->filed) && validity->lock_months > 0)
        {
          add_sentence_gap (text);
          g_string_append_printf (text,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The insured place may not allow a change or cancellation for %d month after filing.",
                                               "The insured place may not allow a change or cancellation for %d months after filing.",
                                               validity->lock_months),
                                  validity->lock_months);
        }
      break;

    case YIDI_FILING_VALIDITY_MONTHS:
    default:
      if (validity->has_expiry)
        {
          g_autofree char *expires = yidi_date_format_for_people (&validity->expires);

          g_string_append_printf (text, _("Filed on %s; valid until %s."), filed, expires);
          add_sentence_gap (text);
          if (validity->days_left > 0)
            g_string_append_printf (text,
                                    g_dngettext (GETTEXT_PACKAGE, "%d day left.", "%d days left.",
                                                 validity->days_left),
                                    validity->days_left);
          else if (validity->days_left == 0)
            g_string_append (text, _("It expires today."));
          else
            g_string_append_printf (text,
                                    g_dngettext (GETTEXT_PACKAGE, "It expired %d day ago.", "It expired %d days ago.",
                                                 -validity->days_left),
                                    -validity->days_left);
        }
      else if (validity->months > 0)
        g_string_append_printf (text,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "Valid for %d month from the filing date.",
                                             "Valid for %d months from the filing date.",
                                             validity->months),
                                validity->months);
      else
        g_string_append (text, _("How long the filing is valid is set by the insured place."));
      break;
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_step (GPtrArray  *steps,
          const char *text)
{
  g_ptr_array_add (steps, g_strdup (text));
}

static void
add_next_steps (YidiFilingAdvice     *advice,
                const YidiCaseRecord *record)
{
  GPtrArray *steps = advice->next_steps;
  const YidiFilingValidity *validity = &advice->validity;

  if (advice->category == YIDI_FILING_NONE)
    {
      add_step (steps, _("Answer the questions to find the filing category."));
      return;
    }

  if (advice->category == YIDI_FILING_EMERGENCY)
    {
      if (advice->stage == YIDI_TREATMENT_DISCHARGED)
        add_step (steps, _("If the bill was paid in full, claim the money back from the insured place with the papers on the claim checklist."));
      else
        add_step (steps, _("Show the social security card or medical insurance e-certificate at the hospital: the bill is settled directly."));
      add_step (steps, _("If treatment goes on after the emergency, ask the insured place’s agency whether a filing is needed."));
      return;
    }

  if (validity->warning == YIDI_FILING_WARNING_EXPIRED)
    {
      add_step (steps, _("The filing has expired. File again before the next treatment."));
      add_step (steps, _("Gather the papers on the checklist."));
      return;
    }

  switch (record->filing_status)
    {
    case YIDI_FILING_STATUS_SUBMITTED:
      add_step (steps, _("Check the progress of the filing where it was submitted."));
      if (advice->stage == YIDI_TREATMENT_IN_HOSPITAL)
        add_step (steps, _("Make sure the filing is approved before the discharge bill is settled."));
      break;

    case YIDI_FILING_STATUS_APPROVED:
      if (advice->stage == YIDI_TREATMENT_DISCHARGED)
        add_step (steps, _("If the bill was not settled directly, claim the money back from the insured place with the papers on the claim checklist."));
      else
        add_step (steps, _("Show the social security card or medical insurance e-certificate at a networked designated hospital: the bill is settled directly."));
      break;

    case YIDI_FILING_STATUS_NOT_FILED:
    case YIDI_FILING_STATUS_EXPIRED:
    default:
      switch (advice->stage)
        {
        case YIDI_TREATMENT_IN_HOSPITAL:
          add_step (steps, _("File now, before the discharge bill is settled: the hospital can then settle it directly."));
          add_step (steps, _("Gather the papers on the checklist."));
          break;
        case YIDI_TREATMENT_DISCHARGED:
          add_step (steps, _("File afterwards, then claim the money back from the insured place with the papers on the claim checklist."));
          break;
        case YIDI_TREATMENT_PLANNED:
        default:
          add_step (steps, _("Gather the papers on the checklist."));
          add_step (steps, _("File online or at the insured place’s medical insurance agency (see “Where to file”)."));
          add_step (steps, _("Once the filing is approved, choose a networked designated hospital in the treatment place."));
          break;
        }
      break;
    }

  if (validity->warning == YIDI_FILING_WARNING_30_DAYS || validity->warning == YIDI_FILING_WARNING_7_DAYS)
    {
      g_autofree char *expires = yidi_date_format_for_people (&validity->expires);
      g_autofree char *step = g_strdup_printf (_("The filing expires on %s. File again before then if treatment goes on."), expires);
      add_step (steps, step);
    }
}

static char *
describe_ratio (const YidiFilingAdvice *advice)
{
  const YidiFilingParam *param = &advice->ratio_reduction;
  int points = (int) param->value;

  if (!param->has_value)
    return NULL;
  if (points == 0)
    return g_strdup (_("The insured place pays the same ratio as for treatment at home."));
  if (advice->ratio_reduction_is_max)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The insured place may pay a ratio up to %d percentage point lower than at home.",
                                         "The insured place may pay a ratio up to %d percentage points lower than at home.",
                                         points),
                            points);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The insured place pays a ratio %d percentage point lower than at home.",
                                       "The insured place pays a ratio %d percentage points lower than at home.",
                                       points),
                          points);
}

static YidiFilingNote *
param_note (const char            *id,
            const char            *title,
            const char            *text,
            const YidiFilingParam *param)
{
  Fact fact = { 0 };

  fact.confirmed = param->confirmed;
  fact.sources = (GStrv) param->sources;
  return note_new (id, title, text, &fact);
}

YidiFilingAdvice *
yidi_filing_advise (YidiFilingRules       *rules,
                    const YidiCaseRecord  *record,
                    const GDate           *today,
                    GError               **error)
{
  g_autoptr(YidiFilingAdvice) advice = NULL;
  g_autoptr(YidiFilingFlow) flow = NULL;
  YidiFilingParam manual;
  const Category *category;
  YidiCaseRecord effective;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  if (!yidi_case_record_validate (record, error))
    return NULL;

  advice = g_new0 (YidiFilingAdvice, 1);
  advice->checklist = g_ptr_array_new_with_free_func ((GDestroyNotify) checklist_item_free);
  advice->claim_checklist = g_ptr_array_new_with_free_func ((GDestroyNotify) checklist_item_free);
  advice->next_steps = g_ptr_array_new_with_free_func (g_free);
  advice->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  advice->claim_notes = g_ptr_array_new_with_free_func ((GDestroyNotify) note_free);
  advice->stage = yidi_filing_get_treatment_stage (record, today);

  /* The category chosen in the case wins; the answers give it otherwise. */
  flow = yidi_filing_flow_new (rules, record->answers);
  advice->category = record->filing_category;
  if (advice->category == YIDI_FILING_NONE)
    advice->category = flow->category;
  if (advice->category == flow->category)
    advice->reason = g_strdup (flow->reason);

  /* Validity is computed for the category found, not only a stored one. */
  effective = *record;
  effective.filing_category = advice->category;
  if (!yidi_filing_rules_get_validity (rules, &effective, today, &advice->validity, error))
    return NULL;

  add_guidance (rules, advice->notes, "principle");

  if (advice->category == YIDI_FILING_NONE)
    {
      advice->validity_text = NULL;
      add_next_steps (advice, record);
      add_guidance (rules, advice->notes, "if_admitted");
      add_guidance (rules, advice->notes, "if_discharged");
      add_guidance (rules, advice->notes, "trauma");
      return g_steal_pointer (&advice);
    }

  category = &rules->categories[advice->category];
  advice->long_term = category->long_term;
  advice->who = note_new ("who", yidi_filing_category_get_label (advice->category),
                          pick (category->who.text), &category->who);

  add_checklist (rules, advice->checklist, category->items, "filing", advice->category, record);
  advice->checklist_confirmed = category->documents.confirmed;
  advice->checklist_sources = g_strdupv (category->documents.sources);

  advice->validity_text = describe_validity (&advice->validity, today);

  if (yidi_filing_rules_lookup (rules, "ratio_reduction_points", advice->category,
                                record->insured_place, &advice->ratio_reduction) &&
      advice->ratio_reduction.has_value)
    advice->ratio_reduction_is_max = FALSE;
  else if (yidi_filing_rules_lookup (rules, "ratio_reduction_max_points", advice->category,
                                     record->insured_place, &advice->ratio_reduction))
    advice->ratio_reduction_is_max = TRUE;

  add_guidance (rules, advice->notes, category->long_term ? "long_term" : "temporary");
  {
    g_autofree char *ratio = describe_ratio (advice);

    if (ratio != NULL)
      g_ptr_array_add (advice->notes,
                       param_note ("ratio", _("Reimbursement ratio"), ratio, &advice->ratio_reduction));
  }
  if (advice->category == YIDI_FILING_EMERGENCY)
    add_guidance (rules, advice->notes, "emergency");
  else
    add_guidance (rules, advice->notes, "channels");
  add_guidance (rules, advice->notes, "if_admitted");
  add_guidance (rules, advice->notes, "if_discharged");
  add_guidance (rules, advice->notes, "trauma");

  add_checklist (rules, advice->claim_checklist, rules->claim_items, "claim", advice->category, record);
  add_guidance (rules, advice->claim_notes, "manual_claim");
  add_guidance (rules, advice->claim_notes, "manual_claim_deadline");
  if (yidi_filing_rules_lookup (rules, "manual_ratio_reduction_points", advice->category,
                                record->insured_place, &manual) &&
      manual.has_value && manual.value > 0)
    {
      g_autofree char *text =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                      "Bills that could have been settled directly are paid at a ratio %d percentage point lower when claimed by hand.",
                                      "Bills that could have been settled directly are paid at a ratio %d percentage points lower when claimed by hand.",
                                      (int) manual.value),
                         (int) manual.value);
      g_ptr_array_add (advice->claim_notes, param_note ("manual_ratio", _("Ratio for claims by hand"), text, &manual));
    }

  add_next_steps (advice, record);

  return g_steal_pointer (&advice);
}

/* ---- Reminders ------------------------------------------------------------ */

void
yidi_filing_reminder_free (YidiFilingReminder *reminder)
{
  if (reminder == NULL)
    return;
  g_free (reminder->label);
  g_free (reminder);
}

static int
compare_reminders (gconstpointer a,
                   gconstpointer b)
{
  const YidiFilingReminder *ra = *(const YidiFilingReminder **) a;
  const YidiFilingReminder *rb = *(const YidiFilingReminder **) b;

  if (ra->warning != rb->warning)
    return ra->warning > rb->warning ? -1 : 1;
  if (ra->days_left != rb->days_left)
    return ra->days_left < rb->days_left ? -1 : 1;
  return ra->case_id < rb->case_id ? -1 : ra->case_id > rb->case_id;
}

GPtrArray *
yidi_filing_collect_reminders (YidiFilingRules *rules,
                               GPtrArray       *records,
                               const GDate     *today)
{
  GPtrArray *reminders;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (records != NULL, NULL);
  g_return_val_if_fail (today != NULL && g_date_valid (today), NULL);

  reminders = g_ptr_array_new_with_free_func ((GDestroyNotify) yidi_filing_reminder_free);
  for (guint i = 0; i < records->len; i++)
    {
      const YidiCaseRecord *record = records->pdata[i];
      YidiFilingValidity validity;
      YidiFilingReminder *reminder;

      /* A case with a broken date cannot be judged; the case itself shows the error. */
      if (!yidi_filing_rules_get_validity (rules, record, today, &validity, NULL) ||
          validity.warning == YIDI_FILING_WARNING_NONE)
        continue;

      reminder = g_new0 (YidiFilingReminder, 1);
      reminder->case_id = record->id;
      reminder->label = g_strdup (record->label);
      reminder->expires = validity.expires;
      reminder->days_left = validity.has_expiry ? validity.days_left : G_MININT;
      reminder->warning = validity.warning;
      g_ptr_array_add (reminders, reminder);
    }

  g_ptr_array_sort (reminders, compare_reminders);
  return reminders;
}

char *
yidi_filing_reminder_describe (const YidiFilingReminder *reminder)
{
  const char *label;
  g_autofree char *expires = NULL;

  g_return_val_if_fail (reminder != NULL, NULL);

  label = reminder->label != NULL && *reminder->label != '\0' ? reminder->label : _("Unnamed case");
  if (g_date_valid (&reminder->expires))
    expires = yidi_date_format_for_people (&reminder->expires);

  switch (reminder->warning)
    {
    case YIDI_FILING_WARNING_EXPIRED:
      if (expires != NULL)
        return g_strdup_printf (_("The filing of “%s” expired on %s. File again before the next treatment."),
                                label, expires);
      return g_strdup_printf (_("The filing of “%s” has expired. File again before the next treatment."), label);

    case YIDI_FILING_WARNING_7_DAYS:
    case YIDI_FILING_WARNING_30_DAYS:
      if (reminder->days_left == 0)
        return g_strdup_printf (_("The filing of “%s” expires today. File again if treatment goes on."), label);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The filing of “%s” expires in %d day, on %s. File again if treatment goes on.",
                                           "The filing of “%s” expires in %d days, on %s. File again if treatment goes on.",
                                           reminder->days_left),
                              label, reminder->days_left, expires);

    case YIDI_FILING_WARNING_NONE:
    default:
      return NULL;
    }
}
