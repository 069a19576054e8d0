// Times as the talk list shows them: HH:mm for today, yy/MM/dd before (naive-chat's format).

const pad = (n) => String(n).padStart(2, '0');

export function clockTime(date) {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function talkTime(date, now = new Date()) {
  if (!date) {
    return '';
  }
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return sameDay ? clockTime(date) : `${pad(date.getFullYear() % 100)}/${pad(date.getMonth() + 1)}/${pad(date.getDate())}`;
}

/** An unread count as a badge shows it. */
export function badge(count) {
  return count > 99 ? '99+' : String(count);
}
