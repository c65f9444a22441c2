/* Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/):
 *   fuzz-corpus DIR
 * writes DIR/frame/<name> (one or two frames each) and DIR/gateway/<name>
 * (fuzz-targets.h's header, then frames: small stories of each role in the
 * room the gateway target sets up). The files are committed; run this
 * again after changing the protocol or the stories, and commit the result. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "frame.h"
#include "fuzz-targets.h"

/* A corpus file being built: the bytes so far and the next request id. */
typedef struct seed {
	uint8_t bytes[4096];
	size_t len;
	uint64_t next_id;
} seed;

static void die(const char *what, const char *path)
{
	fprintf(stderr, "fuzz-corpus: %s %s: %s\n", what, path, strerror(errno));
	exit(1);
}

static void seed_start(seed *s, fuzz_role role, uint8_t step_minutes)
{
	s->bytes[0] = (uint8_t)role;
	s->bytes[1] = step_minutes;
	s->len = FUZZ_GATEWAY_HEADER_SIZE;
	s->next_id = 1;
}

/* Appends one request frame whose body is msg, a message of body's type
 * (the Envelope's bodies share one union of pointers). */
static void seed_add(seed *s, Netpont__Envelope__BodyCase body, void *msg)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	env.id = s->next_id++;
	env.body_case = body;
	env.ping = msg;
	size_t len = np_frame_encoded_size(&env);
	if (len > sizeof s->bytes - s->len) {
		fprintf(stderr, "fuzz-corpus: a seed is too long\n");
		exit(1);
	}
	s->len += np_frame_pack(&env, s->bytes + s->len);
}

/* Writes the seed to dir/kind/name (kind: "frame" or "gateway"). A frame
 * seed is written without the gateway header. */
static void seed_write(const seed *s, const char *dir, const char *kind, const char *name)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", dir, kind);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die("cannot make", path);
	snprintf(path, sizeof path, "%s/%s/%s", dir, kind, name);
	size_t skip = strcmp(kind, "frame") == 0 ? FUZZ_GATEWAY_HEADER_SIZE : 0;
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		die("cannot write", path);
	if (fwrite(s->bytes + skip, 1, s->len - skip, f) != s->len - skip || fclose(f) != 0)
		die("cannot write", path);
}

static void hello_staff(seed *s, const char *user, const char *password)
{
	Netpont__Hello h = NETPONT__HELLO__INIT;
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.role = NETPONT__PEER_ROLE__PEER_ROLE_STAFF;
	h.user = (char *)user;
	h.password = (char *)password;
	h.client_name = "netpontctl 0.1";
	h.language = "hu";
	seed_add(s, NETPONT__ENVELOPE__BODY_HELLO, &h);
}

static void hello_agent(seed *s)
{
	Netpont__Hello h = NETPONT__HELLO__INIT;
	h.protocol_version = NP_PROTOCOL_VERSION;
	h.role = NETPONT__PEER_ROLE__PEER_ROLE_AGENT;
	h.seat = FUZZ_SEAT;
	h.token = "0000000000000000000000000000000000000000000000000000000000000000";
	h.client_name = "netpont-agent 0.1";
	seed_add(s, NETPONT__ENVELOPE__BODY_HELLO, &h);
}

static void session_start(seed *s, const char *login, int64_t seconds)
{
	Netpont__SessionStart m = NETPONT__SESSION_START__INIT;
	m.seat = FUZZ_SEAT;
	m.resident_login = (char *)(login ? login : "");
	m.guest = login == NULL;
	m.seconds = seconds;
	seed_add(s, NETPONT__ENVELOPE__BODY_SESSION_START, &m);
}

static void pay(seed *s, int64_t amount, const char *method, const char *note)
{
	Netpont__Pay m = NETPONT__PAY__INIT;
	m.resident_login = FUZZ_RESIDENT;
	m.amount = amount;
	m.method = (char *)method;
	m.note = (char *)note;
	seed_add(s, NETPONT__ENVELOPE__BODY_PAY, &m);
}

