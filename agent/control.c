#include "control.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "log.h"

typedef struct control_write {
	uv_write_t req;
	control_client *client;
	size_t len;
	uint8_t bytes[];
} control_write;

static void control_maybe_closed(control_server *s)
{
	if (s->closing && s->closing_handles == 0 && s->clients == NULL && s->close_cb != NULL) {
		void (*cb)(control_server *) = s->close_cb;
		s->close_cb = NULL;
		cb(s);
	}
}

static void on_client_closed(uv_handle_t *h)
{
	control_client *c = h->data;
	control_server *s = c->server;
	control_client **pp = &s->clients;
	while (*pp != c)
		pp = &(*pp)->next;
	*pp = c->next;
	s->client_count--;
	np_frame_reader_reset(&c->reader);
	free(c);
	control_maybe_closed(s);
}

/* The client is freed in the close callback, never in the middle of one of
 * its own callbacks. */
static void control_client_drop(control_client *c, const char *why)
{
	if (c->closing)
		return;
	c->closing = true;
	if (why != NULL)
		agent_warn("control client %llu dropped: %s", (unsigned long long)c->id, why);
	uv_close((uv_handle_t *)&c->pipe, on_client_closed);
}

static void on_client_written(uv_write_t *req, int status)
{
	control_write *w = (control_write *)req;
	control_client *c = w->client;
	c->queued_bytes -= w->len;
	c->queued_frames--;
	free(w);
	if (status < 0 && status != UV_ECANCELED)
		control_client_drop(c, NULL);
}

int control_client_send(control_client *c, const Netpont__Envelope *env)
{
	if (c->closing)
		return UV_ECANCELED;
	size_t len = np_frame_encoded_size(env);
	if (c->queued_frames + 1 > CONTROL_MAX_QUEUED_FRAMES ||
	    c->queued_bytes + len > CONTROL_MAX_QUEUED_BYTES) {
		control_client_drop(c, "it does not read what the agent sends");
		return UV_ENOBUFS;
	}
	control_write *w = malloc(sizeof *w + len);
	if (w == NULL)
		return UV_ENOMEM;
	w->client = c;
	w->len = np_frame_pack(env, w->bytes);
	uv_buf_t buf = uv_buf_init((char *)w->bytes, (unsigned)w->len);
	int rc = uv_write(&w->req, (uv_stream_t *)&c->pipe, &buf, 1, on_client_written);
	if (rc != 0) {
		free(w);
		control_client_drop(c, NULL);
		return rc;
	}
	c->queued_bytes += w->len;
	c->queued_frames++;
	return 0;
}

void control_server_broadcast(control_server *s, const Netpont__Envelope *env)
{
	for (control_client *c = s->clients, *next; c != NULL; c = next) {
		next = c->next;
		control_client_send(c, env);
	}
}

control_client *control_server_find(control_server *s, uint64_t id)
{
	for (control_client *c = s->clients; c != NULL; c = c->next)
		if (c->id == id && !c->closing)
			return c;
	return NULL;
}

static void on_client_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	control_client *c = h->data;
	(void)suggested;
	*buf = uv_buf_init((char *)c->read_buf, sizeof c->read_buf);
}

static void on_client_read(uv_stream_t *stream, ssize_t nread, const uv_buf_t *buf)
{
	control_client *c = stream->data;
	if (nread < 0) {
		control_client_drop(c, nread == UV_EOF ? NULL : uv_strerror((int)nread));
		return;
	}
	const uint8_t *p = (const uint8_t *)buf->base;
	size_t left = (size_t)nread;
	while (left > 0 && !c->closing) {
		size_t used = 0;
		Netpont__Envelope *env = NULL;
		int rc = np_frame_reader_feed(&c->reader, p, left, &used, &env);
		p += used;
		left -= used;
		if (rc == NP_FRAME_NEED_MORE)
			break;
		if (rc != NP_FRAME_OK) {
			control_client_drop(c, np_frame_status_string(rc));
			return;
		}
		c->server->on_request(c->server, c, env);
		netpont__envelope__free_unpacked(env, NULL);
	}
}

static void on_rejected_closed(uv_handle_t *h)
{
	free(h);
}

