#include "netpont-row.h"

struct _NetpontRow {
	GObject parent_instance;
	gint64 id;
	char *key;
	char *columns[NETPONT_ROW_COLUMNS];
	gint64 numbers[NETPONT_ROW_NUMBERS];
};

G_DEFINE_FINAL_TYPE(NetpontRow, netpont_row, G_TYPE_OBJECT)

enum { PROP_0, PROP_ID, PROP_KEY, PROP_C0, N_PROPS = PROP_C0 + NETPONT_ROW_COLUMNS };
static GParamSpec *properties[N_PROPS];

static void netpont_row_get_property(GObject *object, guint prop_id, GValue *value,
                                     GParamSpec *pspec)
{
	NetpontRow *self = NETPONT_ROW(object);

	if (prop_id == PROP_ID)
		g_value_set_int64(value, self->id);
	else if (prop_id == PROP_KEY)
		g_value_set_string(value, self->key);
	else if (prop_id >= PROP_C0 && prop_id < N_PROPS)
		g_value_set_string(value, self->columns[prop_id - PROP_C0]);
	else
		G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void netpont_row_finalize(GObject *object)
{
	NetpontRow *self = NETPONT_ROW(object);

	g_free(self->key);
	for (guint i = 0; i < NETPONT_ROW_COLUMNS; i++)
		g_free(self->columns[i]);
	G_OBJECT_CLASS(netpont_row_parent_class)->finalize(object);
}

static void netpont_row_class_init(NetpontRowClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);

	object_class->get_property = netpont_row_get_property;
	object_class->finalize = netpont_row_finalize;
	properties[PROP_ID] = g_param_spec_int64("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
	                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
	properties[PROP_KEY] =
	    g_param_spec_string("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
	for (guint i = 0; i < NETPONT_ROW_COLUMNS; i++) {
		static const char *names[NETPONT_ROW_COLUMNS] = {"c0", "c1", "c2", "c3",
		                                                 "c4", "c5", "c6", "c7"};
		properties[PROP_C0 + i] = g_param_spec_string(
		    names[i], NULL, NULL, "", G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
	}
	g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void netpont_row_init(NetpontRow *self)
{
}

NetpontRow *netpont_row_new(gint64 id, const char *key)
{
	NetpontRow *self = g_object_new(NETPONT_TYPE_ROW, NULL);

	self->id = id;
	self->key = g_strdup(key != NULL ? key : "");
	return self;
}

gint64 netpont_row_get_id(NetpontRow *self)
{
	return self->id;
}

const char *netpont_row_get_key(NetpontRow *self)
{
	return self->key;
}

void netpont_row_set(NetpontRow *self, guint column, const char *text)
{
	g_return_if_fail(column < NETPONT_ROW_COLUMNS);
	if (g_strcmp0(self->columns[column], text) == 0)
		return;
	g_free(self->columns[column]);
	self->columns[column] = g_strdup(text);
	g_object_notify_by_pspec(G_OBJECT(self), properties[PROP_C0 + column]);
}

void netpont_row_setf(NetpontRow *self, guint column, const char *format, ...)
{
	va_list args;
	g_autofree char *text = NULL;

	va_start(args, format);
	text = g_strdup_vprintf(format, args);
	va_end(args);
	netpont_row_set(self, column, text);
}

const char *netpont_row_get(NetpontRow *self, guint column)
{
	g_return_val_if_fail(column < NETPONT_ROW_COLUMNS, NULL);
	return self->columns[column] != NULL ? self->columns[column] : "";
}

void netpont_row_set_number(NetpontRow *self, guint index, gint64 value)
{
	g_return_if_fail(index < NETPONT_ROW_NUMBERS);
	self->numbers[index] = value;
}

gint64 netpont_row_get_number(NetpontRow *self, guint index)
{
	g_return_val_if_fail(index < NETPONT_ROW_NUMBERS, 0);
	return self->numbers[index];
}