static void setting_set(seed *s, const char *key, const char *value)
{
	Netpont__Setting setting = NETPONT__SETTING__INIT;
	setting.key = (char *)key;
	setting.value = (char *)value;
	Netpont__SettingSet m = NETPONT__SETTING_SET__INIT;
	m.setting = &setting;
	seed_add(s, NETPONT__ENVELOPE__BODY_SETTING_SET, &m);
}

static void agent_login(seed *s, const char *pin)
{
	Netpont__AgentLogin m = NETPONT__AGENT_LOGIN__INIT;
	m.login = FUZZ_RESIDENT;
	m.pin = (char *)pin;
	seed_add(s, NETPONT__ENVELOPE__BODY_AGENT_LOGIN, &m);
}

/* The administrator enrols a PC, a mentor and a resident and changes the
 * room's settings and prices. */
static void admin_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_ADMIN, 0);
	Netpont__SeatAdd seat = NETPONT__SEAT_ADD__INIT;
	seat.name = "PC-02";
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_ADD, &seat);
	Netpont__StaffAdd staff = NETPONT__STAFF_ADD__INIT;
	staff.name = "eva";
	staff.role = NETPONT__STAFF_ROLE__STAFF_ROLE_TREASURER;
	staff.password = "eva-secret";
	seed_add(&s, NETPONT__ENVELOPE__BODY_STAFF_ADD, &staff);
	Netpont__ResidentAdd resident = NETPONT__RESIDENT_ADD__INIT;
	resident.login = "nagy";
	resident.name = "Nagy Béla";
	resident.pin = "2345";
	resident.category = "reduced";
	resident.note = "Álláskeresés";
	seed_add(&s, NETPONT__ENVELOPE__BODY_RESIDENT_ADD, &resident);
	Netpont__StaffList staff_list = NETPONT__STAFF_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_STAFF_LIST, &staff_list);
	seed_write(&s, dir, "gateway", "admin-enrol");

	seed_start(&s, FUZZ_ROLE_ADMIN, 0);
	Netpont__SettingList settings = NETPONT__SETTING_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SETTING_LIST, &settings);
	setting_set(&s, "pin_max_tries", "5");
	setting_set(&s, "close_time", "18:00");
	Netpont__Tariff tariff = NETPONT__TARIFF__INIT;
	tariff.service = "copy";
	tariff.price = 20;
	tariff.label = "Copy (A4)";
	Netpont__TariffSet tariff_set = NETPONT__TARIFF_SET__INIT;
	tariff_set.tariff = &tariff;
	seed_add(&s, NETPONT__ENVELOPE__BODY_TARIFF_SET, &tariff_set);
	Netpont__Category category = NETPONT__CATEGORY__INIT;
	category.name = "student";
	category.percent = 25;
	Netpont__CategorySet category_set = NETPONT__CATEGORY_SET__INIT;
	category_set.category = &category;
	seed_add(&s, NETPONT__ENVELOPE__BODY_CATEGORY_SET, &category_set);
	Netpont__StaffSetPassword password = NETPONT__STAFF_SET_PASSWORD__INIT;
	password.name = FUZZ_MENTOR;
	password.password = "new-secret";
	seed_add(&s, NETPONT__ENVELOPE__BODY_STAFF_SET_PASSWORD, &password);
	seed_write(&s, dir, "gateway", "admin-settings");
}

