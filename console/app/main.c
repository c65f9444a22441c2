/* netpont-console: the staff console (mentors, treasurer, administrator). */
#include "netpont-application.h"

int main(int argc, char **argv)
{
	g_autoptr(NetpontApplication) app = NULL;

	netpont_console_init_i18n();
	app = netpont_application_new();
	return g_application_run(G_APPLICATION(app), argc, argv);
}
