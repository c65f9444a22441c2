#include "netpont-lock-controller.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "netpont-lock-i18n.h"
#include "netpont-lock-text.h"

struct _NetpontLockController {
	GObject parent_instance;
	GtkApplication *app; /* not owned */
	NetpontLockClient *client;
	gboolean windowed;
	NetpontLockMode mode;
	gboolean granted; /* greeter mode: "session-granted" was emitted for this unlock */
	const char *greeter_problem;    /* greeter mode: untranslated sentence replacing the form */
	gboolean greeter_saw_lock;      /* greeter mode: a status said "locked" since start */
	NetpontLockWindow *lock_window; /* owned by GTK's window list; destroyed by us */
	NetpontLockBar *bar;
	GtkWindow *warning; /* open dialogs, or NULL */
	GtkWindow *print_dialog;
	GtkWindow *end_dialog;
	GtkWindow *message_dialog;
	char *print_key;    /* the job the print dialog asks about */
	char *answered_key; /* the last job answered: not asked again */
	GSimpleActionGroup *actions;
	Netpont__ControlStatusReply *status; /* the last status, owned (protobuf-c) */
	gint64 status_at;                    /* monotonic time it arrived */
	char *last_message;                  /* the mentor message already announced */
	char *help_text;                     /* what the last help request/status said */
	char *lang;                          /* "hu" or "en" */
	gboolean high_contrast;
	gboolean larger_text;
	gboolean lock_unlocked; /* the lock screen last saw the PC unlocked */
	guint goodbye_source;   /* ends the goodbye page */
	gboolean busy;
	guint tick_source;
	GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE(NetpontLockController, netpont_lock_controller, G_TYPE_OBJECT)

enum { SIGNAL_SESSION_GRANTED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* From the generated netpont-lock-resources.c. */
void netpont_lock_register_resource(void);

static void controller_apply(NetpontLockController *self);
static void controller_build_windows(NetpontLockController *self);
static void controller_apply_lock_window(NetpontLockController *self);
static void controller_lock_window_built(NetpontLockController *self);
static void controller_apply_greeter(NetpontLockController *self);
static void controller_cover_monitor(NetpontLockController *self);

void netpont_lock_init_style(void)
{
	static gboolean done;
	if (done)
		return;
	done = TRUE;
	/* Registered by hand: a constructor in a static library is dropped by
	 * the linker when nothing else refers to its object file. */
	netpont_lock_register_resource();
	adw_init();
	GtkCssProvider *css = gtk_css_provider_new();
	gtk_css_provider_load_from_resource(css, "/hu/netpont/Lock/style.css");
	/* Above the theme, so the large text wins over libadwaita's sizes. */
	gtk_style_context_add_provider_for_display(gdk_display_get_default(),
	                                           GTK_STYLE_PROVIDER(css),
	                                           GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
	g_object_unref(css);
}

/* ---------------------------------------------------------------- helpers */

static Netpont__ControlStatusReply *status_copy(const Netpont__ControlStatusReply *status)
{
	size_t len = netpont__control_status_reply__get_packed_size(status);
	g_autofree uint8_t *buf = g_malloc(len ? len : 1);
	netpont__control_status_reply__pack(status, buf);
	return netpont__control_status_reply__unpack(NULL, len, buf);
}

static gint64 controller_remaining(NetpontLockController *self)
{
	if (self->status == NULL)
		return 0;
	gint64 elapsed = (g_get_monotonic_time() - self->status_at) / G_USEC_PER_SEC;
	gint64 left = self->status->remaining_s - elapsed;
	return left > 0 ? left : 0;
}

static void close_dialog(GtkWindow **dialog)
{
	if (*dialog != NULL) {
		GtkWindow *d = *dialog;
		*dialog = NULL;
		gtk_window_destroy(d);
	}
}

static void on_dialog_destroyed(GtkWidget *widget, gpointer data)
{
	GtkWindow **slot = data;
	if (*slot == GTK_WINDOW(widget))
		*slot = NULL;
}

static GtkWindow *controller_parent(NetpontLockController *self)
{
	if (netpont_lock_controller_is_unlocked(self))
		return GTK_WINDOW(self->bar);
	return GTK_WINDOW(self->lock_window);
}

/* A large message dialog in the lock screen's style. */
static AdwMessageDialog *controller_dialog(NetpontLockController *self, const char *heading,
                                           const char *body, GtkWindow **slot)
{
	AdwMessageDialog *dialog =
	    ADW_MESSAGE_DIALOG(adw_message_dialog_new(controller_parent(self), heading, body));
	gtk_widget_add_css_class(GTK_WIDGET(dialog), "netpont-dialog");
	/* With large text the buttons no longer fit side by side, and
	 * AdwMessageDialog then falls back to a narrow column that wraps every
	 * other word; keep it wide. */
	gtk_widget_set_size_request(GTK_WIDGET(dialog), 560, -1);
	if (self->high_contrast)
		gtk_widget_add_css_class(GTK_WIDGET(dialog), "high-contrast");
	gtk_window_set_modal(GTK_WINDOW(dialog), TRUE);
	if (self->app != NULL)
		gtk_window_set_application(GTK_WINDOW(dialog), self->app);
	*slot = GTK_WINDOW(dialog);
	g_signal_connect(dialog, "destroy", G_CALLBACK(on_dialog_destroyed), slot);
	return dialog;
}

/* ---------------------------------------------------------------- requests */

typedef void (*reply_handler)(NetpontLockController *self, Netpont__Envelope *reply, int code,
                              int tries_left, const char *message, gboolean disconnected);

typedef struct {
	NetpontLockController *self; /* a reference */
	reply_handler handler;
} request_ctx;

static void on_request_done(GObject *source, GAsyncResult *result, gpointer data)
{
	request_ctx *ctx = data;
	g_autoptr(GError) error = NULL;
	int tries_left = 0;
	Netpont__Envelope *reply = netpont_lock_client_request_finish(NETPONT_LOCK_CLIENT(source),
	                                                              result, &tries_left, &error);
	if (!g_error_matches(error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
	    ctx->self->client != NULL) {
		if (reply != NULL)
			ctx->handler(ctx->self, reply, 0, 0, NULL, FALSE);
		else if (netpont_frame_error_is_refusal(error))
			ctx->handler(ctx->self, NULL, error->code, tries_left, error->message,
			             FALSE);
		else
			ctx->handler(ctx->self, NULL, 0, 0, error->message, TRUE);
	}
	if (reply != NULL)
		netpont__envelope__free_unpacked(reply, NULL);
	g_object_unref(ctx->self);
	g_free(ctx);
}

static void controller_request(NetpontLockController *self, Netpont__Envelope *env,
                               reply_handler handler)
{
	request_ctx *ctx = g_new0(request_ctx, 1);
	ctx->self = g_object_ref(self);
	ctx->handler = handler;
	netpont_lock_client_request_async(self->client, env, self->cancellable, on_request_done,
	                                  ctx);
}

static char *controller_refusal(int code, int tries_left, const char *message,
                                gboolean disconnected)
{
	if (disconnected)
		return g_strdup(
		    _("This PC's Netpont service is not running — please ask a mentor."));
	return netpont_lock_text_error(code, tries_left, message);
}

static void controller_take_status(NetpontLockController *self,
                                   const Netpont__ControlStatusReply *status)
{
	if (self->status != NULL)
		netpont__control_status_reply__free_unpacked(self->status, NULL);
	self->status = status_copy(status);
	self->status_at = g_get_monotonic_time();
}

/* ---------------------------------------------------------------- login */

static void on_login_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                           int tries_left, const char *message, gboolean disconnected)
{
	self->busy = FALSE;
	if (self->lock_window == NULL)
		return;
	netpont_lock_window_set_busy(self->lock_window, FALSE);
	if (reply != NULL) {
		netpont_lock_window_set_error(self->lock_window, NULL);
		netpont_lock_window_clear(self->lock_window, TRUE);
		if (reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
			controller_take_status(self, reply->control_status_reply);
		controller_apply(self);
		return;
	}
	g_autofree char *text = controller_refusal(code, tries_left, message, disconnected);
	netpont_lock_window_clear(self->lock_window, FALSE);
	GtkEditable *retry = code == NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND
	                         ? netpont_lock_window_get_login_entry(self->lock_window)
	                         : netpont_lock_window_get_pin_entry(self->lock_window);
	netpont_lock_window_show_error(self->lock_window, text, retry);
}

static void on_login(NetpontLockWindow *window, gpointer data)
{
	NetpontLockController *self = data;
	if (self->busy)
		return;
	g_autofree char *login = g_strstrip(
	    g_strdup(gtk_editable_get_text(netpont_lock_window_get_login_entry(window))));
	const char *pin = gtk_editable_get_text(netpont_lock_window_get_pin_entry(window));
	if (login[0] == '\0') {
		netpont_lock_window_show_error(window, _("Please type your login name."),
		                               netpont_lock_window_get_login_entry(window));
		return;
	}
	if (pin[0] == '\0') {
		netpont_lock_window_show_error(window, _("Please type your PIN."),
		                               netpont_lock_window_get_pin_entry(window));
		return;
	}
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlLogin msg = NETPONT__CONTROL_LOGIN__INIT;
	msg.login = login;
	msg.pin = (char *)pin;
	msg.language = self->lang; /* refusals come back in the screen's language */
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGIN;
	env.control_login = &msg;
	self->busy = TRUE;
	netpont_lock_window_set_busy(window, TRUE);
	controller_request(self, &env, on_login_reply);
}

/* ---------------------------------------------------------------- call a mentor */

static void controller_show_help(NetpontLockController *self)
{
	if (self->bar != NULL)
		netpont_lock_bar_set_help(self->bar, self->help_text);
	if (self->lock_window != NULL && !netpont_lock_controller_is_unlocked(self))
		netpont_lock_window_set_info(self->lock_window, self->help_text);
}

static void on_help_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                          int tries_left, const char *message, gboolean disconnected)
{
	g_clear_pointer(&self->help_text, g_free);
	if (reply != NULL && reply->body_case == NETPONT__ENVELOPE__BODY_HELP_CALL)
		self->help_text = netpont_lock_text_help(reply->help_call);
	if (reply != NULL && self->help_text == NULL)
		self->help_text = g_strdup(_("A mentor has been called. Please wait a moment."));
	if (reply == NULL)
		self->help_text = controller_refusal(code, tries_left, message, disconnected);
	controller_show_help(self);
	if (reply != NULL && self->bar != NULL)
		netpont_lock_bar_set_help_open(self->bar, TRUE);
}

/* ---------------------------------------------------------------- cancel the call */

static void on_help_cancel_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                                 int tries_left, const char *message, gboolean disconnected)
{
	g_clear_pointer(&self->help_text, g_free);
	if (reply == NULL)
		self->help_text = controller_refusal(code, tries_left, message, disconnected);
	else if (self->bar != NULL)
		netpont_lock_bar_set_help_open(self->bar, FALSE);
	controller_show_help(self);
}

/* The resident takes the call back (solved it, or a neighbour helped):
 * the mentor's list no longer sends someone over. */
static void action_cancel_help(GSimpleAction *action, GVariant *param, gpointer data)
{
	NetpontLockController *self = data;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlHelpCancel msg = NETPONT__CONTROL_HELP_CANCEL__INIT;
	msg.language = self->lang;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_HELP_CANCEL;
	env.control_help_cancel = &msg;
	controller_request(self, &env, on_help_cancel_reply);
}

static void action_call_mentor(GSimpleAction *action, GVariant *param, gpointer data)
{
	NetpontLockController *self = data;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlHelp msg = NETPONT__CONTROL_HELP__INIT;
	msg.language = self->lang;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_HELP;
	env.control_help = &msg;
	controller_request(self, &env, on_help_reply);
}

/* ---------------------------------------------------------------- end my session */

/* A reply that carries the agent's new status: shows it. FALSE for a
 * refusal (reply NULL), which the caller words. */
static gboolean controller_took_status_reply(NetpontLockController *self, Netpont__Envelope *reply)
{
	if (reply == NULL)
		return FALSE;
	if (reply->body_case == NETPONT__ENVELOPE__BODY_CONTROL_STATUS_REPLY)
		controller_take_status(self, reply->control_status_reply);
	controller_apply(self);
	return TRUE;
}

/* Asks the agent to end the session (ControlLogout in the screen's
 * language); handler gets the answer. */
static void controller_send_logout(NetpontLockController *self, reply_handler handler)
{
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlLogout msg = NETPONT__CONTROL_LOGOUT__INIT;
	msg.language = self->lang;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_LOGOUT;
	env.control_logout = &msg;
	controller_request(self, &env, handler);
}

static void on_logout_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                            int tries_left, const char *message, gboolean disconnected)
{
	if (controller_took_status_reply(self, reply))
		return;
	g_autofree char *text = controller_refusal(code, tries_left, message, disconnected);
	if (self->bar != NULL)
		netpont_lock_bar_set_help(self->bar, text);
}

static void on_end_response(AdwMessageDialog *dialog, const char *response, gpointer data)
{
	NetpontLockController *self = data;
	if (g_strcmp0(response, "end") != 0)
		return;
	controller_send_logout(self, on_logout_reply);
}

static void action_end_session(GSimpleAction *action, GVariant *param, gpointer data)
{
	NetpontLockController *self = data;
	if (self->end_dialog != NULL) {
		gtk_window_present(self->end_dialog);
		return;
	}
	AdwMessageDialog *dialog = controller_dialog(
	    self, _("End your session now?"),
	    _("The PC will be locked, and your files, downloads and browser history on this PC "
	      "will be deleted. Keep what you need on a USB stick, or e\u2011mail it to yourself "
	      "first."),
	    &self->end_dialog);
	adw_message_dialog_add_responses(dialog, "keep", _("_Keep working"), "end",
	                                 _("_End my session"), NULL);
	adw_message_dialog_set_response_appearance(dialog, "end", ADW_RESPONSE_DESTRUCTIVE);
	adw_message_dialog_set_default_response(dialog, "keep");
	adw_message_dialog_set_close_response(dialog, "keep");
	g_signal_connect(dialog, "response", G_CALLBACK(on_end_response), self);
	gtk_window_present(GTK_WINDOW(dialog));
}

/* What a click on a dialog's button does: the response, then the dialog
 * goes away (adw_message_dialog_response() alone leaves it open). */
static void dialog_answer(GtkWindow *dialog, const char *response)
{
	if (dialog == NULL)
		return;
	g_object_ref(dialog);
	adw_message_dialog_response(ADW_MESSAGE_DIALOG(dialog), response);
	gtk_window_destroy(dialog);
	g_object_unref(dialog);
}

void netpont_lock_controller_answer_end(NetpontLockController *self, gboolean end)
{
	dialog_answer(self->end_dialog, end ? "end" : "keep");
}

/* ---------------------------------------------------------------- print confirmation */

static void on_print_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                           int tries_left, const char *message, gboolean disconnected)
{
	if (reply != NULL || self->bar == NULL)
		return;
	g_autofree char *text = controller_refusal(code, tries_left, message, disconnected);
	netpont_lock_bar_set_help(self->bar, text);
}

