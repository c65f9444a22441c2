/* What people read for a key that has a display name: a service and its
 * tariff's label, a fee category and its label. The keys stay what scripts
 * and settings use; screens, command-line text, bills and receipts show
 * the display name, or the key when a server older than display names
 * sends none. One rule for netpontctl, the console and the lock screen. */
#ifndef NETPONT_COMMON_NP_DISPLAY_NAME_H
#define NETPONT_COMMON_NP_DISPLAY_NAME_H

#include <stddef.h>

/* label when it is set, else key; "" when both are NULL. Borrowed. */
static inline const char *np_display_name(const char *label, const char *key)
{
	if (label != NULL && label[0] != '\0')
		return label;
	return key != NULL ? key : "";
}

#endif
