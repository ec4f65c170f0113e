/** Hides credentials in a URL or connection string before it reaches a log, a banner or an error message. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]+)@/, "//***@");
}