/* The administrator reads the books and corrects them. */
static void books_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_ADMIN, 0);
	Netpont__ReportTotals totals = NETPONT__REPORT_TOTALS__INIT;
	totals.from = "2024-03-01";
	totals.to = "2024-03-31";
	totals.by = NETPONT__REPORT_BY__REPORT_BY_CATEGORY;
	seed_add(&s, NETPONT__ENVELOPE__BODY_REPORT_TOTALS, &totals);
	Netpont__ReportWaivers waivers = NETPONT__REPORT_WAIVERS__INIT;
	waivers.from = "2024-03-12";
	waivers.to = "2024-03-12";
	seed_add(&s, NETPONT__ENVELOPE__BODY_REPORT_WAIVERS, &waivers);
	Netpont__ReportShifts shifts = NETPONT__REPORT_SHIFTS__INIT;
	shifts.from = "2024-01-01";
	shifts.to = "2024-12-31";
	seed_add(&s, NETPONT__ENVELOPE__BODY_REPORT_SHIFTS, &shifts);
	Netpont__ReportHelp help = NETPONT__REPORT_HELP__INIT;
	help.from = "2024-03-01";
	help.to = "2024-12-31";
	seed_add(&s, NETPONT__ENVELOPE__BODY_REPORT_HELP, &help);
	Netpont__TariffList tariffs = NETPONT__TARIFF_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_TARIFF_LIST, &tariffs);
	Netpont__CategoryList categories = NETPONT__CATEGORY_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_CATEGORY_LIST, &categories);
	Netpont__LedgerReverse reverse = NETPONT__LEDGER_REVERSE__INIT;
	reverse.entry_id = 2;
	reverse.note = "Rossz összeg.";
	seed_add(&s, NETPONT__ENVELOPE__BODY_LEDGER_REVERSE, &reverse);
	seed_write(&s, dir, "gateway", "admin-books");
}

/* A mentor runs the room: a session, its end, the bill, a shift, help. */
static void mentor_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_MENTOR, 10);
	Netpont__SeatList seats = NETPONT__SEAT_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_LIST, &seats);
	session_start(&s, FUZZ_RESIDENT, 1800);
	Netpont__SessionExtend extend = NETPONT__SESSION_EXTEND__INIT;
	extend.seat = FUZZ_SEAT;
	extend.seconds = 600;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SESSION_EXTEND, &extend);
	Netpont__SeatMessage message = NETPONT__SEAT_MESSAGE__INIT;
	message.name = FUZZ_SEAT;
	message.text = "A terem 10 perc múlva zár.";
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_MESSAGE, &message);
	Netpont__SessionEnd end = NETPONT__SESSION_END__INIT;
	end.seat = FUZZ_SEAT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SESSION_END, &end);
	Netpont__Bill bill = NETPONT__BILL__INIT;
	bill.resident_login = FUZZ_RESIDENT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_BILL, &bill);
	pay(&s, 100, "cash", "");
	seed_write(&s, dir, "gateway", "mentor-session");

	seed_start(&s, FUZZ_ROLE_MENTOR, 60);
	Netpont__ShiftStart shift_start = NETPONT__SHIFT_START__INIT;
	shift_start.cash_float = 10000;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SHIFT_START, &shift_start);
	Netpont__ChargeAdd charge = NETPONT__CHARGE_ADD__INIT;
	charge.resident_login = FUZZ_RESIDENT;
	charge.service = "copy";
	charge.qty = 3;
	seed_add(&s, NETPONT__ENVELOPE__BODY_CHARGE_ADD, &charge);
	pay(&s, 30, "waive", "Nincs nála pénz.");
	session_start(&s, NULL, 0);
	Netpont__ShiftEnd shift_end = NETPONT__SHIFT_END__INIT;
	shift_end.counted = 10000;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SHIFT_END, &shift_end);
	Netpont__ReportTotals totals = NETPONT__REPORT_TOTALS__INIT;
	totals.from = "2024-03-01";
	totals.to = "2024-03-31";
	totals.by = NETPONT__REPORT_BY__REPORT_BY_SERVICE;
	seed_add(&s, NETPONT__ENVELOPE__BODY_REPORT_TOTALS, &totals);
	seed_write(&s, dir, "gateway", "mentor-shift");

	seed_start(&s, FUZZ_ROLE_MENTOR, 1);
	Netpont__HelpList help = NETPONT__HELP_LIST__INIT;
	help.include_resolved = true;
	seed_add(&s, NETPONT__ENVELOPE__BODY_HELP_LIST, &help);
	Netpont__HelpAck ack = NETPONT__HELP_ACK__INIT;
	ack.id = 1;
	seed_add(&s, NETPONT__ENVELOPE__BODY_HELP_ACK, &ack);
	Netpont__ResidentList residents = NETPONT__RESIDENT_LIST__INIT;
	residents.query = "kov";
	seed_add(&s, NETPONT__ENVELOPE__BODY_RESIDENT_LIST, &residents);
	Netpont__ResidentShow show = NETPONT__RESIDENT_SHOW__INIT;
	show.login = FUZZ_RESIDENT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_RESIDENT_SHOW, &show);
	Netpont__SeatLock lock = NETPONT__SEAT_LOCK__INIT;
	lock.name = FUZZ_SEAT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_LOCK, &lock);
	seed_write(&s, dir, "gateway", "mentor-help");

	seed_start(&s, FUZZ_ROLE_MENTOR, 0);
	Netpont__HelpResolve resolve = NETPONT__HELP_RESOLVE__INIT;
	resolve.id = 1;
	seed_add(&s, NETPONT__ENVELOPE__BODY_HELP_RESOLVE, &resolve);
	Netpont__ResidentUpdate update = NETPONT__RESIDENT_UPDATE__INIT;
	update.login = FUZZ_RESIDENT;
	update.name = "Kovács Anna Mária";
	update.pin = "4321";
	update.category = "exempt";
	update.clear_lockout = true;
	seed_add(&s, NETPONT__ENVELOPE__BODY_RESIDENT_UPDATE, &update);
	Netpont__SeatUnlock unlock = NETPONT__SEAT_UNLOCK__INIT;
	unlock.name = FUZZ_SEAT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_UNLOCK, &unlock);
	seed_write(&s, dir, "gateway", "mentor-resident");
}

