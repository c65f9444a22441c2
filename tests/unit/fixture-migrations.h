/* What the tests that make a database of an older version (and open it
 * again, to see it migrated) run to undo the newest migrations. */
#ifndef NETPONT_FIXTURE_MIGRATIONS_H
#define NETPONT_FIXTURE_MIGRATIONS_H

/* SQL that undoes migrations 17 to 12 (in that order), for the tests
 * that make a database of an older version and open it again. Each
 * migration's own statements: whoever changes a migration changes its line. */
#define FIXTURE_UNDO_V17                                                                 \
	"DROP TABLE directory_usage; DROP TABLE directory_entries; "                        \
	"ALTER TABLE seats DROP COLUMN kiosk_only; "
#define FIXTURE_UNDO_V16                                                                 \
	"DROP TABLE resident_notes; DROP INDEX help_calls_resident; "                       \
	"ALTER TABLE help_calls DROP COLUMN outcome; "
#define FIXTURE_UNDO_V15                                                         \
	"DELETE FROM settings WHERE key GLOB 'retention_*'; DROP TRIGGER audit_no_delete; " \
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN "           \
	"SELECT RAISE (ABORT, 'the audit log is append-only'); END; "
#define FIXTURE_UNDO_V14 "ALTER TABLE residents DROP COLUMN birth_year; "
#define FIXTURE_UNDO_V13 "DROP TABLE volunteer_periods; "
#define FIXTURE_UNDO_V12                                                                 \
	"DROP TABLE course_attendance; DROP TABLE bookings; DROP TABLE course_occasions; " \
	"DROP TABLE course_enrolments; DROP TABLE courses; "                                \
	"ALTER TABLE sessions DROP COLUMN occasion_id; "                                    \
	"DELETE FROM settings WHERE key = 'booking_release_min'; "
#define FIXTURE_UNDO_TO_V11                                                              \
	FIXTURE_UNDO_V17 FIXTURE_UNDO_V16 FIXTURE_UNDO_V15 FIXTURE_UNDO_V14 FIXTURE_UNDO_V13 FIXTURE_UNDO_V12

#endif
