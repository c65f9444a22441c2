#include "netpont-greeter-session.h"

#include <lightdm.h>

struct _NetpontGreeterSession {
	GObject parent_instance;
	LightDMGreeter *greeter;
	char *session_name; /* from the command line, or NULL */
	gboolean connected;
	gboolean starting;
};

G_DEFINE_FINAL_TYPE(NetpontGreeterSession, netpont_greeter_session, G_TYPE_OBJECT)

enum { SIGNAL_FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
	NetpontGreeterSession *self; /* a reference */
	char *reason;
} failure;

static gboolean emit_failure(gpointer data)
{
	failure *f = data;
	f->self->starting = FALSE;
	g_signal_emit(f->self, signals[SIGNAL_FAILED], 0, f->reason);
	g_object_unref(f->self);
	g_free(f->reason);
	g_free(f);
	return G_SOURCE_REMOVE;
}

/* Reports a failed start from the main loop, so a caller of
 * netpont_greeter_session_start() never sees the signal re-enter it. */
static void session_fail(NetpontGreeterSession *self, const char *format, ...) G_GNUC_PRINTF(2, 3);
static void session_fail(NetpontGreeterSession *self, const char *format, ...)
{
	failure *f = g_new0(failure, 1);
	f->self = g_object_ref(self);
	va_list args;
	va_start(args, format);
	f->reason = g_strdup_vprintf(format, args);
	va_end(args);
	g_idle_add(emit_failure, f);
}

/* Autologin needs no answer from anyone. A prompt means LightDM's PAM
 * stack for autologin asks for a secret after all: nobody here may type it,
 * so the attempt ends. */
static void on_show_prompt(LightDMGreeter *greeter, const char *text, LightDMPromptType type,
                           gpointer data)
{
	NetpontGreeterSession *self = data;
	g_printerr("netpont-greeter: LightDM asked \"%s\" while logging the public account in; "
	           "autologin must not need a password (check /etc/pam.d/lightdm-autologin)\n",
	           text);
	lightdm_greeter_cancel_authentication(greeter, NULL);
	if (self->starting)
		session_fail(self, "LightDM asked for a secret (\"%s\") to log in %s", text,
		             netpont_greeter_session_get_user(self));
}

static void on_show_message(LightDMGreeter *greeter, const char *text, LightDMMessageType type,
                            gpointer data)
{
	g_printerr("netpont-greeter: LightDM says: %s\n", text);
}

static void on_authentication_complete(LightDMGreeter *greeter, gpointer data)
{
	NetpontGreeterSession *self = data;
	if (!self->starting)
		return;
	if (!lightdm_greeter_get_is_authenticated(greeter)) {
		session_fail(self, "LightDM refused to log in %s",
		             netpont_greeter_session_get_user(self));
		return;
	}
	const char *name = netpont_greeter_session_get_session_name(self);
	g_printerr("netpont-greeter: %s is logged in; starting session %s\n",
	           lightdm_greeter_get_authentication_user(greeter), name ? name : "(default)");
	g_autoptr(GError) error = NULL;
	if (!lightdm_greeter_start_session_sync(greeter, name, &error))
		session_fail(self, "LightDM could not start session %s: %s",
		             name ? name : "(default)", error ? error->message : "no reason given");
	/* On success LightDM stops this greeter and shows the session. */
}

NetpontGreeterSession *netpont_greeter_session_new(const char *session_name)
{
	NetpontGreeterSession *self = g_object_new(NETPONT_TYPE_GREETER_SESSION, NULL);
	self->session_name = g_strdup(session_name);
	return self;
}

gboolean netpont_greeter_session_connect(NetpontGreeterSession *self, GError **error)
{
	if (!lightdm_greeter_connect_to_daemon_sync(self->greeter, error))
		return FALSE;
	self->connected = TRUE;
	/* With autologin-user-timeout set, liblightdm counts down and would
	 * have us log the public account in when it expires. Only a lease
	 * from the agent starts a session. */
	lightdm_greeter_cancel_autologin(self->greeter);
	return TRUE;
}

const char *netpont_greeter_session_get_user(NetpontGreeterSession *self)
{
	if (!self->connected)
		return NULL;
	const char *user = lightdm_greeter_get_autologin_user_hint(self->greeter);
	return user != NULL && user[0] != '\0' ? user : NULL;
}

const char *netpont_greeter_session_get_session_name(NetpontGreeterSession *self)
{
	if (self->session_name != NULL)
		return self->session_name;
	if (!self->connected)
		return NULL;
	const char *name = lightdm_greeter_get_autologin_session_hint(self->greeter);
	if (name == NULL || name[0] == '\0')
		name = lightdm_greeter_get_default_session_hint(self->greeter);
	return name != NULL && name[0] != '\0' ? name : NULL;
}

gboolean netpont_greeter_session_is_starting(NetpontGreeterSession *self)
{
	return self->starting;
}

void netpont_greeter_session_start(NetpontGreeterSession *self)
{
	if (self->starting)
		return;
	self->starting = TRUE;
	if (netpont_greeter_session_get_user(self) == NULL) {
		session_fail(self, "LightDM has no autologin-user to log in");
		return;
	}
	g_printerr("netpont-greeter: the agent granted a session; logging %s in\n",
	           netpont_greeter_session_get_user(self));
	g_autoptr(GError) error = NULL;
	if (!lightdm_greeter_authenticate_autologin(self->greeter, &error))
		session_fail(self, "LightDM would not log in %s: %s",
		             netpont_greeter_session_get_user(self),
		             error ? error->message : "no reason given");
}

static void netpont_greeter_session_dispose(GObject *object)
{
	NetpontGreeterSession *self = NETPONT_GREETER_SESSION(object);
	if (self->greeter != NULL)
		g_signal_handlers_disconnect_by_data(self->greeter, self);
	g_clear_object(&self->greeter);
	G_OBJECT_CLASS(netpont_greeter_session_parent_class)->dispose(object);
}

static void netpont_greeter_session_finalize(GObject *object)
{
	NetpontGreeterSession *self = NETPONT_GREETER_SESSION(object);
	g_free(self->session_name);
	G_OBJECT_CLASS(netpont_greeter_session_parent_class)->finalize(object);
}

static void netpont_greeter_session_class_init(NetpontGreeterSessionClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = netpont_greeter_session_dispose;
	object_class->finalize = netpont_greeter_session_finalize;
	signals[SIGNAL_FAILED] = g_signal_new("failed", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST,
	                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void netpont_greeter_session_init(NetpontGreeterSession *self)
{
	self->greeter = lightdm_greeter_new();
	g_signal_connect(self->greeter, LIGHTDM_GREETER_SIGNAL_SHOW_PROMPT,
	                 G_CALLBACK(on_show_prompt), self);
	g_signal_connect(self->greeter, LIGHTDM_GREETER_SIGNAL_SHOW_MESSAGE,
	                 G_CALLBACK(on_show_message), self);
	g_signal_connect(self->greeter, LIGHTDM_GREETER_SIGNAL_AUTHENTICATION_COMPLETE,
	                 G_CALLBACK(on_authentication_complete), self);
}
