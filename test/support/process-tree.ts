// Linux /proc readers for the signal tests: a process's descendants, whether a
// process is still running, and which TCP ports a set of processes listens on.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return null
  }
}

/** Every descendant of `pid` (children, their children…), as running now. */
export function descendants(pid: number): number[] {
  const out: number[] = []
  let tasks: string[] = []
  try {
    tasks = readdirSync(`/proc/${pid}/task`)
  } catch {
    return out
  }
  for (const task of tasks) {
    const children = read(`/proc/${pid}/task/${task}/children`) ?? ''
    for (const child of children.trim().split(/\s+/).filter(Boolean).map(Number)) {
      out.push(child, ...descendants(child))
    }
  }
  return out
}

/** The command line of `pid`, for messages. */
export function commandOf(pid: number): string {
  return (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim().slice(0, 160)
}

/** True while `pid` exists and is not a zombie (exited, not yet reaped). */
export function isRunning(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`)
  if (stat === null) return false
  // Field 3 (after the parenthesised command, which may contain spaces) is the state.
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
  return state !== 'Z' && state !== 'X'
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>()
  let fds: string[] = []
  try {
    fds = readdirSync(`/proc/${pid}/fd`)
  } catch {
    return inodes
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))
      if (match?.[1]) inodes.add(match[1])
    } catch {
      // closed meanwhile
    }
  }
  return inodes
}

/** TCP ports in LISTEN state, with the socket inode that owns each. */
function listeningSockets(): { port: number; inode: string }[] {
  const out: { port: number; inode: string }[] = []
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of (read(table) ?? '').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/)
      const [local, , state] = cols.slice(1, 4)
      const inode = cols[9]
      if (state !== '0A' || !local || !inode) continue
      out.push({ port: Number.parseInt(local.split(':')[1] ?? '0', 16), inode })
    }
  }
  return out
}

/** Ports that any of `pids` listens on. */
export function listeningPorts(pids: number[]): number[] {
  const inodes = new Set(pids.flatMap((pid) => [...socketInodes(pid)]))
  return [...new Set(listeningSockets().flatMap((s) => (inodes.has(s.inode) ? [s.port] : [])))].sort()
}

/** Ports among `ports` that something on this machine still listens on. */
export function stillListening(ports: number[]): number[] {
  const open = new Set(listeningSockets().map((s) => s.port))
  return ports.filter((port) => open.has(port))
}
