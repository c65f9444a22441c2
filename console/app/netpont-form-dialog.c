#include "netpont-form-dialog.h"

#include <glib/gi18n.h>

typedef struct {
	GtkWidget *apply_button;
	GtkLabel *error;
	NetpontFormApply apply;
	GObject *data;
	NetpontFormDone done;
	gboolean busy;
} FormState;

static void form_state_free(gpointer p)
{
	FormState *state = p;

	g_clear_object(&state->data);
	g_free(state);
}

static FormState *form_state(GtkWindow *dialog)
{
	return g_object_get_data(G_OBJECT(dialog), "netpont-form");
}

void netpont_form_dialog_set_error(GtkWindow *dialog, const char *text)
{
	FormState *state = form_state(dialog);

	gtk_label_set_text(state->error, text != NULL ? text : "");
	gtk_widget_set_visible(GTK_WIDGET(state->error), text != NULL && *text != '\0');
}

static void on_apply(GtkWindow *dialog)
{
	FormState *state = form_state(dialog);

	if (state->busy)
		return;
	netpont_form_dialog_set_error(dialog, NULL);
	state->apply(dialog, state->data);
}

static void send_done(GObject *source, GAsyncResult *result, gpointer data)
{
	g_autoptr(GtkWindow) dialog = data;
	FormState *state = form_state(dialog);
	g_autoptr(GError) error = NULL;
	Netpont__Envelope *reply =
	    netpont_client_call_finish(NETPONT_CLIENT(source), result, &error);

	state->busy = FALSE;
	gtk_widget_set_sensitive(state->apply_button, TRUE);
	if (reply == NULL) {
		/* The server's sentence, in the form: nothing closes. */
		netpont_form_dialog_set_error(dialog, error->message);
		return;
	}
	if (state->done != NULL)
		state->done(state->data, reply);
	netpont__envelope__free_unpacked(reply, NULL);
	gtk_window_destroy(dialog);
}

void netpont_form_dialog_send(GtkWindow *dialog, NetpontClient *client,
                              const Netpont__Envelope *env, NetpontFormDone done)
{
	FormState *state = form_state(dialog);

	state->busy = TRUE;
	state->done = done;
	gtk_widget_set_sensitive(state->apply_button, FALSE);
	netpont_client_call_async(client, env, NULL, send_done, g_object_ref(dialog));
}

