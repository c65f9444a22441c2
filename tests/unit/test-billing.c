/* Billing arithmetic: started blocks, category percentages rounded half up,
 * overflow and absurd amounts, print quantities, FIFO allocation of
 * payments to charges. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "billing.h"

static void test_blocks(void **state)
{
	(void)state;
	assert_int_equal(billing_blocks(0, 30), 0);
	assert_int_equal(billing_blocks(-5, 30), 0);
	assert_int_equal(billing_blocks(1, 30), 1);
	assert_int_equal(billing_blocks(30 * 60 - 1, 30), 1);
	assert_int_equal(billing_blocks(30 * 60, 30), 1);
	assert_int_equal(billing_blocks(30 * 60 + 1, 30), 2);
	assert_int_equal(billing_blocks(3600, 30), 2);
	assert_int_equal(billing_blocks(3601, 60), 2);
	assert_int_equal(billing_blocks(86400, 1), 1440);
	/* Not a time service. */
	assert_int_equal(billing_blocks(3600, 0), 0);
	/* No overflow for huge inputs. */
	assert_int_equal(billing_blocks(INT64_MAX, 1), INT64_MAX / 60 + 1);
}

static void test_amount(void **state)
{
	(void)state;
	int64_t a = -1;
	np_err err = {0};
	assert_int_equal(billing_amount(2, 100, 100, &a, &err), 0);
	assert_int_equal(a, 200);
	assert_int_equal(billing_amount(4, 20, 100, &a, &err), 0);
	assert_int_equal(a, 80);
	/* Half up: 25 x 50% = 12.5 -> 13; 25 x 30% = 7.5 -> 8; 25 x 10% = 2.5 -> 3. */
	assert_int_equal(billing_amount(1, 25, 50, &a, &err), 0);
	assert_int_equal(a, 13);
	assert_int_equal(billing_amount(1, 25, 30, &a, &err), 0);
	assert_int_equal(a, 8);
	assert_int_equal(billing_amount(1, 25, 10, &a, &err), 0);
	assert_int_equal(a, 3);
	/* Below half: 33 x 33% = 10.89 -> 11; 1 x 49% = 0.49 -> 0. */
	assert_int_equal(billing_amount(1, 33, 33, &a, &err), 0);
	assert_int_equal(a, 11);
	assert_int_equal(billing_amount(1, 1, 49, &a, &err), 0);
	assert_int_equal(a, 0);
	assert_int_equal(billing_amount(1, 1, 50, &a, &err), 0);
	assert_int_equal(a, 1);
	/* The percentage applies to the line, not to each unit: 3 x 25 x 50% = 37.5 -> 38. */
	assert_int_equal(billing_amount(3, 25, 50, &a, &err), 0);
	assert_int_equal(a, 38);
	/* Exempt and free. */
	assert_int_equal(billing_amount(5, 100, 0, &a, &err), 0);
	assert_int_equal(a, 0);
	assert_int_equal(billing_amount(0, 100, 100, &a, &err), 0);
	assert_int_equal(a, 0);
	/* The largest amount accepted. */
	assert_int_equal(billing_amount(1, BILLING_MAX_AMOUNT, 100, &a, &err), 0);
	assert_int_equal(a, BILLING_MAX_AMOUNT);
}

static void test_amount_refused(void **state)
{
	(void)state;
	int64_t a = 77;
	np_err err = {0};
	assert_int_equal(billing_amount(1, BILLING_MAX_AMOUNT + 1, 100, &a, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(
	    err.message, "That comes to more than 1000000000; check the quantity and the price.");
	assert_int_equal(billing_amount(INT64_MAX, 2, 100, &a, &err), -1);
	assert_int_equal(billing_amount(INT64_MAX / 2, INT64_MAX / 2, 100, &a, &err), -1);
	assert_int_equal(billing_amount(-1, 20, 100, &a, &err), -1);
	assert_string_equal(err.message, "The quantity cannot be below 0.");
	assert_int_equal(billing_amount(1, -20, 100, &a, &err), -1);
	assert_string_equal(err.message, "A price cannot be below 0.");
	assert_int_equal(billing_amount(1, 20, 101, &a, &err), -1);
	assert_string_equal(err.message, "A fee category's percentage must be from 0 to 100.");
	assert_int_equal(billing_amount(1, 20, -1, &a, &err), -1);
	/* Refusals leave the output alone. */
	assert_int_equal(a, 77);
}

static void test_print_qty(void **state)
{
	(void)state;
	int64_t q = 0;
	np_err err = {0};
	assert_int_equal(billing_print_qty(4, 1, &q, &err), 0);
	assert_int_equal(q, 4);
	assert_int_equal(billing_print_qty(1000, 100, &q, &err), 0);
	assert_int_equal(q, 100000);
	assert_int_equal(billing_print_qty(0, 1, &q, &err), -1);
	assert_int_equal(err.code, NETPONT__ERROR_CODE__ERROR_CODE_BAD_REQUEST);
	assert_string_equal(err.message, "A print must have 1 to 1000 pages and 1 to 100 copies.");
	assert_int_equal(billing_print_qty(1, 0, &q, &err), -1);
	assert_int_equal(billing_print_qty(1001, 1, &q, &err), -1);
	assert_int_equal(billing_print_qty(1, 101, &q, &err), -1);
	assert_int_equal(billing_print_qty(-4, -1, &q, &err), -1);
}

static void test_allocate(void **state)
{
	(void)state;
	const int64_t charges[] = {200, 80, 40, 0, 100};
	int64_t open[5];
	/* Nothing paid: everything open. */
	assert_int_equal(billing_allocate(charges, 5, 0, open), 420);
	assert_int_equal(open[0], 200);
	assert_int_equal(open[4], 100);
	/* 250 paid: the first covered, 30 of the second open, the rest open. */
	assert_int_equal(billing_allocate(charges, 5, 250, open), 170);
	assert_int_equal(open[0], 0);
	assert_int_equal(open[1], 30);
	assert_int_equal(open[2], 40);
	assert_int_equal(open[3], 0);
	assert_int_equal(open[4], 100);
	/* Exactly up to a line boundary. */
	assert_int_equal(billing_allocate(charges, 5, 280, open), 140);
	assert_int_equal(open[1], 0);
	assert_int_equal(open[2], 40);
	/* Everything paid, and a credit. */
	assert_int_equal(billing_allocate(charges, 5, 420, open), 0);
	assert_int_equal(billing_allocate(charges, 5, 1000, open), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(open[i], 0);
	/* A negative cover counts as none; no charges at all. */
	assert_int_equal(billing_allocate(charges, 5, -50, open), 420);
	assert_int_equal(billing_allocate(NULL, 0, 100, NULL), 0);
	/* The open lines always add up to the charges minus the cover. */
	for (int64_t paid = 0; paid <= 420; paid += 7) {
		int64_t sum = 0, total = billing_allocate(charges, 5, paid, open);
		for (int i = 0; i < 5; i++)
			sum += open[i];
		assert_int_equal(sum, total);
		assert_int_equal(total, 420 - paid);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_blocks),         cmocka_unit_test(test_amount),
	    cmocka_unit_test(test_amount_refused), cmocka_unit_test(test_print_qty),
	    cmocka_unit_test(test_allocate),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