static void on_print_response(AdwMessageDialog *dialog, const char *response, gpointer data)
{
	NetpontLockController *self = data;
	if (self->print_key == NULL)
		return;
	Netpont__Envelope env = NETPONT__ENVELOPE__INIT;
	Netpont__ControlPrintConfirm msg = NETPONT__CONTROL_PRINT_CONFIRM__INIT;
	msg.job_key = self->print_key;
	msg.cancel = g_strcmp0(response, "print") != 0;
	env.body_case = NETPONT__ENVELOPE__BODY_CONTROL_PRINT_CONFIRM;
	env.control_print_confirm = &msg;
	controller_request(self, &env, on_print_reply);
	/* The agent keeps announcing the job until CUPS has released or
	 * cancelled it; the answer stands. */
	g_free(self->answered_key);
	self->answered_key = g_steal_pointer(&self->print_key);
}

static void controller_ask_print(NetpontLockController *self, const Netpont__AgentPrint *job,
                                 gint64 amount)
{
	if (g_strcmp0(self->print_key, job->job_key) == 0 ||
	    g_strcmp0(self->answered_key, job->job_key) == 0)
		return; /* already asking, or answered */
	close_dialog(&self->print_dialog);
	g_free(self->print_key);
	self->print_key = g_strdup(job->job_key);
	g_autofree char *price = netpont_lock_text_print_price(
	    job->pages, job->copies, amount, self->status != NULL ? self->status->currency : NULL,
	    self->status != NULL ? self->status->currency_decimals : 0);
	g_autofree char *body = NULL;
	if (job->title != NULL && job->title[0] != '\0')
		body = g_strdup_printf("%s\n%s", job->title, price);
	AdwMessageDialog *dialog =
	    controller_dialog(self, job->color ? _("Print in colour?") : _("Print?"),
	                      body ? body : price, &self->print_dialog);
	adw_message_dialog_add_responses(dialog, "cancel", _("_Cancel"), "print", _("_Print"),
	                                 NULL);
	adw_message_dialog_set_response_appearance(dialog, "print", ADW_RESPONSE_SUGGESTED);
	adw_message_dialog_set_default_response(dialog, "print");
	adw_message_dialog_set_close_response(dialog, "cancel");
	g_signal_connect(dialog, "response", G_CALLBACK(on_print_response), self);
	gtk_window_present(GTK_WINDOW(dialog));
}

