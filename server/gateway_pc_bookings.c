/* The PC's side of bookings (issue 13): what a booked PC's agent is told
 * and how logins meet bookings. */
#include "gateway_internal.h"

void gw_emit_booking_notice(gw_ctx *c, int64_t seat_id)
{
	/* The notice itself comes with the PC side's part of issue 13; until
	 * then a changed booking reaches the agent with its next lease. */
	(void)c;
	(void)seat_id;
}
