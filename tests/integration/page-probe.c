/* page-probe: walks a paged list of a real netpontd over TLS the way a
 * client does, one page per request, and says what each frame was, so that
 * pages.sh can check what netpontctl cannot show: every reply frame is
 * within the frame limit, and a list longer than one frame comes in more
 * than one page.
 *
 *   page-probe HOST PORT USER seats|residents LIMIT [CURSOR]
 *
 * The password is NETPONT_PASSWORD. Prints "pages P rows R largest B" and
 * exits 0 when every frame was within NP_FRAME_DEFAULT_MAX; with CURSOR,
 * asks for that one page and prints the server's refusal as
 * "refused CODE SENTENCE" (exit 0), or "accepted" (exit 1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"
#include "pages.h"

static int fail(const char *what)
{
	fprintf(stderr, "page-probe: %s\n", what);
	return 2;
}

int main(int argc, char **argv)
{
	if (argc != 6 && argc != 7)
		return fail("usage: page-probe HOST PORT USER seats|residents LIMIT [CURSOR]");
	const char *password = getenv("NETPONT_PASSWORD");
	bool seats = strcmp(argv[4], "seats") == 0;
	uint32_t limit = (uint32_t)strtoul(argv[5], NULL, 10);
	ctl_client c;
	ctl_client_init(&c);
	Netpont__Envelope *reply = NULL;
	if (ctl_client_connect_tcp(&c, argv[1], (uint16_t)atoi(argv[2])) != CTL_CLIENT_OK ||
	    ctl_client_hello_staff(&c, argv[3], password ? password : "", &reply) !=
	        CTL_CLIENT_OK ||
	    reply->body_case != NETPONT__ENVELOPE__BODY_WELCOME)
		return fail("cannot sign in");
	netpont__envelope__free_unpacked(reply, NULL);

	Netpont__SeatList sl = NETPONT__SEAT_LIST__INIT;
	Netpont__ResidentList rl = NETPONT__RESIDENT_LIST__INIT;
	Netpont__Envelope req = NETPONT__ENVELOPE__INIT;
	if (seats) {
		sl.page_size = limit;
		req.body_case = NETPONT__ENVELOPE__BODY_SEAT_LIST;
		req.seat_list = &sl;
	} else {
		rl.page_size = limit;
		rl.include_guests = true;
		req.body_case = NETPONT__ENVELOPE__BODY_RESIDENT_LIST;
		req.resident_list = &rl;
	}
	char cursor[NP_PAGE_CURSOR_MAX] = "";
	if (argc == 7)
		snprintf(cursor, sizeof cursor, "%s", argv[6]);
	size_t pages = 0, rows = 0, largest = 0;
	int status = 0;
	do {
		np_page_set_cursor(&req, cursor);
		if (ctl_client_request(&c, &req, &reply) != CTL_CLIENT_OK)
			return fail("the request failed");
		if (reply->body_case == NETPONT__ENVELOPE__BODY_ERROR) {
			printf("refused %d %s\n", (int)reply->error->code, reply->error->message);
			netpont__envelope__free_unpacked(reply, NULL);
			ctl_client_close(&c);
			return argc == 7 ? 0 : 1;
		}
		size_t size = np_frame_encoded_size(reply) - NP_FRAME_HEADER_SIZE;
		if (size > largest)
			largest = size;
		if (size > NP_FRAME_DEFAULT_MAX)
			status = 1;
		pages++;
		rows += seats ? reply->seat_list_reply->n_seats
		              : reply->resident_list_reply->n_residents;
		const char *next = np_page_next_cursor(reply);
		snprintf(cursor, sizeof cursor, "%s", next != NULL ? next : "");
		netpont__envelope__free_unpacked(reply, NULL);
	} while (cursor[0] != '\0' && argc == 6);
	ctl_client_close(&c);
	if (argc == 7) {
		puts("accepted");
		return 1;
	}
	printf("pages %zu rows %zu largest %zu\n", pages, rows, largest);
	return status;
}
