/* NetpontItem: what the console's list items share. Each list has its own
 * item type (NetpontResidentItem, NetpontBillLine, NetpontTariffItem, ...),
 * a final GObject whose instance struct is public: pages read its fields
 * by name. The texts a column shows are char * fields that are also
 * read-only string properties of the same name ("cash_float" is the
 * property "cash-float"), so a GtkColumnView column or a .ui list item
 * binds them, and a change made with netpont_item_set_text() updates the
 * cell. Numbers, ids and keys are plain fields, not properties.
 *
 * An item type is declared with G_DECLARE_FINAL_TYPE and its struct in its
 * header, and defined with its text fields:
 *
 *   NETPONT_DEFINE_ITEM(NetpontSettingItem, netpont_setting_item,
 *                       NETPONT_ITEM_TEXT(key), NETPONT_ITEM_TEXT(value))
 *
 * The item owns its texts and frees them when finalized. */
#ifndef NETPONT_ITEM_H
#define NETPONT_ITEM_H

#include <glib-object.h>

G_BEGIN_DECLS

/* One text field of an item type: its name (the property's, with '_' read
 * as '-') and where it sits in the instance struct. */
typedef struct {
	const char *name;
	gsize offset;
} NetpontItemText;

/* Installs a read-only string property for each entry of texts (ended by
 * an entry whose name is NULL), and the get_property and finalize that
 * serve them. texts must outlive the type (a static table). */
void netpont_item_class_install(GObjectClass *klass, const NetpontItemText *texts);

/* Defines an item type TypeName deriving from GObject whose text fields are
 * the NETPONT_ITEM_TEXT() that follow; it has no other class or instance
 * set-up. */
#define NETPONT_DEFINE_ITEM(TypeName, type_name, ...)                                              \
	G_DEFINE_FINAL_TYPE(TypeName, type_name, G_TYPE_OBJECT)                                    \
	static void type_name##_class_init(TypeName##Class *klass)                                 \
	{                                                                                          \
		typedef TypeName NetpontItemSelf;                                                  \
		static const NetpontItemText texts[] = {__VA_ARGS__, {NULL, 0}};                   \
		netpont_item_class_install(G_OBJECT_CLASS(klass), texts);                          \
	}                                                                                          \
	static void type_name##_init(TypeName *self)                                               \
	{                                                                                          \
	}

/* The text field field of the type NETPONT_DEFINE_ITEM() defines. */
#define NETPONT_ITEM_TEXT(field)                                                                   \
	{                                                                                          \
		G_STRINGIFY_ARG(field), G_STRUCT_OFFSET(NetpontItemSelf, field)                    \
	}

/* Sets the text field *field of item (one its type's NETPONT_ITEM_TEXT()
 * names) to a copy of text, and notifies its property if the text changed,
 * so a cell showing it follows. */
void netpont_item_set_text(gpointer item, char **field, const char *text);

G_END_DECLS

#endif