/* The seat's agent: a resident logs in, asks for help, prints, logs out;
 * and a resident who forgot the PIN. */
static void agent_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_AGENT, 5);
	Netpont__AgentSync sync = NETPONT__AGENT_SYNC__INIT;
	sync.locked = true;
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_SYNC, &sync);
	agent_login(&s, FUZZ_RESIDENT_PIN);
	Netpont__AgentHelp help = NETPONT__AGENT_HELP__INIT;
	help.text = "Nem tudok nyomtatni.";
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_HELP, &help);
	Netpont__Ping ping = NETPONT__PING__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_PING, &ping);
	Netpont__AgentPrint print = NETPONT__AGENT_PRINT__INIT;
	print.job_key = "PDF/17/1710245000";
	print.printer = "PDF";
	print.title = "Önéletrajz";
	print.pages = 2;
	print.copies = 1;
	print.completed_at = 1710245000;
	print.session_id = 1;
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_PRINT, &print);
	Netpont__AgentLogout logout = NETPONT__AGENT_LOGOUT__INIT;
	logout.session_id = 1;
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_LOGOUT, &logout);
	seed_write(&s, dir, "gateway", "agent-day");

	seed_start(&s, FUZZ_ROLE_AGENT, 0);
	agent_login(&s, "0000");
	agent_login(&s, "9999");
	agent_login(&s, FUZZ_RESIDENT_PIN);
	seed_write(&s, dir, "gateway", "agent-wrong-pin");

	seed_start(&s, FUZZ_ROLE_AGENT, 0);
	Netpont__HeldPrint job = NETPONT__HELD_PRINT__INIT;
	job.job_key = "HOLD/3/1710245100";
	job.title = "Adóbevallás";
	job.pages = 12;
	job.copies = 1;
	Netpont__HeldPrint *jobs[] = {&job};
	Netpont__AgentHeldPrints held = NETPONT__AGENT_HELD_PRINTS__INIT;
	held.n_jobs = 1;
	held.jobs = jobs;
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_HELD_PRINTS, &held);
	Netpont__PrintQuote quote = NETPONT__PRINT_QUOTE__INIT;
	quote.pages = 12;
	quote.copies = 1;
	seed_add(&s, NETPONT__ENVELOPE__BODY_PRINT_QUOTE, &quote);
	seed_write(&s, dir, "gateway", "agent-held-print");
}