void netpont_lock_controller_answer_print(NetpontLockController *self, gboolean print)
{
	dialog_answer(self->print_dialog, print ? "print" : "cancel");
}

/* ---------------------------------------------------------------- warnings */

/* When the warning's end comes: the session's end, or for "close5" the
 * room's closing time as the agent said it. Caller frees. */
static char *controller_warning_time(NetpontLockController *self, const char *warning)
{
	gboolean closing = g_strcmp0(warning, "close5") == 0;
	if (closing && self->status != NULL && self->status->close_time != NULL &&
	    self->status->close_time[0] != '\0')
		return g_strdup(self->status->close_time);
	/* The room closes 5 minutes after its warning. */
	gint64 left = closing ? 5 * 60 : controller_remaining(self);
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autoptr(GDateTime) end = g_date_time_add_seconds(now, (gdouble)left);
	return g_date_time_format(end, "%H:%M");
}

void netpont_lock_controller_show_warning(NetpontLockController *self, const char *warning)
{
	g_autofree char *at = controller_warning_time(self, warning);
	g_autofree char *heading = netpont_lock_text_warning_heading(warning);
	g_autofree char *body = netpont_lock_text_warning_body(warning, at);
	if (heading == NULL || body == NULL)
		return; /* a word this version does not know */
	if (g_strcmp0(warning, "close5") != 0 && self->status != NULL &&
	    self->status->booked_from != 0) {
		/* A walk-in's time is short because of a booking: say so. */
		g_autoptr(GDateTime) now = g_date_time_new_now_local();
		g_autofree char *why =
		    netpont_lock_text_booked_from(self->status->booked_from, now);
		g_autofree char *joined = g_strjoin("\n\n", why, body, NULL);
		g_free(body);
		body = g_steal_pointer(&joined);
	}
	close_dialog(&self->warning);
	AdwMessageDialog *dialog = controller_dialog(self, heading, body, &self->warning);
	gtk_widget_add_css_class(GTK_WIDGET(dialog), "warning-dialog");
	adw_message_dialog_add_response(dialog, "ok", _("_OK, I understand"));
	adw_message_dialog_set_default_response(dialog, "ok");
	adw_message_dialog_set_close_response(dialog, "ok");
	gtk_window_present(GTK_WINDOW(dialog));
	/* A sound, so someone looking at the keyboard notices too. */
	gtk_widget_error_bell(GTK_WIDGET(dialog));
}

