// What the node remembers across runs of one process (tasks it bought, the model of each task it
// made) is kept in maps of at most this many entries, the oldest forgotten first, so a
// long-running n8n does not grow without end.
const MAX_ENTRIES = 10_000;

/** Sets `key` in `map`, forgetting the oldest entry first when the map is full. */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V) {
	if (map.size >= MAX_ENTRIES && !map.has(key)) map.delete(map.keys().next().value as K);
	map.set(key, value);
}
