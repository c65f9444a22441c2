/* Unit tests of the console's non-widget parts: money and time formatting,
 * the seat model's countdown, receipts, and the client's refusals when no
 * server is there. No display needed. */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "netpont-application.h"
#include "netpont-client.h"
#include "netpont-receipt.h"
#include "netpont-help-item.h"
#include "netpont-seat.h"
#include "netpont-util.h"

static void test_money(void)
{
	struct {
		gint64 amount;
		const char *currency;
		guint decimals;
		const char *expect;
	} cases[] = {
	    {0, "HUF", 0, "0\u00a0Ft"},
	    {80, "HUF", 0, "80\u00a0Ft"},
	    {5460, "HUF", 0, "5\u00a0460\u00a0Ft"},
	    {1234567, "HUF", 0, "1\u00a0234\u00a0567\u00a0Ft"},
	    {-250, "HUF", 0, "−250\u00a0Ft"},
	    {1999, "EUR", 2, "19,99\u00a0EUR"},
	    {5, "EUR", 2, "0,05\u00a0EUR"},
	    {G_MININT64, "HUF", 0,
	     "−9\u00a0223\u00a0372\u00a0036\u00a0854\u00a0775\u00a0808\u00a0Ft"},
	};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got =
		    netpont_format_money(cases[i].currency, cases[i].decimals, cases[i].amount);
		g_assert_cmpstr(got, ==, cases[i].expect);
	}
}

static void test_duration(void)
{
	struct {
		gint64 seconds;
		const char *expect;
	} cases[] = {{0, "0:00"},       {59, "0:59"},      {61, "1:01"}, {3599, "59:59"},
	             {3600, "1:00:00"}, {3725, "1:02:05"}, {-10, "0:00"}};

	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autofree char *got = netpont_format_duration(cases[i].seconds);
		g_assert_cmpstr(got, ==, cases[i].expect);
	}
}

static void count_changes(NetpontSeat *seat, guint *count)
{
	(*count)++;
}

/* An information point (issue 14): the seat remembers it for its tile,
 * and forgets it when the server says it is a normal PC again. */
static void test_seat_kiosk_only(void)
{
	Netpont__SeatInfo info = NETPONT__SEAT_INFO__INIT;
	info.name = "PC-09";
	info.state = NETPONT__SEAT_STATE__SEAT_STATE_FREE;
	info.kiosk_only = true;
	g_autoptr(NetpontSeat) seat = netpont_seat_new(&info, 9000);
	g_assert_true(netpont_seat_get_kiosk_only(seat));
	info.kiosk_only = false;
	netpont_seat_update(seat, &info, 9001);
	g_assert_false(netpont_seat_get_kiosk_only(seat));
}

static void test_seat_countdown(void)
{
	Netpont__SessionInfo session = NETPONT__SESSION_INFO__INIT;
	Netpont__SeatInfo info = NETPONT__SEAT_INFO__INIT;
	g_autoptr(NetpontSeat) seat = NULL;
	guint changes = 0;

	info.name = "PC-03";
	info.state = NETPONT__SEAT_STATE__SEAT_STATE_IN_USE;
	session.id = 7;
	session.seat = "PC-03";
	session.resident_login = "kovacs";
	session.resident_name = "Kovács Mária";
	session.ends_at = 10000;
	info.session = &session;
	seat = netpont_seat_new(&info, 9000);
	g_signal_connect(seat, "changed", G_CALLBACK(count_changes), &changes);
	g_assert_true(netpont_seat_has_session(seat));
	g_assert_cmpint(netpont_seat_get_remaining(seat), ==, 1000);
	/* The same second changes nothing; the next one counts down. */
	netpont_seat_tick(seat, 9000);
	g_assert_cmpuint(changes, ==, 0);
	netpont_seat_tick(seat, 9001);
	g_assert_cmpint(netpont_seat_get_remaining(seat), ==, 999);
	g_assert_cmpuint(changes, ==, 1);
	/* Never below zero. */
	netpont_seat_tick(seat, 20000);
	g_assert_cmpint(netpont_seat_get_remaining(seat), ==, 0);

	/* Only remaining_s given: the end follows from the server clock. */
	session.ends_at = 0;
	session.remaining_s = 600;
	netpont_seat_update(seat, &info, 5000);
	g_assert_cmpint(netpont_seat_get_ends_at(seat), ==, 5600);

	/* A help call flashes until resolved; a resolve for another call
	 * leaves it. */
	netpont_seat_set_help(seat, 3, NETPONT__HELP_STATE__HELP_STATE_OPEN, "Segítség");
	g_assert_cmpint(netpont_seat_get_help_id(seat), ==, 3);
	netpont_seat_set_help(seat, 2, NETPONT__HELP_STATE__HELP_STATE_RESOLVED, "");
	g_assert_cmpint(netpont_seat_get_help_id(seat), ==, 3);
	netpont_seat_set_help(seat, 3, NETPONT__HELP_STATE__HELP_STATE_RESOLVED, "");
	g_assert_cmpint(netpont_seat_get_help_id(seat), ==, 0);

	/* The session ends: nobody sits there. */
	info.session = NULL;
	info.state = NETPONT__SEAT_STATE__SEAT_STATE_FREE;
	netpont_seat_update(seat, &info, 5001);
	g_assert_false(netpont_seat_has_session(seat));
	g_assert_cmpstr(netpont_seat_get_resident_name(seat), ==, "");
	g_assert_cmpint(netpont_seat_get_remaining(seat), ==, 0);
}

