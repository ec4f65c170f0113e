/** `scheme://userinfo@` in any text: the user name and password of a connection string. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

/**
 * Replaces the credentials of every URL in a text (`mqtt://user:secret@host` → `mqtt://***@host`), so a
 * connection string can be logged or printed (DESIGN.md §11). The user name goes too: for MQTT it may be a
 * user id or the literal `apikey` next to the key.
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, "$1***@");
}
