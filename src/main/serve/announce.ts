// What `serve` tells a person, apart from the JSON line for programs: the dashboard
// link with its token, Jupyter-style, but only to a terminal. Logs go to files and
// collectors, so no log line may ever carry the token.

/** The line for a person at a terminal, or null when stderr is not one (a log file, a pipe). */
export function terminalLine(dashboardUrl: string, stderrIsTTY: boolean): string | null {
  return stderrIsTTY ? `Dashboard: ${dashboardUrl}\n` : null
}

/** Wraps a line writer so that `secret` never gets through it. */
export function withoutSecret(write: (line: string) => void, secret: string): (line: string) => void {
  return (line) => write(line.replaceAll(secret, '[token]'))
}
