#include "netpont-resolve-popover.h"

#include <glib/gi18n.h>

#include "netpont-help-item.h"
#include "netpont-util.h"

/* At most this many characters: the server refuses more. */
#define OUTCOME_MAX 200

GtkWidget *netpont_resolve_popover_new(const char *action, const char *name_prefix)
{
	GtkWidget *popover = gtk_popover_new();
	GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 6);
	GtkWidget *entry = gtk_entry_new();
	GtkWidget *label = gtk_label_new(_("What was it about?"));
	GtkWidget *outcome_label = gtk_label_new(_("What came of it? (optional)"));
	g_autofree char *entry_name = g_strdup_printf("%s-outcome", name_prefix);

	gtk_widget_set_name(entry, entry_name);
	gtk_entry_set_max_length(GTK_ENTRY(entry), OUTCOME_MAX);
	gtk_entry_set_placeholder_text(GTK_ENTRY(entry), _("e.g. uploaded CV to the job portal"));
	gtk_widget_set_tooltip_text(entry,
	                            _("One line for the next mentor, kept in the resident's "
	                              "progress. Leave it empty if there is nothing to say."));
	gtk_accessible_update_property(GTK_ACCESSIBLE(entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
	                               _("What came of it?"), -1);
	gtk_widget_set_size_request(entry, 320, -1);
	gtk_label_set_xalign(GTK_LABEL(outcome_label), 0);
	gtk_widget_add_css_class(outcome_label, "heading");
	gtk_label_set_mnemonic_widget(GTK_LABEL(outcome_label), entry);
	gtk_box_append(GTK_BOX(box), outcome_label);
	gtk_box_append(GTK_BOX(box), entry);
	gtk_label_set_xalign(GTK_LABEL(label), 0);
	gtk_widget_add_css_class(label, "heading");
	gtk_box_append(GTK_BOX(box), label);
	for (guint i = 0; netpont_help_topic_word(i) != NULL; i++) {
		const char *topic = netpont_help_topic_word(i);
		GtkWidget *button = gtk_button_new_with_label(netpont_help_topic_label(topic));
		g_autofree char *name = g_strdup_printf("%s-%s", name_prefix, topic);

		gtk_widget_set_name(button, name);
		gtk_widget_add_css_class(button, "flat");
		gtk_label_set_xalign(GTK_LABEL(gtk_button_get_child(GTK_BUTTON(button))), 0);
		gtk_actionable_set_action_name(GTK_ACTIONABLE(button), action);
		gtk_actionable_set_action_target_value(GTK_ACTIONABLE(button),
		                                       g_variant_new_string(topic));
		g_signal_connect_swapped(button, "clicked", G_CALLBACK(gtk_popover_popdown),
		                         popover);
		gtk_box_append(GTK_BOX(box), button);
	}
	gtk_popover_set_child(GTK_POPOVER(popover), box);
	g_object_set_data(G_OBJECT(popover), "netpont-outcome-entry", entry);
	return popover;
}

char *netpont_resolve_popover_take_outcome(GtkPopover *popover)
{
	GtkWidget *entry =
	    popover != NULL ? g_object_get_data(G_OBJECT(popover), "netpont-outcome-entry") : NULL;
	char *outcome;

	if (entry == NULL)
		return g_strdup("");
	outcome = netpont_editable_get_stripped(entry);
	gtk_editable_set_text(GTK_EDITABLE(entry), "");
	return outcome;
}
