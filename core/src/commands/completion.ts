import { Option } from 'clipanion';
import * as t from 'typanion';
import { PlainCommand } from '../plugin/scaivault-command.js';

const SCRIPTS = {
  bash: `# scaivault completion for bash — add to ~/.bashrc:  source <(scaivault completion bash)
_scaivault_complete() {
  local IFS=$'\\n'
  COMPREPLY=( $(scaivault __complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) )
}
complete -o default -F _scaivault_complete scaivault
`,
  zsh: `#compdef scaivault
# scaivault completion for zsh — add to ~/.zshrc:  source <(scaivault completion zsh)
_scaivault() {
  local -a candidates
  candidates=("\${(@f)$(scaivault __complete -- "\${words[@]:1:$((CURRENT-1))}" 2>/dev/null)}")
  compadd -a candidates
}
compdef _scaivault scaivault
`,
  fish: `# scaivault completion for fish — save as ~/.config/fish/completions/scaivault.fish
function __scaivault_complete
  set -l words (commandline -opc)[2..-1] (commandline -ct)
  scaivault __complete -- $words 2>/dev/null
end
complete -c scaivault -f -a '(__scaivault_complete)'
`,
} as const;

export class CompletionCommand extends PlainCommand {
  static override paths = [['completion']];
  static override effect = 'read' as const;

  static override usage = PlainCommand.Usage({
    category: 'Shell',
    description: 'Print a shell completion script (bash, zsh or fish)',
    details: 'Completion answers from the plugin index, so it stays fast however many plugins are installed.',
    examples: [
      ['Enable completion in bash', 'source <(scaivault completion bash)'],
      ['Enable completion in zsh', 'source <(scaivault completion zsh)'],
      ['Install completion for fish', 'scaivault completion fish > ~/.config/fish/completions/scaivault.fish'],
    ],
  });

  shell = Option.String({ name: 'shell', validator: t.isEnum(['bash', 'zsh', 'fish']) });

  async execute(): Promise<number> {
    this.output.raw(SCRIPTS[this.shell as keyof typeof SCRIPTS]);
    return 0;
  }
}