/* ---------------------------------------------------------------- mentor messages */

/* A message from the mentor opens as a dialog with a sound: on a busy
 * screen a line of text in the bar is easy to miss. */
static void controller_show_message(NetpontLockController *self, const char *message)
{
	close_dialog(&self->message_dialog);
	AdwMessageDialog *dialog =
	    controller_dialog(self, _("Message from the mentor"), message, &self->message_dialog);
	adw_message_dialog_add_response(dialog, "ok", _("_OK"));
	adw_message_dialog_set_default_response(dialog, "ok");
	adw_message_dialog_set_close_response(dialog, "ok");
	gtk_window_present(GTK_WINDOW(dialog));
	gtk_widget_error_bell(GTK_WIDGET(dialog));
}

/* ---------------------------------------------------------------- the locked screen's page */

/* The session the goodbye page is about, or NULL when there is none or its
 * page has been shown long enough. */
static const Netpont__ControlSessionSummary *controller_goodbye(NetpontLockController *self)
{
	const Netpont__ControlStatusReply *st = self->status;
	if (st == NULL || st->unlocked || st->last_session == NULL ||
	    st->last_session->ended_at <= 0)
		return NULL;
	gint64 now = g_get_real_time() / G_USEC_PER_SEC;
	return now < st->last_session->ended_at + NETPONT_LOCK_GOODBYE_S ? st->last_session : NULL;
}

static gboolean on_goodbye_over(gpointer data)
{
	NetpontLockController *self = data;
	self->goodbye_source = 0;
	controller_apply_lock_window(self);
	return G_SOURCE_REMOVE;
}

/* The goodbye page ends by itself: the agent sends nothing when its time is
 * over. */