/* A connection that has not said Hello yet. */
static void hello_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	hello_staff(&s, FUZZ_MENTOR, FUZZ_MENTOR_PASSWORD);
	Netpont__SeatList seats = NETPONT__SEAT_LIST__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_LIST, &seats);
	seed_write(&s, dir, "gateway", "hello-mentor");

	seed_start(&s, FUZZ_ROLE_NONE, 0);
	hello_staff(&s, FUZZ_ADMIN, "wrong");
	seed_write(&s, dir, "gateway", "hello-wrong-password");

	seed_start(&s, FUZZ_ROLE_NONE, 0);
	hello_agent(&s);
	seed_write(&s, dir, "gateway", "hello-agent-wrong-token");

	/* A PC redeeming a join code instead of saying hello, then an
	 * administrator asking for an invitation. */
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	Netpont__AgentJoin join = NETPONT__AGENT_JOIN__INIT;
	join.secret = "0123456789ABCDEF";
	join.hostname = "pc03";
	join.seat = "PC-03";
	seed_add(&s, NETPONT__ENVELOPE__BODY_AGENT_JOIN, &join);
	seed_write(&s, dir, "gateway", "join-unknown-code");
	seed_start(&s, FUZZ_ROLE_ADMIN, 0);
	Netpont__SeatInvite invite = NETPONT__SEAT_INVITE__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_INVITE, &invite);
	seed_write(&s, dir, "gateway", "admin-invite");
	/* An information point (issue 14): on, then off. */
	seed_start(&s, FUZZ_ROLE_ADMIN, 0);
	Netpont__SeatKiosk kiosk = NETPONT__SEAT_KIOSK__INIT;
	kiosk.name = FUZZ_SEAT;
	kiosk.on = true;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_KIOSK, &kiosk);
	Netpont__SeatKiosk normal = NETPONT__SEAT_KIOSK__INIT;
	normal.name = FUZZ_SEAT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_SEAT_KIOSK, &normal);
	seed_write(&s, dir, "gateway", "admin-kiosk");
}

/* The frame corpus: single frames of the kinds above, and two in a row. */
static void frame_seeds(const char *dir)
{
	seed s;
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	hello_staff(&s, FUZZ_MENTOR, FUZZ_MENTOR_PASSWORD);
	seed_write(&s, dir, "frame", "hello-staff");
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	hello_agent(&s);
	seed_write(&s, dir, "frame", "hello-agent");
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	session_start(&s, FUZZ_RESIDENT, 3600);
	seed_write(&s, dir, "frame", "session-start");
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	pay(&s, 180, "cash", "Köszönöm");
	seed_write(&s, dir, "frame", "pay");
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	setting_set(&s, "site_name", "Közösségi Ház");
	seed_write(&s, dir, "frame", "setting-set");
	seed_start(&s, FUZZ_ROLE_NONE, 0);
	agent_login(&s, FUZZ_RESIDENT_PIN);
	Netpont__Ping ping = NETPONT__PING__INIT;
	seed_add(&s, NETPONT__ENVELOPE__BODY_PING, &ping);
	seed_write(&s, dir, "frame", "login-and-ping");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fuzz-corpus DIR\n");
		return 2;
	}
	if (mkdir(argv[1], 0755) != 0 && errno != EEXIST)
		die("cannot make", argv[1]);
	frame_seeds(argv[1]);
	admin_seeds(argv[1]);
	books_seeds(argv[1]);
	mentor_seeds(argv[1]);
	agent_seeds(argv[1]);
	hello_seeds(argv[1]);
	return 0;
}
