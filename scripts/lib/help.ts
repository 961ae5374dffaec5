// `--help` / `-h` for the npm run CLIs: asked anywhere on the line, the usage is printed on
// stdout and the CLI exits 0 before it parses or checks anything else.

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
