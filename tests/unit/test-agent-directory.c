/* The agent's side of the directory (agent/directory.c): the offline
 * search folds case and accents as the server does, the category narrows,
 * the slip has every field and the free line, in English and in Hungarian
 * (the agent's catalog, build/locale), and the list kept on disk reads
 * back as it was written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libintl.h>

#include "directory.h"

static Netpont__DirectoryEntry doctor(void)
{
	Netpont__DirectoryEntry e = NETPONT__DIRECTORY_ENTRY__INIT;
	e.id = 1;
	e.category = "service";
	e.title = "Háziorvosi rendelő";
	e.body = "Dr. Kiss Anna, felnőtt háziorvos";
	e.hours = "H–P 8:00–12:00";
	e.address = "Fő utca 3.";
	e.phone = "+36 1 234 5678";
	e.email = "rendelo@example.hu";
	e.web = "rendelo.example.hu";
	return e;
}

static void test_offline_search_folds(void **state)
{
	(void)state;
	Netpont__DirectoryEntry e = doctor();
	assert_true(directory_entry_matches(&e, "", ""));
	assert_true(directory_entry_matches(&e, "HAZIORVOS", ""));
	assert_true(directory_entry_matches(&e, "fő utca", ""));
	assert_true(directory_entry_matches(&e, "kiss  felnott", "service"));
	assert_false(directory_entry_matches(&e, "kiss fogorvos", ""));
	assert_false(directory_entry_matches(&e, "", "event"));
	/* The phone number is not searched, as on the server. */
	assert_false(directory_entry_matches(&e, "5678", ""));
}

static void test_slip_english(void **state)
{
	(void)state;
	Netpont__DirectoryEntry e = doctor();
	char slip[4096];
	directory_slip_text(&e, "Közösségi Ház Internetpont", "en", slip, sizeof slip);
	assert_non_null(strstr(slip, "Háziorvosi rendelő\n"));
	assert_non_null(strstr(slip, "Opening hours: H–P 8:00–12:00\n"));
	assert_non_null(strstr(slip, "Address: Fő utca 3.\n"));
	assert_non_null(strstr(slip, "Phone: +36 1 234 5678\n"));
	assert_non_null(strstr(slip, "Email: rendelo@example.hu\n"));
	assert_non_null(strstr(slip, "Web: rendelo.example.hu\n"));
	assert_non_null(strstr(slip, "Printed free at Közösségi Ház Internetpont\n"));
	/* An empty field leaves no line. */
	e.email = "";
	directory_slip_text(&e, "", "en", slip, sizeof slip);
	assert_null(strstr(slip, "Email"));
	assert_non_null(strstr(slip, "Printed free at Netpont\n"));
}

static void test_slip_hungarian(void **state)
{
	(void)state;
	const char *build = getenv("NETPONT_BUILD_DIR");
	if (build == NULL)
		skip();
	char localedir[1024];
	snprintf(localedir, sizeof localedir, "%s/locale", build);
	bindtextdomain("netpont-agent", localedir);
	bind_textdomain_codeset("netpont-agent", "UTF-8");
	Netpont__DirectoryEntry e = doctor();
	char slip[4096];
	directory_slip_text(&e, "Közösségi Ház", "hu", slip, sizeof slip);
	assert_non_null(strstr(slip, "Nyitvatartás: H–P 8:00–12:00\n"));
	assert_non_null(strstr(slip, "Cím: Fő utca 3.\n"));
	assert_non_null(strstr(slip, "Ingyen nyomtatva itt: Közösségi Ház\n"));
}

static void test_slip_wraps_long_text(void **state)
{
	(void)state;
	Netpont__DirectoryEntry e = doctor();
	e.body = "Időpontot telefonon lehet kérni hétköznap reggel nyolc és tíz óra között, "
	         "a rendelőben személyesen is, és a receptet is ott lehet átvenni.";
	char slip[4096];
	directory_slip_text(&e, "", "en", slip, sizeof slip);
	for (char *line = slip, *end; *line != '\0'; line = end + 1) {
		end = strchr(line, '\n');
		assert_non_null(end);
		size_t chars = 0;
		for (char *p = line; p < end; p++)
			chars += ((unsigned char)*p & 0xC0) != 0x80;
		assert_true(chars <= 64);
	}
}

static void test_cache_round_trip(void **state)
{
	(void)state;
	char path[] = "/tmp/netpont-directory-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	Netpont__DirectoryEntry e = doctor();
	Netpont__DirectoryEntry *entries[] = {&e};
	Netpont__AgentDirectoryListReply list = NETPONT__AGENT_DIRECTORY_LIST_REPLY__INIT;
	list.entries = entries;
	list.n_entries = 1;
	assert_int_equal(directory_cache_save(path, &list), 0);
	Netpont__AgentDirectoryListReply *back = directory_cache_load(path);
	assert_non_null(back);
	assert_int_equal(back->n_entries, 1);
	assert_string_equal(back->entries[0]->title, "Háziorvosi rendelő");
	netpont__agent_directory_list_reply__free_unpacked(back, NULL);
	unlink(path);
	assert_null(directory_cache_load(path));
}

static void test_uses(void **state)
{
	(void)state;
	assert_true(directory_use_ok("open"));
	assert_true(directory_use_ok("print"));
	assert_false(directory_use_ok("peek"));
	assert_false(directory_use_ok(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_offline_search_folds),
	    cmocka_unit_test(test_slip_english),
	    cmocka_unit_test(test_slip_hungarian),
	    cmocka_unit_test(test_slip_wraps_long_text),
	    cmocka_unit_test(test_cache_round_trip),
	    cmocka_unit_test(test_uses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