GtkWindow *netpont_form_dialog_new(GtkWidget *parent, const char *name, const char *title,
                                   const char *act, GtkWidget *content, NetpontFormApply apply,
                                   GObject *data)
{
	GtkWidget *window = adw_window_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 0);
	GtkWidget *header = adw_header_bar_new();
	GtkWidget *cancel = gtk_button_new_with_label(_("Cancel"));
	GtkWidget *apply_button = gtk_button_new_with_label(act);
	GtkWidget *body = gtk_box_new(GTK_ORIENTATION_VERTICAL, 12);
	GtkWidget *scroller = gtk_scrolled_window_new();
	GtkWidget *error = gtk_label_new(NULL);
	GtkEventController *keys = gtk_shortcut_controller_new();
	FormState *state = g_new0(FormState, 1);
	g_autofree char *apply_name = g_strdup_printf("%s-apply", name);
	g_autofree char *error_name = g_strdup_printf("%s-error", name);

	gtk_widget_set_name(window, name);
	gtk_window_set_title(GTK_WINDOW(window), title);
	gtk_window_set_modal(GTK_WINDOW(window), TRUE);
	gtk_window_set_transient_for(GTK_WINDOW(window), GTK_WINDOW(gtk_widget_get_root(parent)));
	gtk_window_set_default_size(GTK_WINDOW(window), 460, -1);
	adw_header_bar_set_show_end_title_buttons(ADW_HEADER_BAR(header), FALSE);
	adw_header_bar_set_show_start_title_buttons(ADW_HEADER_BAR(header), FALSE);
	adw_header_bar_pack_start(ADW_HEADER_BAR(header), cancel);
	adw_header_bar_pack_end(ADW_HEADER_BAR(header), apply_button);
	gtk_widget_set_name(apply_button, apply_name);
	gtk_widget_add_css_class(apply_button, "suggested-action");
	gtk_box_append(GTK_BOX(box), header);

	gtk_widget_set_margin_start(body, 12);
	gtk_widget_set_margin_end(body, 12);
	gtk_label_set_max_width_chars(GTK_LABEL(error), 50);
	gtk_widget_set_margin_top(body, 12);
	gtk_widget_set_margin_bottom(body, 12);
	gtk_box_append(GTK_BOX(body), content);
	/* The refusal right under the buttons, in sight however long the form. */
	gtk_widget_set_name(error, error_name);
	gtk_label_set_wrap(GTK_LABEL(error), TRUE);
	gtk_label_set_xalign(GTK_LABEL(error), 0);
	gtk_widget_set_margin_start(error, 12);
	gtk_widget_set_margin_end(error, 12);
	gtk_widget_set_margin_top(error, 12);
	gtk_widget_add_css_class(error, "error");
	gtk_widget_set_visible(error, FALSE);
	gtk_box_append(GTK_BOX(box), error);
	/* A small screen scrolls the form rather than losing its buttons. */
	gtk_scrolled_window_set_policy(GTK_SCROLLED_WINDOW(scroller), GTK_POLICY_NEVER,
	                               GTK_POLICY_AUTOMATIC);
	gtk_scrolled_window_set_propagate_natural_height(GTK_SCROLLED_WINDOW(scroller), TRUE);
	gtk_scrolled_window_set_max_content_height(GTK_SCROLLED_WINDOW(scroller), 440);
	gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), body);
	gtk_box_append(GTK_BOX(box), scroller);
	adw_window_set_content(ADW_WINDOW(window), box);

	state->apply_button = apply_button;
	state->error = GTK_LABEL(error);
	state->apply = apply;
	state->data = data != NULL ? g_object_ref(data) : NULL;
	g_object_set_data_full(G_OBJECT(window), "netpont-form", state, form_state_free);
	g_signal_connect_swapped(cancel, "clicked", G_CALLBACK(gtk_window_destroy), window);
	g_signal_connect_swapped(apply_button, "clicked", G_CALLBACK(on_apply), window);
	gtk_shortcut_controller_add_shortcut(
	    GTK_SHORTCUT_CONTROLLER(keys),
	    gtk_shortcut_new(gtk_keyval_trigger_new(GDK_KEY_Escape, 0),
	                     gtk_named_action_new("window.close")));
	gtk_widget_add_controller(window, keys);
	gtk_window_set_default_widget(GTK_WINDOW(window), apply_button);
	return GTK_WINDOW(window);
}

const char *netpont_weekday_name(int day, gboolean short_name)
{
	const char *whole[] = {C_("weekday", "Monday"),    C_("weekday", "Tuesday"),
	                       C_("weekday", "Wednesday"), C_("weekday", "Thursday"),
	                       C_("weekday", "Friday"),    C_("weekday", "Saturday"),
	                       C_("weekday", "Sunday")};
	const char *abbreviated[] = {
	    C_("weekday", "Mon"), C_("weekday", "Tue"), C_("weekday", "Wed"), C_("weekday", "Thu"),
	    C_("weekday", "Fri"), C_("weekday", "Sat"), C_("weekday", "Sun")};

	g_return_val_if_fail(day >= 1 && day <= 7, "");
	return short_name ? abbreviated[day - 1] : whole[day - 1];
}

GtkEditable *netpont_form_entry_row(GtkWidget *group, const char *name, const char *title,
                                    const char *text)
{
	GtkWidget *row = adw_entry_row_new();

	gtk_widget_set_name(row, name);
	adw_preferences_row_set_title(ADW_PREFERENCES_ROW(row), title);
	gtk_editable_set_text(GTK_EDITABLE(row), text != NULL ? text : "");
	adw_entry_row_set_activates_default(ADW_ENTRY_ROW(row), TRUE);
	adw_preferences_group_add(ADW_PREFERENCES_GROUP(group), row);
	return GTK_EDITABLE(row);
}

char **netpont_form_names(GtkEditable *field)
{
	g_auto(GStrv) parts = g_strsplit_set(gtk_editable_get_text(field), ", \t", -1);
	GPtrArray *names = g_ptr_array_new();

	for (int i = 0; parts[i] != NULL; i++)
		if (*parts[i] != '\0')
			g_ptr_array_add(names, g_strdup(parts[i]));
	g_ptr_array_add(names, NULL);
	return (char **)g_ptr_array_free(names, FALSE);
}
