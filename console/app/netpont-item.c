#include "netpont-item.h"

/* Each item type's table of texts hangs on its GType, so one get_property,
 * one finalize and one setter serve every item type. */
static GQuark item_texts_quark(void)
{
	return g_quark_from_static_string("netpont-item-texts");
}

static const NetpontItemText *item_texts(GType type)
{
	const NetpontItemText *texts = g_type_get_qdata(type, item_texts_quark());

	g_assert(texts != NULL);
	return texts;
}

static char **item_field(gpointer item, const NetpontItemText *text)
{
	return &G_STRUCT_MEMBER(char *, item, text->offset);
}

/* The property's name: the field's, with '-' for '_'. Interned strings
 * live as long as the program, as a static property name must. */
static const char *item_property_name(const NetpontItemText *text)
{
	g_autofree char *name = g_strdelimit(g_strdup(text->name), "_", '-');

	return g_intern_string(name);
}

static void item_get_property(GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	const NetpontItemText *texts = item_texts(G_OBJECT_TYPE(object));

	/* Property ids are table positions plus one. */
	g_value_set_string(value, *item_field(object, &texts[prop_id - 1]));
}

static void item_finalize(GObject *object)
{
	GObjectClass *parent = g_type_class_peek_parent(G_OBJECT_GET_CLASS(object));

	for (const NetpontItemText *text = item_texts(G_OBJECT_TYPE(object)); text->name != NULL;
	     text++)
		g_free(*item_field(object, text));
	parent->finalize(object);
}

void netpont_item_class_install(GObjectClass *klass, const NetpontItemText *texts)
{
	guint prop_id = 1;

	g_type_set_qdata(G_OBJECT_CLASS_TYPE(klass), item_texts_quark(), (gpointer)texts);
	klass->get_property = item_get_property;
	klass->finalize = item_finalize;
	for (const NetpontItemText *text = texts; text->name != NULL; text++, prop_id++) {
		g_object_class_install_property(
		    klass, prop_id,
		    g_param_spec_string(item_property_name(text), NULL, NULL, NULL,
		                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
	}
}

void netpont_item_set_text(gpointer item, char **field, const char *text)
{
	gsize offset = (gsize)((char *)field - (char *)item);
	const NetpontItemText *texts = item_texts(G_OBJECT_TYPE(item));
	guint i = 0;

	while (texts[i].name != NULL && texts[i].offset != offset)
		i++;
	g_return_if_fail(texts[i].name != NULL);
	if (g_strcmp0(*field, text) == 0)
		return;
	g_free(*field);
	*field = g_strdup(text);
	g_object_notify(G_OBJECT(item), item_property_name(&texts[i]));
}