static void count_notify(GObject *object, GParamSpec *pspec, guint *count)
{
	(*count)++;
}

/* A cell bound to an item's text follows it: a change notifies the
 * property of the same name, once per change. */
static void test_item_notify(void)
{
	Netpont__HelpCall info = NETPONT__HELP_CALL__INIT;
	g_autoptr(NetpontHelpItem) call = NULL;
	g_autofree char *waiting = NULL;
	guint notified = 0;

	info.id = 4;
	info.seat = "PC-01";
	info.text = "";
	info.raised_at = 1000;
	info.state = NETPONT__HELP_STATE__HELP_STATE_OPEN;
	call = netpont_help_item_new(&info);
	g_assert_cmpint(call->id, ==, 4);
	g_assert_cmpstr(call->seat, ==, "PC-01");
	g_assert_cmpstr(call->text, ==, g_dgettext("netpont-console", "(no message)"));
	g_signal_connect(call, "notify::waiting", G_CALLBACK(count_notify), &notified);
	netpont_help_item_set_waiting(call, 1010);
	netpont_help_item_set_waiting(call, 1010);
	netpont_help_item_set_waiting(call, 1011);
	g_assert_cmpuint(notified, ==, 2);
	g_assert_cmpstr(call->waiting, ==, "0:11");
	g_object_get(call, "waiting", &waiting, NULL);
	g_assert_cmpstr(waiting, ==, "0:11");
}

/* Mrs Kovács's receipt at Dóra's desk: the internet line, cash. */
static NetpontReceipt *kovacs_receipt(void)
{
	NetpontReceipt *receipt = netpont_receipt_new();

	receipt->site_name = g_strdup("Közösségi Ház Internetpont");
	receipt->mentor = g_strdup("Dóra");
	receipt->resident_name = g_strdup("Kovács Mária");
	receipt->resident_login = g_strdup("kovacs");
	receipt->at = 1795400000;
	receipt->method = g_strdup("cash");
	netpont_receipt_add_line(receipt, "Internet", "2026-11-24 09:00", 4, 200);
	return receipt;
}

static void test_receipt_pdf(void)
{
	g_autoptr(NetpontReceipt) receipt = kovacs_receipt();
	g_autofree char *dir = g_dir_make_tmp("netpont-receipt-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(dir, "receipt.pdf", NULL);
	g_autofree char *bad = g_build_filename(dir, "no-such-dir", "receipt.pdf", NULL);
	g_autofree char *contents = NULL;
	gsize length = 0;
	g_autoptr(GError) error = NULL;

	netpont_receipt_add_line(receipt, "Print, black and white (page)", NULL, 4, 80);
	receipt->total = 280;
	receipt->paid = 280;
	g_assert_true(netpont_receipt_save_pdf(receipt, path, &error));
	g_assert_no_error(error);
	g_assert_true(g_file_get_contents(path, &contents, &length, NULL));
	g_assert_true(g_str_has_prefix(contents, "%PDF"));
	g_assert_cmpuint(length, >, 500);
	g_unlink(path);

	/* A place that cannot be written: a sentence, not a crash. */
	g_assert_false(netpont_receipt_save_pdf(receipt, bad, &error));
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, "no-such-dir"));
	g_rmdir(dir);
}

