/* The agent's local control socket: a Unix stream socket where netpont-lock
 * and `netpontctl --agent` send Control* requests (same framing and Envelope
 * as the server, no Hello: the file mode 0660 is the protection).
 *
 * This module only moves frames: it accepts clients, decodes their requests
 * and hands them to the owner's callback, and queues replies and events.
 * Limits: CONTROL_MAX_CLIENTS clients; a client whose unread output passes
 * CONTROL_MAX_QUEUED_FRAMES frames or CONTROL_MAX_QUEUED_BYTES is dropped,
 * like one that sends a malformed or oversized frame. */
#ifndef NETPONT_AGENT_CONTROL_H
#define NETPONT_AGENT_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "frame.h"

#define CONTROL_MAX_CLIENTS       16u
#define CONTROL_MAX_FRAME         (64u * 1024u)
#define CONTROL_MAX_QUEUED_FRAMES 64u
#define CONTROL_MAX_QUEUED_BYTES  (256u * 1024u)

typedef struct control_server control_server;
typedef struct control_client control_client;

/* A request from a client; env is borrowed for the call. The callback may
 * reply at once with control_client_send() or later through the client's id. */
typedef void (*control_request_cb)(control_server *s, control_client *c,
                                   const Netpont__Envelope *env);

struct control_client {
	uv_pipe_t pipe;
	control_server *server;
	uint64_t id; /* unique for the life of the agent */
	np_frame_reader reader;
	size_t queued_bytes;
	unsigned queued_frames;
	bool closing;
	control_client *next;
	uint8_t read_buf[16 * 1024];
};

struct control_server {
	uv_loop_t *loop;
	void *data; /* the owner's */
	control_request_cb on_request;
	uv_pipe_t pipe;
	bool listening; /* the pipe handle is initialised */
	bool bound;     /* the socket file is ours to unlink */
	char path[256];
	control_client *clients;
	unsigned client_count;
	uint64_t next_client_id;
	bool closing;
	unsigned closing_handles;
	void (*close_cb)(control_server *s);
};

/* Binds path (removing a stale socket file left by a crash, but refusing to
 * touch a socket another agent listens on or a file that is not a socket),
 * sets mode 0660 and listens. Returns 0, or -1 with a sentence in err; in
 * both cases control_server_close() must be called later. */
int control_server_listen(control_server *s, uv_loop_t *loop, const char *path,
                          control_request_cb on_request, void *data, char *err, size_t err_size);

/* Queues one frame to c. Returns 0, or a negative libuv error (then c is
 * being dropped). env is only read. */
int control_client_send(control_client *c, const Netpont__Envelope *env);

/* Sends env to every client. */
void control_server_broadcast(control_server *s, const Netpont__Envelope *env);

/* The client with this id, or NULL if it has gone. */
control_client *control_server_find(control_server *s, uint64_t id);

/* Closes every client and the listening socket, unlinks the socket file, and
 * calls cb once every handle is closed. */
void control_server_close(control_server *s, void (*cb)(control_server *s));

#endif
