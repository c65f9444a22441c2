/* Billing arithmetic as pure functions: started time blocks, amounts at a
 * fee category's percentage (rounded half up), and which charges a
 * resident's payments have not yet covered (oldest first).
 *
 * Money is int64 minor units everywhere (forint: no decimals). Every
 * multiplication is overflow-checked and amounts above BILLING_MAX_AMOUNT
 * are refused: a fee that large is a typo, not a fee. */
#ifndef NETPONT_BILLING_H
#define NETPONT_BILLING_H

#include <stddef.h>
#include <stdint.h>

#include "core/np_error.h"

/* The largest single amount (charge, payment, price) the server accepts:
 * a thousand million minor units. */
#define BILLING_MAX_AMOUNT INT64_C(1000000000)

/* Limits of one print job (AgentPrint, PrintQuote). */
#define BILLING_MAX_PAGES  1000
#define BILLING_MAX_COPIES 100

/* Started blocks of per_minutes for used_s seconds of a time service:
 * ceil(used_s / (per_minutes * 60)). 0 s (or less) is 0 blocks; 1 s is one
 * block. per_minutes must be > 0 (a time service); returns 0 otherwise. */
int64_t billing_blocks(int64_t used_s, int64_t per_minutes);

/* *amount = qty x unit_price x percent / 100, rounded half up (12.5 -> 13).
 * qty >= 0, unit_price >= 0, percent 0..100. Returns 0, or -1 with
 * BAD_REQUEST when an argument is out of range or the result would exceed
 * BILLING_MAX_AMOUNT (also when the multiplication would overflow);
 * *amount is left alone then. */
int billing_amount(int64_t qty, int64_t unit_price, int percent, int64_t *amount, np_err *err);

/* The quantity of a print job: pages x copies, with pages 1..1000 and
 * copies 1..100. Returns 0, or -1 with BAD_REQUEST. */
int billing_print_qty(int64_t pages, int64_t copies, int64_t *qty, np_err *err);

/* FIFO allocation of what a resident has paid (and had waived) to the
 * charges, oldest first. charges[0..count) are the amounts of the charges
 * still standing (not reversed), oldest first; covered is the net total paid
 * and waived. For each charge, open[i] is set to the part of it not yet
 * covered: 0 for a covered charge, charges[i] for an untouched one, and
 * something in between for the one charge that is partly covered.
 * Returns the total still open (never negative: a credit, covered greater
 * than every charge, leaves every line at 0). open may alias nothing;
 * it must hold count elements. */
int64_t billing_allocate(const int64_t *charges, size_t count, int64_t covered, int64_t *open);

#endif
