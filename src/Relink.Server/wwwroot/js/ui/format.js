// Times as the screens show them: the talk list HH:mm for today and yy/MM/dd before; messages HH:mm under a
// day separator ("Today", "Yesterday", or the date).

const pad = (n) => String(n).padStart(2, '0');

export function clockTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Whether two times fall on the same local calendar day. */
export function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

export function talkTime(date, now = new Date()) {
  if (!date) {
    return '';
  }
  return sameDay(date, now) ? clockTime(date) : `${pad(date.getFullYear() % 100)}/${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
}

const DAY_FORMAT = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });

/** A day separator's words: "Today", "Yesterday", or the full date in the reader's language. */
export function dayLabel(date, now = new Date()) {
  if (sameDay(date, now)) {
    return 'Today';
  }
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  return sameDay(date, yesterday) ? 'Yesterday' : DAY_FORMAT.format(date);
}

/** An unread count as a badge shows it. */
export function badge(count) {
  return count > 99 ? '99+' : String(count);
}
