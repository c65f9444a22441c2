/* Which connection is the agent of a seat: a hash map from seat id to a
 * borrowed pointer, so that a SeatList of 10,000 seats, each event to a PC
 * and each Hello find the agent in constant time instead of scanning every
 * connection. */
#ifndef NETPONT_SEAT_MAP_H
#define NETPONT_SEAT_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct seat_map seat_map;

/* A new, empty map, or NULL when out of memory. The caller owns it and
 * frees it with seat_map_free(). */
seat_map *seat_map_new(void);

/* Frees the map (NULL is fine); the values are borrowed and not freed. */
void seat_map_free(seat_map *m);

/* The value of seat_id (a seat id is > 0), or NULL when there is none. */
void *seat_map_get(const seat_map *m, int64_t seat_id);

/* Sets the value of seat_id (> 0) to value (not NULL, borrowed), replacing
 * any earlier one. Returns 0, or -1 when out of memory (the map is then
 * unchanged). */
int seat_map_put(seat_map *m, int64_t seat_id, void *value);

/* Removes seat_id's entry if its value is value: a connection that closes
 * after a newer one took its seat leaves the newer one in place. */
void seat_map_remove(seat_map *m, int64_t seat_id, const void *value);

/* How many seats have a value. */
size_t seat_map_count(const seat_map *m);

#endif
