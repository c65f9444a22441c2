/* An administrator's backup over the wire: BackupStart takes a consistent
 * copy of the database on the thread pool (store/backup.h, a connection of
 * its own) while the loop serves everyone else; BackupChunk hands the copy
 * out in pieces well inside the frame limit. The gateway holds one copy at
 * a time, in a file beside the database, and removes it after its last
 * chunk, two minutes after its client last asked for it, and at start-up. */
#include "gateway_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/backup.h"
#include "common/np_log.h"

/* The most bytes one BackupChunkReply carries: a sixteenth of a frame. */
#define BACKUP_CHUNK_MAX (64 * 1024)
/* A copy nobody asked about for this long is abandoned (its client went
 * away) and the next backup may replace it. */
#define BACKUP_ABANDONED_S 120

struct gw_backup_job {
	gateway *gw;
	char source[512];
	char path[1100];
	/* Filled by gw_backup_work() on the thread pool. */
	bool ok;
	char why[256]; /* English: the log's and the refusal's detail */
	store_backup_info info;
	char sha256[65];
	bool handed_over; /* the reply went out; the slot is READY */
};

void gw_backup_init(gateway *gw)
{
	snprintf(gw->backup.path, sizeof gw->backup.path, "%s-backup.tmp", store_db_path(gw->db));
	unlink(gw->backup.path);
	gw->backup.state = GW_BACKUP_NONE;
}

/* Forgets the gateway's copy and removes its file. */
static void backup_drop(gateway *gw)
{
	unlink(gw->backup.path);
	gw->backup.state = GW_BACKUP_NONE;
	gw->backup.id = 0;
}

void gw_backup_shutdown(gateway *gw)
{
	if (gw->backup.state != GW_BACKUP_NONE)
		backup_drop(gw);
}

/* Whether the copy waiting for its chunks has been left by its client. */
static bool backup_abandoned(gateway *gw)
{
	return gw->backup.state == GW_BACKUP_READY &&
	       gw_now(gw) - gw->backup.touched_at >= BACKUP_ABANDONED_S;
}

void gw_backup_forget_abandoned(gateway *gw)
{
	if (backup_abandoned(gw))
		backup_drop(gw);
}

void gw_backup_begin(gateway *gw, gw_call *call)
{
	gw_backup *b = &gw->backup;
	if (b->state == GW_BACKUP_TAKING) {
		np_err_set(&call->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
		           N_("A backup is being taken already; try again in a minute."));
		return;
	}
	if (b->state == GW_BACKUP_READY) {
		bool own = b->staff_id == call->peer.staff_id;
		if (!own && !backup_abandoned(gw)) {
			np_err_set(&call->err, NETPONT__ERROR_CODE__ERROR_CODE_CONFLICT,
			           N_("Another backup is being downloaded; try again in two "
			              "minutes."));
			return;
		}
		backup_drop(gw);
	}
	gw_backup_job *job = calloc(1, sizeof *job);
	if (job == NULL) {
		np_err_no_memory(&call->err);
		return;
	}
	job->gw = gw;
	snprintf(job->source, sizeof job->source, "%s", store_db_path(gw->db));
	snprintf(job->path, sizeof job->path, "%s", b->path);
	b->state = GW_BACKUP_TAKING;
	call->backup = job;
	call->work = GW_WORK_BACKUP;
}

void gw_backup_work(gw_backup_job *job)
{
	np_err err = {0};
	if (store_backup_file(job->source, job->path, &err) != 0 ||
	    store_backup_inspect(job->path, &job->info, &err) != 0) {
		snprintf(job->why, sizeof job->why, "%s", err.english);
		return;
	}
	if (store_backup_sha256(job->path, job->sha256) != 0) {
		snprintf(job->why, sizeof job->why, "cannot read the copy back: %s",
		         strerror(errno));
		return;
	}
	job->ok = true;
}

void gw_backup_job_free(gw_backup_job *job)
{
	if (job == NULL)
		return;
	if (!job->handed_over)
		backup_drop(job->gw);
	free(job);
}

