/* The key a client puts on a payment or a charge: chosen once per user
 * action, sent again unchanged when the request is retried after a lost
 * reply, so that the server pays or charges once (see Pay.request_key in
 * proto/netpont.proto). netpontctl and the console make it the same way. */
#ifndef NETPONT_COMMON_NP_REQUEST_KEY_H
#define NETPONT_COMMON_NP_REQUEST_KEY_H

/* 128 random bits as 32 lowercase hex digits, and the terminating NUL. */
#define NP_REQUEST_KEY_SIZE 33

/* Fills out with a new key from the kernel's random source (getrandom()).
 * Returns 0, or -errno when no random bytes could be had (out is then
 * ""). */
int np_request_key_new(char out[NP_REQUEST_KEY_SIZE]);

#endif