static void controller_time_goodbye(NetpontLockController *self)
{
	g_clear_handle_id(&self->goodbye_source, g_source_remove);
	const Netpont__ControlSessionSummary *bye = controller_goodbye(self);
	if (bye == NULL)
		return;
	gint64 left_ms = (bye->ended_at + NETPONT_LOCK_GOODBYE_S) * 1000 - g_get_real_time() / 1000;
	self->goodbye_source = g_timeout_add(
	    (guint)CLAMP(left_ms, 0, NETPONT_LOCK_GOODBYE_S * 1000) + 50, on_goodbye_over, self);
}

/* Fills the locked screen from the last status: the site, the page (form
 * or notice), whether logins can work now, and the line below the form. */
static void controller_apply_lock_window(NetpontLockController *self)
{
	NetpontLockWindow *w = self->lock_window;
	const Netpont__ControlStatusReply *st = self->status;
	gboolean connected = netpont_lock_client_is_connected(self->client);
	gboolean unlocked = st != NULL && st->unlocked && connected;

	netpont_lock_window_set_site_name(w, st ? st->site_name : NULL);
	/* An information point shows only the directory (issue 14). */
	netpont_lock_window_set_kiosk(w, st != NULL && st->kiosk_only);
	g_autofree char *title = NULL, *body = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	if (connected)
		netpont_lock_text_notice(st, now, &title, &body);
	controller_time_goodbye(self);
	netpont_lock_window_set_notice(w, title, body);
	g_autofree char *hours = title == NULL
	                             ? netpont_lock_text_hours_today(st ? st->hours_today : NULL,
	                                                             st ? st->close_time : NULL)
	                             : NULL;
	netpont_lock_window_set_hours(w, hours);
	/* The booking as the agent last heard it, also while it is offline. */
	g_autofree char *booking =
	    title == NULL && st != NULL ? netpont_lock_text_booking(st->booking, now) : NULL;
	netpont_lock_window_set_booking(w, booking);
	/* The agent refuses logins while it cannot ask the server. */
	netpont_lock_window_set_waiting(w, !connected || st == NULL || !st->connected);

	g_autofree char *info = NULL;
	if (!connected)
		info = g_strdup(_("Connecting to this PC's Netpont service…"));
	else if (st != NULL && !st->connected)
		info = g_strdup(_("This PC cannot reach the server. Logins wait until it is back — "
		                  "please ask a mentor."));
	else if (self->help_text != NULL)
		info = g_strdup(self->help_text);
	else if (st != NULL && st->message != NULL && st->message[0] != '\0')
		info = g_strdup(st->message);
	netpont_lock_window_set_info(w, info);

	/* After a lock the next resident starts typing their login name. */
	if (self->lock_unlocked && !unlocked) {
		netpont_lock_window_clear(w, TRUE);
		netpont_lock_window_focus_login(w);
	}
	self->lock_unlocked = unlocked;
}

static void on_larger_text_switched(GtkSwitch *sw, GParamSpec *pspec, gpointer data)
{
	NetpontLockController *self = data;
	self->larger_text = gtk_switch_get_active(sw);
}

/* A new locked screen (at start and after a language change) keeps the
 * resident's larger text. */
static void controller_lock_window_built(NetpontLockController *self)
{
	netpont_lock_window_set_larger_text(self->lock_window, self->larger_text);
	g_signal_connect(netpont_lock_window_get_larger_text_switch(self->lock_window),
	                 "notify::active", G_CALLBACK(on_larger_text_switched), self);
}

const Netpont__ControlStatusReply *netpont_lock_controller_get_status(NetpontLockController *self)
{
	return self->status;
}

void netpont_lock_controller_set_larger_text(NetpontLockController *self, gboolean on)
{
	self->larger_text = on;
	netpont_lock_window_set_larger_text(self->lock_window, on);
}

/* ---------------------------------------------------------------- state */

/* The bar's clock, the cost so far and whether a help call is open. */
static void controller_update_bar_extras(NetpontLockController *self, const char *clock)
{
	const Netpont__ControlStatusReply *st = self->status;
	netpont_lock_bar_set_clock(self->bar, clock);
	g_autofree char *cost = st != NULL
	                            ? netpont_lock_text_cost_so_far(st->cost_so_far, st->currency,
	                                                            st->currency_decimals)
	                            : NULL;
	netpont_lock_bar_set_cost(self->bar, cost);
	gboolean open = st != NULL && st->help != NULL && st->help->id != 0 &&
	                (st->help->state == NETPONT__HELP_STATE__HELP_STATE_OPEN ||
	                 st->help->state == NETPONT__HELP_STATE__HELP_STATE_ACKNOWLEDGED);
	netpont_lock_bar_set_help_open(self->bar, open);
}

static void controller_update_clock(NetpontLockController *self)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_local();
	g_autofree char *clock = g_date_time_format(now, "%H:%M");
	if (self->lock_window != NULL)
		netpont_lock_window_set_clock(self->lock_window, clock);
	if (self->bar != NULL && netpont_lock_controller_is_unlocked(self)) {
		gint64 left = controller_remaining(self);
		g_autofree char *text = netpont_lock_text_time_left(left);
		netpont_lock_bar_set_time_left(self->bar, text, left <= 5 * 60);
		controller_update_bar_extras(self, clock);
	}
}

static gboolean on_tick(gpointer data)
{
	controller_update_clock(data);
	return G_SOURCE_CONTINUE;
}