static int backup_start(gw_ctx *c)
{
	gw_backup_job *job = c->call->backup;
	if (job == NULL || !job->ok) {
		np_log(NP_LOG_ERROR, "backup failed: %s", job ? job->why : "no job");
		np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		           N_("The server could not take the backup: %s"),
		           job ? job->why : "out of memory");
		return np_err_reword(
		    &c->err, N_("The server could not take the backup; see its log for why."));
	}
	if (gw_audit(c, "backup", "%lld bytes, %lld residents, %lld payments",
	             (long long)job->info.size, (long long)job->info.residents,
	             (long long)job->info.payments) != 0)
		return -1;
	gw_backup *b = &c->gw->backup;
	do
		randombytes_buf(&b->id, sizeof b->id);
	while (b->id == 0);
	b->state = GW_BACKUP_READY;
	b->staff_id = c->peer->staff_id;
	b->size = job->info.size;
	b->touched_at = c->now;
	job->handed_over = true;

	Netpont__BackupReady *r =
	    GW_NEW(&c->arena, Netpont__BackupReady, netpont__backup_ready__init);
	r->backup_id = b->id;
	r->size = job->info.size;
	r->sha256 = gw_strdup(&c->arena, job->sha256);
	r->residents = job->info.residents;
	r->payments = job->info.payments;
	r->schema_version = (uint32_t)job->info.schema_version;
	r->taken_at = c->now;
	GW_REPLY(c, BACKUP_READY, backup_ready, r);
	np_log(NP_LOG_NOTICE, "backup of %lld bytes taken for %s", (long long)job->info.size,
	       c->peer->staff_name);
	return 0;
}

static int backup_chunk(gw_ctx *c)
{
	const Netpont__BackupChunk *m = c->req->backup_chunk;
	gw_backup *b = &c->gw->backup;
	if (b->state != GW_BACKUP_READY || m->backup_id != b->id)
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_NOT_FOUND,
		                  N_("That backup is no longer on the server; take a new one."));
	if (m->offset < 0 || (m->offset >= b->size && b->size > 0))
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The backup has %lld bytes; there is nothing at byte %lld."),
		                  (long long)b->size, (long long)m->offset);
	int64_t left = b->size - m->offset;
	size_t n = left < BACKUP_CHUNK_MAX ? (size_t)left : BACKUP_CHUNK_MAX;
	uint8_t *data = gw_alloc(&c->arena, n + 1);
	if (c->arena.failed)
		return -1;
	int fd = open(b->path, O_RDONLY | O_CLOEXEC);
	ssize_t got = fd < 0 ? -1 : pread(fd, data, n, (off_t)m->offset);
	if (fd >= 0)
		close(fd);
	if (got != (ssize_t)n) {
		np_log(NP_LOG_ERROR, "cannot read the backup %s: %s", b->path,
		       got < 0 ? strerror(errno) : "it is shorter than it was");
		backup_drop(c->gw);
		return np_err_set(&c->err, NETPONT__ERROR_CODE__ERROR_CODE_INTERNAL,
		                  N_("The server could not read its backup file; take a new "
		                     "one."));
	}
	Netpont__BackupChunkReply *r =
	    GW_NEW(&c->arena, Netpont__BackupChunkReply, netpont__backup_chunk_reply__init);
	r->offset = m->offset;
	r->data.data = data;
	r->data.len = n;
	r->last = (int64_t)n == left;
	GW_REPLY(c, BACKUP_CHUNK_REPLY, backup_chunk_reply, r);
	b->touched_at = c->now;
	if (r->last)
		backup_drop(c->gw);
	return 0;
}

/* The requests this file handles (gateway.c dispatches over this table). */
const gw_route gw_backup_routes[] = {
    {NETPONT__ENVELOPE__BODY_BACKUP_START, R_ADMIN, backup_start,
     N_("Only an administrator can take a backup.")},
    {NETPONT__ENVELOPE__BODY_BACKUP_CHUNK, R_ADMIN | R_READ_ONLY, backup_chunk,
     N_("Only an administrator can take a backup.")},
};
const size_t gw_backup_route_count = sizeof gw_backup_routes / sizeof gw_backup_routes[0];
