/* The site's own data in the site's language (store/seeds.h): the seed
 * tariffs and fee categories of a new database, relabelled when the site's
 * language is chosen, keeping every label an administrator wrote and every
 * key; walk-in guests named in it. On a real SQLite file, with netpontd's
 * compiled Hungarian catalogue from the build tree (NETPONT_BUILD_DIR);
 * the language tests skip without it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "fixture-server.h"
#include "gateway.h"
#include "store/seeds.h"
#include "store/tariffs.h"

typedef struct fixture {
	fixture_store store;
	bool i18n; /* the Hungarian catalogue is loaded */
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	fixture_store_open(&f->store, "netpont-seeds");
	f->i18n = fixture_i18n_init();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	if (f->i18n)
		i18n_shutdown();
	fixture_store_remove(&f->store);
	free(f);
	return 0;
}

/* The label of a tariff or a category, as the store reads it. */
static const char *tariff_label(fixture *f, const char *service, char *buf, size_t size)
{
	store_tariff t;
	np_err err = {0};
	assert_int_equal(store_tariff_get(f->store.db, service, &t, &err), 0);
	snprintf(buf, size, "%s", t.label);
	return buf;
}

static const char *category_label(fixture *f, const char *name, char *buf, size_t size)
{
	store_category k;
	np_err err = {0};
	assert_int_equal(store_category_get(f->store.db, name, &k, &err), 0);
	snprintf(buf, size, "%s", k.label);
	return buf;
}

static void test_new_database_seeds_are_english(void **state)
{
	fixture *f = *state;
	char buf[96];
	assert_string_equal(tariff_label(f, "copy", buf, sizeof buf), "Copy (A4 page)");
	assert_string_equal(category_label(f, "reduced", buf, sizeof buf), "Reduced");
	store_site_language(f->store.db, buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_string_equal(store_guest_name(f->store.db, 3, buf, sizeof buf), "Guest 3");
}

static void test_hungarian_site_gets_hungarian_seeds_with_the_same_keys(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	np_err err = {0};
	char buf[96];
	assert_int_equal(gateway_set_site_language(f->store.db, "hu", &err), 0);
	assert_string_equal(tariff_label(f, "copy", buf, sizeof buf), "Fénymásolás (A4-es oldal)");
	assert_string_equal(tariff_label(f, "internet", buf, sizeof buf),
	                    "Gép- és internethasználat");
	assert_string_equal(category_label(f, "standard", buf, sizeof buf), "Normál");
	assert_string_equal(category_label(f, "reduced", buf, sizeof buf), "Kedvezményes");
	assert_string_equal(category_label(f, "exempt", buf, sizeof buf), "Díjmentes");
	/* The keys scripts use are the same. */
	assert_int_equal(fixture_query_int(f->store.db, "SELECT count(*) FROM tariffs WHERE "
	                                                "service IN ('internet', 'print-bw', "
	                                                "'print-color', 'copy', 'scan')"),
	                 5);
	assert_int_equal(fixture_query_int(f->store.db,
	                                   "SELECT count(*) FROM categories WHERE name IN "
	                                   "('standard', 'reduced', 'exempt')"),
	                 3);
	store_site_language(f->store.db, buf, sizeof buf);
	assert_string_equal(buf, "hu");
}

static void test_guest_is_named_in_the_site_language(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	np_err err = {0};
	char buf[64];
	assert_int_equal(gateway_set_site_language(f->store.db, "hu", &err), 0);
	/* Whoever asks: the current request's language is English here. */
	i18n_use("en");
	assert_string_equal(store_guest_name(f->store.db, 17, buf, sizeof buf), "Vendég 17");
	/* And the request's language is the same afterwards. */
	assert_true(i18n_english());
}

static void test_labels_an_administrator_wrote_are_kept(void **state)
{
	fixture *f = *state;
	if (!f->i18n)
		skip();
	np_err err = {0};
	char buf[96];
	assert_int_equal(store_tariff_set(f->store.db, "copy", "Másolat A4", 25, 0, &err), 0);
	assert_int_equal(store_category_set_label(f->store.db, "reduced", "Nyugdíjas", &err), 0);
	assert_int_equal(gateway_set_site_language(f->store.db, "hu", &err), 0);
	assert_string_equal(tariff_label(f, "copy", buf, sizeof buf), "Másolat A4");
	assert_string_equal(category_label(f, "reduced", buf, sizeof buf), "Nyugdíjas");
	assert_string_equal(tariff_label(f, "scan", buf, sizeof buf), "Szkennelés (oldal)");
	/* Back to English: the Hungarian seeds follow, the administrator's
	 * labels stay. */
	assert_int_equal(gateway_set_site_language(f->store.db, "", &err), 0);
	assert_string_equal(tariff_label(f, "scan", buf, sizeof buf), "Scan (page)");
	assert_string_equal(category_label(f, "standard", buf, sizeof buf), "Standard");
	assert_string_equal(tariff_label(f, "copy", buf, sizeof buf), "Másolat A4");
	assert_string_equal(category_label(f, "reduced", buf, sizeof buf), "Nyugdíjas");
}

static void test_bad_site_language_changes_nothing(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	char buf[96];
	assert_int_equal(gateway_set_site_language(f->store.db, "../hu", &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_non_null(strstr(err.message, "site_language must be a language code"));
	store_site_language(f->store.db, buf, sizeof buf);
	assert_string_equal(buf, "");
	assert_string_equal(tariff_label(f, "copy", buf, sizeof buf), "Copy (A4 page)");
}

static void test_category_label_refusals(void **state)
{
	fixture *f = *state;
	np_err err = {0};
	char buf[96];
	assert_int_equal(store_category_set_label(f->store.db, "vip", "VIP", &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND);
	np_err empty = {0};
	assert_int_equal(store_category_set_label(f->store.db, "reduced", "", &empty), -1);
	assert_int_equal(empty.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(category_label(f, "reduced", buf, sizeof buf), "Reduced");
	/* A new category is shown by its name until it gets a label. */
	assert_int_equal(store_category_set(f->store.db, "pensioner", 30, &err), 0);
	assert_string_equal(category_label(f, "pensioner", buf, sizeof buf), "pensioner");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_new_database_seeds_are_english, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_hungarian_site_gets_hungarian_seeds_with_the_same_keys, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_guest_is_named_in_the_site_language, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_labels_an_administrator_wrote_are_kept, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_bad_site_language_changes_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_category_label_refusals, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