/* Shows the window that fits the last status. */
static void controller_apply(NetpontLockController *self)
{
	const Netpont__ControlStatusReply *st = self->status;
	gboolean connected = netpont_lock_client_is_connected(self->client);
	gboolean unlocked = st != NULL && st->unlocked && connected;

	/* The lock screen. */
	controller_apply_lock_window(self);
	controller_apply_greeter(self);

	/* The bar. */
	if (st != NULL) {
		const char *name = st->resident_name && st->resident_name[0] ? st->resident_name
		                                                             : st->resident_login;
		netpont_lock_bar_set_name(self->bar, name);
		/* The agent's status has the seat's latest help call (none after
		 * a session ended), so it replaces what our own request said. */
		g_free(self->help_text);
		self->help_text = netpont_lock_text_help(st->help);
		/* The line beside the time says why a session is short, unless a
		 * help call has something to say. */
		g_autoptr(GDateTime) now = g_date_time_new_now_local();
		g_autofree char *booked = netpont_lock_text_booked_from(st->booked_from, now);
		netpont_lock_bar_set_help(self->bar, self->help_text ? self->help_text : booked);
	}
	controller_update_clock(self);

	if (unlocked && self->mode == NETPONT_LOCK_MODE_GREETER) {
		/* The greeter stays until LightDM replaces it with the session. */
		if (!self->granted) {
			self->granted = TRUE;
			g_signal_emit(self, signals[SIGNAL_SESSION_GRANTED], 0);
		}
	} else if (unlocked) {
		gtk_widget_set_visible(GTK_WIDGET(self->lock_window), FALSE);
		gtk_window_present(GTK_WINDOW(self->bar));
		const char *message = st->message ? st->message : "";
		if (message[0] != '\0' && g_strcmp0(message, self->last_message) != 0)
			controller_show_message(self, message);
		g_free(self->last_message);
		self->last_message = g_strdup(message);
	} else if (st != NULL || !connected) {
		close_dialog(&self->warning);
		close_dialog(&self->print_dialog);
		close_dialog(&self->end_dialog);
		close_dialog(&self->message_dialog);
		g_clear_pointer(&self->print_key, g_free);
		gtk_widget_set_visible(GTK_WIDGET(self->bar), FALSE);
		self->granted = FALSE;
		if (self->mode == NETPONT_LOCK_MODE_BAR)
			return;
		if (!self->windowed)
			gtk_window_fullscreen(GTK_WINDOW(self->lock_window));
		gtk_window_present(GTK_WINDOW(self->lock_window));
	}
}

static void on_status(NetpontLockClient *client, const Netpont__ControlStatusReply *status,
                      gpointer data)
{
	NetpontLockController *self = data;
	controller_take_status(self, status);
	controller_apply(self);
}

static void on_event(NetpontLockClient *client, const Netpont__ControlEvent *event, gpointer data)
{
	NetpontLockController *self = data;
	if (!netpont_lock_controller_is_unlocked(self))
		return;
	if (event->warning != NULL && event->warning[0] != '\0')
		netpont_lock_controller_show_warning(self, event->warning);
	const Netpont__AgentPrint *job = event->pending_print;
	gboolean has_job = job != NULL && job->job_key != NULL && job->job_key[0] != '\0';
	/* The agent announces a held job in every event until it is released
	 * or cancelled. An event without it means a mentor (or CUPS) settled
	 * it: the question is no longer open. */
	if (self->print_key != NULL &&
	    (!has_job || g_strcmp0(job->job_key, self->print_key) != 0)) {
		g_clear_pointer(&self->print_key, g_free);
		close_dialog(&self->print_dialog);
	}
	if (has_job)
		controller_ask_print(self, job, event->pending_amount);
}

static void on_connection_changed(NetpontLockClient *client, gboolean connected, gpointer data)
{
	NetpontLockController *self = data;
	controller_apply(self);
}

/* ---------------------------------------------------------------- language, contrast */

static void controller_apply_contrast(NetpontLockController *self)
{
	GtkWidget *widgets[] = {GTK_WIDGET(self->lock_window), GTK_WIDGET(self->bar),
	                        GTK_WIDGET(self->warning),     GTK_WIDGET(self->print_dialog),
	                        GTK_WIDGET(self->end_dialog),  GTK_WIDGET(self->message_dialog)};
	for (size_t i = 0; i < G_N_ELEMENTS(widgets); i++) {
		if (widgets[i] == NULL)
			continue;
		if (self->high_contrast)
			gtk_widget_add_css_class(widgets[i], "high-contrast");
		else
			gtk_widget_remove_css_class(widgets[i], "high-contrast");
	}
	GtkSwitch *sw = netpont_lock_window_get_contrast_switch(self->lock_window);
	if (gtk_switch_get_active(sw) != self->high_contrast)
		gtk_switch_set_active(sw, self->high_contrast);
}

void netpont_lock_controller_set_high_contrast(NetpontLockController *self, gboolean on)
{
	self->high_contrast = on;
	controller_apply_contrast(self);
}

static void on_contrast_switched(GtkSwitch *sw, GParamSpec *pspec, gpointer data)
{
	NetpontLockController *self = data;
	if (gtk_switch_get_active(sw) != self->high_contrast)
		netpont_lock_controller_set_high_contrast(self, gtk_switch_get_active(sw));
}

