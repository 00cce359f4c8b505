/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yidi-divisions.h"
#include "yidi-types.h"

G_BEGIN_DECLS

/* The directory of designated institutions (定点医疗机构): the read-only
 * directory installed with Yidi plus the lists the person imported, kept
 * in their own database (with their favourites). Searched by name, alias,
 * address and pinyin with filters, a page at a time, at the scale of the
 * national directory.
 *
 * Every function may be called from any thread; calls are serialised on
 * one lock. Searches are cancellable; writes always complete. An import
 * writes through its own connection, so searches go on while it runs and
 * see its rows once it has committed. */

#define YIDI_DIRECTORY_ERROR (yidi_directory_error_quark ())

typedef enum {
  YIDI_DIRECTORY_ERROR_NOT_FOUND,     /* no such institution, place or directory file */
  YIDI_DIRECTORY_ERROR_BAD_DATA,      /* the installed data are damaged */
  YIDI_DIRECTORY_ERROR_BAD_HEADER,    /* an imported file lacks a needed column */
  YIDI_DIRECTORY_ERROR_INVALID_ROWS,  /* rows were rejected: nothing was imported */
  YIDI_DIRECTORY_ERROR_EMPTY,         /* an imported file has no rows */
  YIDI_DIRECTORY_ERROR_BAD_ARGUMENT,  /* a bad source name or date */
} YidiDirectoryError;

typedef enum /*< flags >*/ {
  YIDI_NETWORKED_NONE       = 0,
  YIDI_NETWORKED_INPATIENT  = 1 << 0,  /* 住院 */
  YIDI_NETWORKED_OUTPATIENT = 1 << 1,  /* 普通门诊 */
  YIDI_NETWORKED_CHRONIC    = 1 << 2,  /* 门诊慢特病 */
} YidiNetworkedFlags;

/* What to search for. Masks are sets of enum values (1 << value); 0 means
 * any. Each flag in @networked asks for institutions known to be networked
 * for that service (the flag is yes, not unknown). */
typedef struct {
  char *text;                     /* what the person typed, or NULL */
  char *place;                    /* a division code (province, city or county), or NULL */
  guint levels;                   /* 1 << YidiInstitutionLevel */
  guint types;                    /* 1 << YidiInstitutionType */
  YidiNetworkedFlags networked;
  gboolean favourites_only;
} YidiDirectoryQuery;

/* One institution as found. Strings may be NULL when not known. */
typedef struct {
  gint64 id;                      /* valid until the next import */
  char *key;                      /* stable across imports: for favourites */
  char *code;                     /* national code (医保机构编码) */
  char *name;
  char **aliases;                 /* never NULL */
  char *province_code;
  char *city_code;
  char *county_code;
  char *place_name;               /* "广东省 广州市 天河区" */
  YidiInstitutionLevel level;
  YidiInstitutionGrade grade;
  YidiInstitutionType type;
  char *address;
  char *phone;
  gboolean has_location;
  double longitude;               /* WGS-84 */
  double latitude;
  YidiTristate inpatient;         /* networked for direct settlement of … */
  YidiTristate outpatient;
  YidiTristate chronic;
  char *data_date;                /* "2024-05-01", "2015-2016" */
  char *source;                   /* where the row says it comes from */
  char *source_name;              /* the list it was imported from */
  gboolean imported;              /* from a list the person imported */
  gboolean favourite;
} YidiInstitutionRecord;

/* An imported list. */
typedef struct {
  char *name;
  char *as_of;
  char *imported;                 /* ISO 8601 date and time */
  guint n_rows;
  gboolean bundled;
} YidiDirectorySource;

typedef struct {
  guint line;
  char *message;                  /* translated */
} YidiImportProblem;

typedef struct _YidiImportResult YidiImportResult;

typedef void (*YidiImportProgressFunc) (double   fraction,
                                        gpointer user_data);

#define YIDI_TYPE_DIRECTORY_QUERY (yidi_directory_query_get_type ())
#define YIDI_TYPE_INSTITUTION_RECORD (yidi_institution_record_get_type ())
#define YIDI_TYPE_IMPORT_RESULT (yidi_import_result_get_type ())
#define YIDI_TYPE_DIRECTORY (yidi_directory_get_type ())

G_DECLARE_FINAL_TYPE (YidiDirectory, yidi_directory, YIDI, DIRECTORY, GObject)

GQuark                 yidi_directory_error_quark        (void);