static void on_connection(uv_stream_t *server, int status)
{
	control_server *s = server->data;
	if (status < 0 || s->closing)
		return;
	if (s->client_count >= CONTROL_MAX_CLIENTS) {
		/* Accept and close at once, so the caller sees a closed socket
		 * instead of hanging in the backlog. */
		uv_pipe_t *extra = malloc(sizeof *extra);
		if (extra == NULL)
			return;
		uv_pipe_init(s->loop, extra, 0);
		uv_accept(server, (uv_stream_t *)extra);
		uv_close((uv_handle_t *)extra, on_rejected_closed);
		agent_warn("refused a control client: already %u connected", s->client_count);
		return;
	}
	control_client *c = calloc(1, sizeof *c);
	if (c == NULL)
		return;
	c->server = s;
	c->id = ++s->next_client_id;
	np_frame_reader_init(&c->reader, CONTROL_MAX_FRAME);
	uv_pipe_init(s->loop, &c->pipe, 0);
	c->pipe.data = c;
	c->next = s->clients;
	s->clients = c;
	s->client_count++;
	if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0 ||
	    uv_read_start((uv_stream_t *)&c->pipe, on_client_alloc, on_client_read) != 0)
		control_client_drop(c, "cannot accept it");
}

/* A socket file left behind by an agent that crashed is removed; one that
 * answers belongs to a running agent and is left alone. */
static int remove_stale_socket(const char *path, char *err, size_t err_size)
{
	struct stat st;
	if (lstat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, err_size, "cannot check the control socket %s: %s", path,
		         strerror(errno));
		return -1;
	}
	if (!S_ISSOCK(st.st_mode)) {
		snprintf(
		    err, err_size,
		    "%s exists and is not a socket; remove it or choose another --control path",
		    path);
		return -1;
	}
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		snprintf(err, err_size, "cannot create a socket: %s", strerror(errno));
		return -1;
	}
	struct sockaddr_un addr;
	memset(&addr, 0, sizeof addr);
	addr.sun_family = AF_UNIX;
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path);
	int rc = connect(fd, (struct sockaddr *)&addr, sizeof addr);
	close(fd);
	if (rc == 0) {
		snprintf(err, err_size,
		         "another netpont-agent is already listening on %s; stop it first or "
		         "choose another --control path",
		         path);
		return -1;
	}
	if (unlink(path) != 0 && errno != ENOENT) {
		snprintf(err, err_size, "cannot remove the stale control socket %s: %s", path,
		         strerror(errno));
		return -1;
	}
	return 0;
}

int control_server_listen(control_server *s, uv_loop_t *loop, const char *path,
                          control_request_cb on_request, void *data, char *err, size_t err_size)
{
	memset(s, 0, sizeof *s);
	s->loop = loop;
	s->on_request = on_request;
	s->data = data;
	struct sockaddr_un probe;
	if (strlen(path) >= sizeof probe.sun_path || strlen(path) >= sizeof s->path) {
		snprintf(err, err_size,
		         "the control socket path %s is too long (at most %zu bytes)", path,
		         sizeof probe.sun_path - 1);
		return -1;
	}
	snprintf(s->path, sizeof s->path, "%s", path);
	if (remove_stale_socket(path, err, err_size) != 0)
		return -1;
	uv_pipe_init(loop, &s->pipe, 0);
	s->pipe.data = s;
	s->listening = true;
	/* The umask makes the socket 0660 from its first instant, not only
	 * after the chmod below. */
	mode_t old_mask = umask(0117);
	int rc = uv_pipe_bind(&s->pipe, path);
	umask(old_mask);
	if (rc == 0)
		s->bound = true;
	if (rc == 0 && chmod(path, 0660) != 0)
		rc = -errno;
	if (rc == 0)
		rc = uv_listen((uv_stream_t *)&s->pipe, 16, on_connection);
	if (rc != 0) {
		snprintf(err, err_size, "cannot listen on the control socket %s: %s", path,
		         uv_strerror(rc));
		return -1;
	}
	return 0;
}

static void on_listener_closed(uv_handle_t *h)
{
	control_server *s = h->data;
	s->closing_handles--;
	control_maybe_closed(s);
}

void control_server_close(control_server *s, void (*cb)(control_server *s))
{
	s->closing = true;
	s->close_cb = cb;
	for (control_client *c = s->clients; c != NULL; c = c->next)
		control_client_drop(c, NULL);
	if (s->listening) {
		s->listening = false;
		if (s->bound)
			unlink(s->path);
		s->closing_handles++;
		uv_close((uv_handle_t *)&s->pipe, on_listener_closed);
	}
	control_maybe_closed(s);
}