static void controller_destroy_windows(NetpontLockController *self)
{
	close_dialog(&self->warning);
	close_dialog(&self->print_dialog);
	close_dialog(&self->end_dialog);
	close_dialog(&self->message_dialog);
	g_clear_pointer(&self->print_key, g_free);
	if (self->lock_window != NULL) {
		g_signal_handlers_disconnect_by_data(self->lock_window, self);
		gtk_window_destroy(GTK_WINDOW(self->lock_window));
		self->lock_window = NULL;
	}
	if (self->bar != NULL) {
		gtk_window_destroy(GTK_WINDOW(self->bar));
		self->bar = NULL;
	}
}

const char *netpont_lock_controller_get_language(NetpontLockController *self)
{
	return self->lang;
}

void netpont_lock_controller_set_language(NetpontLockController *self, const char *lang)
{
	const char *next = g_strcmp0(lang, "hu") == 0 ? "hu" : "en";
	g_free(self->lang);
	self->lang = g_strdup(next);
	netpont_lock_i18n_set_language(next);
	/* Labels come from the .ui templates, translated when they are built:
	 * rebuilding the windows is the simplest complete re-translation. */
	controller_destroy_windows(self);
	controller_build_windows(self);
	controller_apply(self);
}

static void action_switch_language(GSimpleAction *action, GVariant *param, gpointer data)
{
	NetpontLockController *self = data;
	netpont_lock_controller_set_language(self, g_strcmp0(self->lang, "hu") == 0 ? "en" : "hu");
}

/* The lock screen is not closed by the resident: it goes away by logging in. */
static gboolean on_lock_close_request(GtkWindow *window, gpointer data)
{
	return TRUE;
}

/* The bar's language button names the other language in itself. */
static void controller_setup_bar(NetpontLockController *self)
{
	netpont_lock_bar_set_language_label(self->bar, g_strcmp0(self->lang, "hu") == 0 ? "English"
	                                                                                : "Magyar");
}

static void controller_build_windows(NetpontLockController *self)
{
	self->lock_window = netpont_lock_window_new();
	self->bar = netpont_lock_bar_new();
	GtkWindow *windows[] = {GTK_WINDOW(self->lock_window), GTK_WINDOW(self->bar)};
	for (size_t i = 0; i < G_N_ELEMENTS(windows); i++) {
		if (self->app != NULL)
			gtk_window_set_application(windows[i], self->app);
		gtk_widget_insert_action_group(GTK_WIDGET(windows[i]), "lock",
		                               G_ACTION_GROUP(self->actions));
	}
	/* Each language's name in itself, so whoever cannot read the current
	 * one still finds theirs. */
	netpont_lock_window_set_language_label(
	    self->lock_window, g_strcmp0(self->lang, "hu") == 0 ? "English" : "Magyar");
	controller_setup_bar(self);
	g_signal_connect(self->lock_window, "login", G_CALLBACK(on_login), self);
	netpont_lock_directory_set_client(netpont_lock_window_get_directory(self->lock_window),
	                                  self->client, self->lang);
	if (self->mode == NETPONT_LOCK_MODE_GREETER && !self->windowed)
		controller_cover_monitor(self);
	g_signal_connect(self->lock_window, "close-request", G_CALLBACK(on_lock_close_request),
	                 self);
	g_signal_connect(netpont_lock_window_get_contrast_switch(self->lock_window),
	                 "notify::active", G_CALLBACK(on_contrast_switched), self);
	controller_apply_contrast(self);
	controller_lock_window_built(self);
}

/* ---------------------------------------------------------------- greeter mode */

/* A greeter runs without a window manager, and an X server alone ignores
 * "full screen": the locked screen takes the first monitor's size itself
 * (and its place, 0,0, is where X puts a new window). */
static void controller_cover_monitor(NetpontLockController *self)
{
	GListModel *monitors = gdk_display_get_monitors(gdk_display_get_default());
	g_autoptr(GdkMonitor) monitor = g_list_model_get_item(monitors, 0);
	if (monitor == NULL)
		return;
	GdkRectangle geometry;
	gdk_monitor_get_geometry(monitor, &geometry);
	gtk_window_set_default_size(GTK_WINDOW(self->lock_window), geometry.width, geometry.height);
}

/* A problem of the PC's set-up outranks everything the agent says: logging
 * in would only charge time for a session that cannot start. */
static void controller_apply_greeter(NetpontLockController *self)
{
	if (self->status != NULL && !self->status->unlocked)
		self->greeter_saw_lock = TRUE;
	if (self->greeter_problem == NULL)
		return;
	netpont_lock_window_set_notice(self->lock_window, _("This PC cannot start sessions yet"),
	                               _(self->greeter_problem));
}

gboolean netpont_lock_controller_greeter_saw_lock(NetpontLockController *self)
{
	return self->greeter_saw_lock;
}

void netpont_lock_controller_set_greeter_problem(NetpontLockController *self, const char *sentence)
{
	self->greeter_problem = sentence;
	if (sentence == NULL)
		netpont_lock_window_set_error(self->lock_window, NULL);
	controller_apply(self);
}

static void on_end_unstarted_reply(NetpontLockController *self, Netpont__Envelope *reply, int code,
                                   int tries_left, const char *message, gboolean disconnected)
{
	if (controller_took_status_reply(self, reply))
		return;
	/* The lease stays: the agent ends it at its time, or a mentor does. */
	g_autofree char *text = controller_refusal(code, tries_left, message, disconnected);
	if (self->lock_window != NULL)
		netpont_lock_window_set_error(self->lock_window, text);
}

