/* Billing arithmetic: see billing.h. */
#include "core/billing.h"

#include <assert.h>

int64_t billing_blocks(int64_t used_s, int64_t per_minutes)
{
	if (used_s <= 0 || per_minutes <= 0)
		return 0;
	/* per_minutes is validated by the store (at most a day), so the block
	 * length cannot overflow; used_s + block - 1 could, so divide first. */
	int64_t block = per_minutes * 60;
	return used_s / block + (used_s % block != 0 ? 1 : 0);
}

int billing_amount(int64_t qty, int64_t unit_price, int percent, int64_t *amount, np_err *err)
{
	assert(amount != NULL);
	if (qty < 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("The quantity cannot be below 0."));
	if (unit_price < 0)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A price cannot be below 0."));
	if (percent < 0 || percent > 100)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A fee category's percentage must be from 0 to 100."));
	int64_t full = 0, scaled = 0;
	if (__builtin_mul_overflow(qty, unit_price, &full) || full > BILLING_MAX_AMOUNT ||
	    __builtin_mul_overflow(full, (int64_t)percent, &scaled))
		return np_err_set(
		    err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		    N_("That comes to more than %lld; check the quantity and the price."),
		    (long long)BILLING_MAX_AMOUNT);
	/* full <= BILLING_MAX_AMOUNT, so scaled + 50 cannot overflow. */
	*amount = (scaled + 50) / 100;
	return 0;
}

int billing_print_qty(int64_t pages, int64_t copies, int64_t *qty, np_err *err)
{
	assert(qty != NULL);
	if (pages < 1 || pages > BILLING_MAX_PAGES || copies < 1 || copies > BILLING_MAX_COPIES)
		return np_err_set(err, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST,
		                  N_("A print must have 1 to %d pages and 1 to %d copies."),
		                  BILLING_MAX_PAGES, BILLING_MAX_COPIES);
	*qty = pages * copies;
	return 0;
}

int64_t billing_allocate(const int64_t *charges, size_t count, int64_t covered, int64_t *open)
{
	assert((charges != NULL && open != NULL) || count == 0);
	int64_t left = covered > 0 ? covered : 0;
	int64_t total = 0;
	for (size_t i = 0; i < count; i++) {
		assert(charges[i] >= 0);
		int64_t take = charges[i] < left ? charges[i] : left;
		left -= take;
		open[i] = charges[i] - take;
		total += open[i];
	}
	return total;
}