GType                  yidi_directory_query_get_type     (void) G_GNUC_CONST;
YidiDirectoryQuery    *yidi_directory_query_new          (void) G_GNUC_WARN_UNUSED_RESULT;
YidiDirectoryQuery    *yidi_directory_query_copy         (const YidiDirectoryQuery *query) G_GNUC_WARN_UNUSED_RESULT;
void                   yidi_directory_query_free         (YidiDirectoryQuery       *query);
gboolean               yidi_directory_query_equal        (const YidiDirectoryQuery *a,
                                                          const YidiDirectoryQuery *b);

GType                  yidi_institution_record_get_type  (void) G_GNUC_CONST;
YidiInstitutionRecord *yidi_institution_record_copy      (const YidiInstitutionRecord *record) G_GNUC_WARN_UNUSED_RESULT;
void                   yidi_institution_record_free      (YidiInstitutionRecord    *record);

void                   yidi_directory_source_free        (YidiDirectorySource      *source);

GType                  yidi_import_result_get_type       (void) G_GNUC_CONST;
YidiImportResult      *yidi_import_result_ref            (YidiImportResult         *result);
void                   yidi_import_result_unref          (YidiImportResult         *result);
const char            *yidi_import_result_get_source     (YidiImportResult         *result);
const char            *yidi_import_result_get_encoding   (YidiImportResult         *result);
guint                  yidi_import_result_get_n_rows     (YidiImportResult         *result);
guint                  yidi_import_result_get_n_replaced (YidiImportResult         *result);
GPtrArray             *yidi_import_result_get_problems   (YidiImportResult         *result);
const char * const    *yidi_import_result_get_ignored_columns (YidiImportResult    *result);

YidiDirectory         *yidi_directory_open               (const char               *bundled_path,
                                                          const char               *user_path,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
const char            *yidi_directory_get_moved_aside    (YidiDirectory            *self);
YidiDivisions         *yidi_directory_get_divisions      (YidiDirectory            *self);

GPtrArray             *yidi_directory_search             (YidiDirectory            *self,
                                                          const YidiDirectoryQuery *query,
                                                          guint                     offset,
                                                          guint                     limit,
                                                          GCancellable             *cancellable,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean               yidi_directory_count              (YidiDirectory            *self,
                                                          const YidiDirectoryQuery *query,
                                                          guint                    *out_count,
                                                          GCancellable             *cancellable,
                                                          GError                  **error);
YidiInstitutionRecord *yidi_directory_get                (YidiDirectory            *self,
                                                          gint64                    id,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
YidiInstitutionRecord *yidi_directory_get_by_key         (YidiDirectory            *self,
                                                          const char               *key,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean               yidi_directory_set_favourite      (YidiDirectory            *self,
                                                          const char               *key,
                                                          const char               *name,
                                                          gboolean                  favourite,
                                                          GError                  **error);
GPtrArray             *yidi_directory_list_favourites    (YidiDirectory            *self,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray             *yidi_directory_list_sources       (YidiDirectory            *self,
                                                          GError                  **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean               yidi_directory_import             (YidiDirectory            *self,
                                                          const char               *path,
                                                          const char               *source_name,
                                                          const char               *as_of,
                                                          YidiImportProgressFunc    progress,
                                                          gpointer                  progress_data,
                                                          YidiImportResult        **out_result,
                                                          GCancellable             *cancellable,
                                                          GError                  **error);
void                   yidi_directory_import_async       (YidiDirectory            *self,
                                                          const char               *path,
                                                          const char               *source_name,
                                                          const char               *as_of,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
void                   yidi_directory_import_with_progress_async (YidiDirectory    *self,
                                                          const char               *path,
                                                          const char               *source_name,
                                                          const char               *as_of,
                                                          YidiImportProgressFunc    progress,
                                                          gpointer                  progress_data,
                                                          GDestroyNotify            progress_destroy,
                                                          GCancellable             *cancellable,
                                                          GAsyncReadyCallback       callback,
                                                          gpointer                  user_data);
gboolean               yidi_directory_import_finish      (YidiDirectory            *self,
                                                          GAsyncResult             *result,
                                                          YidiImportResult        **out_result,
                                                          GError                  **error);

gboolean               yidi_directory_build              (const char               *output_path,
                                                          const char               *divisions_csv,
                                                          const char               *institutions_csv,
                                                          YidiImportResult        **out_result,
                                                          GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiDirectoryQuery, yidi_directory_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiInstitutionRecord, yidi_institution_record_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiDirectorySource, yidi_directory_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YidiImportResult, yidi_import_result_unref)

G_END_DECLS