void netpont_lock_controller_end_unstarted_session(NetpontLockController *self,
                                                   const char *sentence)
{
	controller_send_logout(self, on_end_unstarted_reply);
	if (self->lock_window != NULL) {
		netpont_lock_window_set_busy(self->lock_window, FALSE);
		netpont_lock_window_set_error(self->lock_window, sentence);
		/* The next login starts afresh. */
		netpont_lock_window_clear(self->lock_window, TRUE);
		gtk_widget_grab_focus(
		    GTK_WIDGET(netpont_lock_window_get_login_entry(self->lock_window)));
	}
}

/* ---------------------------------------------------------------- accessors */

NetpontLockWindow *netpont_lock_controller_get_lock_window(NetpontLockController *self)
{
	return self->lock_window;
}

NetpontLockBar *netpont_lock_controller_get_bar(NetpontLockController *self)
{
	return self->bar;
}

GtkWindow *netpont_lock_controller_get_warning(NetpontLockController *self)
{
	return self->warning;
}

GtkWindow *netpont_lock_controller_get_print_dialog(NetpontLockController *self)
{
	return self->print_dialog;
}

GtkWindow *netpont_lock_controller_get_end_dialog(NetpontLockController *self)
{
	return self->end_dialog;
}

GtkWindow *netpont_lock_controller_get_message_dialog(NetpontLockController *self)
{
	return self->message_dialog;
}

gboolean netpont_lock_controller_is_unlocked(NetpontLockController *self)
{
	return self->status != NULL && self->status->unlocked &&
	       netpont_lock_client_is_connected(self->client);
}

gboolean netpont_lock_controller_is_connected(NetpontLockController *self)
{
	return netpont_lock_client_is_connected(self->client);
}

/* ---------------------------------------------------------------- life cycle */

static void netpont_lock_controller_dispose(GObject *object)
{
	NetpontLockController *self = NETPONT_LOCK_CONTROLLER(object);
	g_clear_handle_id(&self->tick_source, g_source_remove);
	g_clear_handle_id(&self->goodbye_source, g_source_remove);
	if (self->cancellable != NULL)
		g_cancellable_cancel(self->cancellable);
	g_clear_object(&self->cancellable);
	if (self->client != NULL) {
		g_signal_handlers_disconnect_by_data(self->client, self);
		netpont_lock_client_stop(self->client);
		g_clear_object(&self->client);
	}
	controller_destroy_windows(self);
	g_clear_object(&self->actions);
	G_OBJECT_CLASS(netpont_lock_controller_parent_class)->dispose(object);
}

static void netpont_lock_controller_finalize(GObject *object)
{
	NetpontLockController *self = NETPONT_LOCK_CONTROLLER(object);
	if (self->status != NULL)
		netpont__control_status_reply__free_unpacked(self->status, NULL);
	g_free(self->last_message);
	g_free(self->help_text);
	g_free(self->lang);
	g_free(self->answered_key);
	G_OBJECT_CLASS(netpont_lock_controller_parent_class)->finalize(object);
}

static void netpont_lock_controller_class_init(NetpontLockControllerClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = netpont_lock_controller_dispose;
	object_class->finalize = netpont_lock_controller_finalize;
	signals[SIGNAL_SESSION_GRANTED] =
	    g_signal_new("session-granted", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
	                 NULL, NULL, G_TYPE_NONE, 0);
}

static void netpont_lock_controller_init(NetpontLockController *self)
{
	static const GActionEntry entries[] = {
	    {.name = "call-mentor", .activate = action_call_mentor},
	    {.name = "cancel-help", .activate = action_cancel_help},
	    {.name = "end-session", .activate = action_end_session},
	    {.name = "switch-language", .activate = action_switch_language},
	};
	self->actions = g_simple_action_group_new();
	g_action_map_add_action_entries(G_ACTION_MAP(self->actions), entries, G_N_ELEMENTS(entries),
	                                self);
	self->cancellable = g_cancellable_new();
}

/* The language gettext will use now: LANGUAGE, then the locale variables. */
static const char *guess_language(void)
{
	const char *vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < G_N_ELEMENTS(vars); i++) {
		const char *v = g_getenv(vars[i]);
		if (v != NULL && v[0] != '\0')
			return g_str_has_prefix(v, "hu") ? "hu" : "en";
	}
	return "en";
}

NetpontLockController *netpont_lock_controller_new(GtkApplication *app, const char *socket_path,
                                                   gboolean windowed)
{
	return netpont_lock_controller_new_mode(app, socket_path, windowed, NETPONT_LOCK_MODE_BOTH);
}

NetpontLockMode netpont_lock_controller_get_mode(NetpontLockController *self)
{
	return self->mode;
}

NetpontLockController *netpont_lock_controller_new_mode(GtkApplication *app,
                                                        const char *socket_path, gboolean windowed,
                                                        NetpontLockMode mode)
{
	NetpontLockController *self = g_object_new(NETPONT_TYPE_LOCK_CONTROLLER, NULL);
	self->app = app;
	self->windowed = windowed;
	self->mode = mode;
	self->lang = g_strdup(guess_language());
	netpont_lock_init_style();
	self->client = netpont_lock_client_new(socket_path);
	g_signal_connect(self->client, "status", G_CALLBACK(on_status), self);
	g_signal_connect(self->client, "event", G_CALLBACK(on_event), self);
	g_signal_connect(self->client, "connection-changed", G_CALLBACK(on_connection_changed),
	                 self);
	controller_build_windows(self);
	controller_apply(self);
	self->tick_source = g_timeout_add_seconds(1, on_tick, self);
	netpont_lock_client_start(self->client);
	return self;
}
