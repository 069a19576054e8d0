// The 15 fixed faces of the emoji panel. An emoji message carries only the id ("f_01"); every client draws it.
// All from the Emoticons block (U+1F600..1F64F), which even a machine without a colour emoji font can draw.

export const EMOJI = Object.freeze([
  { id: 'f_01', face: '😀', name: 'grin' },
  { id: 'f_02', face: '😂', name: 'tears of joy' },
  { id: 'f_03', face: '😊', name: 'smile' },
  { id: 'f_04', face: '😍', name: 'heart eyes' },
  { id: 'f_05', face: '😘', name: 'kiss' },
  { id: 'f_06', face: '😎', name: 'cool' },
  { id: 'f_07', face: '😏', name: 'smirk' },
  { id: 'f_08', face: '😢', name: 'sad' },
  { id: 'f_09', face: '😭', name: 'crying' },
  { id: 'f_10', face: '😡', name: 'angry' },
  { id: 'f_11', face: '😱', name: 'scream' },
  { id: 'f_12', face: '😴', name: 'sleepy' },
  { id: 'f_13', face: '😜', name: 'joking' },
  { id: 'f_14', face: '😉', name: 'wink' },
  { id: 'f_15', face: '😇', name: 'halo' },
]);

const BY_ID = new Map(EMOJI.map((e) => [e.id, e]));

/** The face for an emoji id; other clients may send ids this one does not know: those show as "[id]". */
export function faceOf(id) {
  return BY_ID.get(id)?.face ?? `[${id}]`;
}

/** The words a screen reader says for an emoji id ("emoji f_99" for one this client does not know). */
export function nameOf(id) {
  const emoji = BY_ID.get(id);
  return emoji ? `${emoji.name} emoji` : `emoji ${id}`;
}