static void connect_done(GObject *source, GAsyncResult *result, gpointer data)
{
	GError **error = data;

	g_assert_false(netpont_client_connect_finish(NETPONT_CLIENT(source), result, error));
}

static void call_done(GObject *source, GAsyncResult *result, gpointer data)
{
	GError **error = data;

	g_assert_null(netpont_client_call_finish(NETPONT_CLIENT(source), result, error));
}

static void test_client_no_server(void)
{
	g_autoptr(NetpontClient) client = netpont_client_new();
	g_autoptr(GSocket) sock =
	    g_socket_new(G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
	g_autoptr(GInetAddress) lo = g_inet_address_new_loopback(G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) any = g_inet_socket_address_new(lo, 0);
	g_autoptr(GSocketAddress) bound = NULL;
	g_autofree char *address = NULL;
	GError *error = NULL;
	Netpont__SeatList list = NETPONT__SEAT_LIST__INIT;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;

	/* A port that was free a moment ago and that nobody listens on. */
	g_assert_true(g_socket_bind(sock, any, FALSE, NULL));
	bound = g_socket_get_local_address(sock, NULL);
	address = g_strdup_printf("127.0.0.1:%u",
	                          g_inet_socket_address_get_port(G_INET_SOCKET_ADDRESS(bound)));
	g_socket_close(sock, NULL);

	/* A request before signing in fails at once with a sentence. */
	env.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
	env.seat_list = &list;
	netpont_client_call_async(client, &env, NULL, call_done, &error);
	while (error == NULL && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, TRUE);
	g_assert_error(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_clear_error(&error);

	netpont_client_connect_async(client, address, "dora", "secret", NULL, connect_done, &error);
	g_assert_cmpint(netpont_client_get_state(client), ==, NETPONT_CLIENT_CONNECTING);
	while (error == NULL && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, TRUE);
	g_assert_nonnull(error);
	g_assert_nonnull(strstr(error->message, address));
	g_assert_cmpint(netpont_client_get_state(client), ==, NETPONT_CLIENT_DISCONNECTED);
	g_clear_error(&error);

	/* A bare IPv6 address is ambiguous: netpontctl refuses it the same way. */
	end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;
	netpont_client_connect_async(client, "::1:80", "dora", "secret", NULL, connect_done,
	                             &error);
	while (error == NULL && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, TRUE);
	g_assert_error(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_cmpstr(error->message, ==,
	                "The server address must look like HOST or HOST:PORT, for example "
	                "127.0.0.1:7450 (not '::1:80').");
	g_clear_error(&error);
}

/* The console reads the server address as netpontctl does: a bad one is
 * refused with a sentence that says what is wrong, before any connecting. */
static void test_client_bad_address(void)
{
	g_autoptr(NetpontClient) client = netpont_client_new();
	GError *error = NULL;
	gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

	netpont_client_connect_async(client, "pc:99999", "dora", "secret", NULL, connect_done,
	                             &error);
	while (error == NULL && g_get_monotonic_time() < end)
		g_main_context_iteration(NULL, TRUE);
	g_assert_error(error, NETPONT_FRAME_ERROR, NETPONT_FRAME_ERROR_DISCONNECTED);
	g_assert_cmpstr(error->message, ==,
	                "The port in 'pc:99999' must be a number from 1 to 65535.");
	g_assert_cmpstr(netpont_client_get_last_error(client), ==, error->message);
	g_assert_cmpint(netpont_client_get_state(client), ==, NETPONT_CLIENT_DISCONNECTED);
	g_clear_error(&error);
}

/* Hungarian comes from the compiled catalogue of the build tree. */
static void test_hungarian(void)
{
	const char *dir = g_getenv("NETPONT_LOCALEDIR");

	if (dir == NULL) {
		g_test_skip("NETPONT_LOCALEDIR is not set");
		return;
	}
	g_setenv("LANGUAGE", "hu", TRUE);
	netpont_console_init_i18n();
	g_assert_cmpstr(g_dgettext(GETTEXT_PACKAGE, "Sign in"), ==, "Bejelentkezés");
	g_assert_cmpstr(netpont_seat_state_label(NETPONT__SEAT_STATE__SEAT_STATE_FREE), ==,
	                "Szabad");
	g_unsetenv("LANGUAGE");
}

/* A balance reads the same on every page: an amount owed, or a credit,
 * never a negative amount. */
static void test_balance(void)
{
	g_autoptr(NetpontClient) client = netpont_client_new();
	g_autofree char *owed = netpont_client_format_balance(client, 80, 0);
	g_autofree char *credit = netpont_client_format_balance(client, 0, 500);
	g_autofree char *nothing = netpont_client_format_balance(client, 0, 0);

	g_assert_cmpstr(owed, ==, "80\u00a0Ft");
	g_assert_cmpstr(credit, ==, "credit 500\u00a0Ft");
	g_assert_cmpstr(nothing, ==, "0\u00a0Ft");
}

/* A receipt of a payment in advance, in Hungarian: every word on it is in
 * the UI's language (written as a PDF for a person to look at too, in
 * NETPONT_RECEIPT_DIR when set). */
static void test_receipt_hungarian_credit(void)
{
	const char *dir = g_getenv("NETPONT_LOCALEDIR");
	const char *out = g_getenv("NETPONT_RECEIPT_DIR");
	g_autoptr(NetpontReceipt) receipt = kovacs_receipt();
	g_autoptr(NetpontClient) client = netpont_client_new();
	g_autofree char *tmp = g_dir_make_tmp("netpont-receipt-XXXXXX", NULL);
	g_autofree char *path = g_build_filename(out != NULL ? out : tmp, "receipt-hu.pdf", NULL);

	if (dir == NULL) {
		g_test_skip("NETPONT_LOCALEDIR is not set");
		return;
	}
	g_setenv("LANGUAGE", "hu", TRUE);
	netpont_console_init_i18n();
	g_autofree char *credit = netpont_client_format_balance(client, 0, 500);
	g_assert_cmpstr(credit, ==, "előleg: 500\u00a0Ft");
	receipt->total = 200;
	receipt->paid = 700;
	receipt->credit_after = 500;
	g_assert_true(netpont_receipt_save_pdf(receipt, path, NULL));
	g_unsetenv("LANGUAGE");
	netpont_console_init_i18n();
	if (out == NULL)
		g_unlink(path);
	g_rmdir(tmp);
}

/* The console asks the server for refusals in the user's language. */
static void test_client_language(void)
{
	g_autofree char *saved = g_strdup(g_getenv("LANGUAGE"));
	g_setenv("LANGUAGE", "hu_HU.UTF-8:en", TRUE);
	g_autofree char *hu = netpont_client_language();
	g_assert_cmpstr(hu, ==, "hu");
	g_setenv("LANGUAGE", "en", TRUE);
	g_autofree char *en = netpont_client_language();
	g_assert_cmpstr(en, ==, "en");
	g_setenv("LANGUAGE", "C", TRUE);
	g_autofree char *c = netpont_client_language();
	g_assert_cmpstr(c, ==, "");
	if (saved != NULL)
		g_setenv("LANGUAGE", saved, TRUE);
	else
		g_unsetenv("LANGUAGE");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/console/i18n/hungarian", test_hungarian);
	g_test_add_func("/console/format/money", test_money);
	g_test_add_func("/console/format/duration", test_duration);
	g_test_add_func("/console/seat/countdown", test_seat_countdown);
	g_test_add_func("/console/seat/kiosk-only", test_seat_kiosk_only);
	g_test_add_func("/console/item/notify", test_item_notify);
	g_test_add_func("/console/receipt/pdf", test_receipt_pdf);
	g_test_add_func("/console/receipt/hungarian-credit", test_receipt_hungarian_credit);
	g_test_add_func("/console/format/balance", test_balance);
	g_test_add_func("/console/client/no-server", test_client_no_server);
	g_test_add_func("/console/client/bad-address", test_client_bad_address);
	g_test_add_func("/console/client/language", test_client_language);
	return g_test_run();
}
