/** Hours and minutes, in the reader's locale (message times). */
export const shortTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

/** Hours, minutes and seconds, in the reader's locale (retry times). */
export const clockTime = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
