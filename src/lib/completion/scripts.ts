// Shell scripts printed by `kubectl mesh completion SHELL`. All of them ask the binary itself
// (`kubectl-mesh __complete ...`), so there is one completion engine for every shell and for kubectl.

export const SHELLS = ['bash', 'zsh', 'fish', 'kubectl'] as const
export type Shell = (typeof SHELLS)[number]

/** Raw text in which "\${" stands for "${" (shell parameter expansion, not interpolation). */
const sh = (strings: TemplateStringsArray) => String.raw({raw: strings.raw}).replaceAll('\\${', '${')

// Directive bits (protocol.ts): 1 error, 2 no space, 4 no file completion, 16 directories only.
const bash = sh`# bash completion for kubectl-mesh. Load it with: source <(kubectl-mesh completion bash)
_kubectl_mesh_complete() {
  local cur words cword out directive line
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref -n =: cur words cword
  else
    # Without bash-completion: split the line on blanks only, so --output=json stays one word.
    local line=\${COMP_LINE:0:COMP_POINT}
    read -ra words <<<"$line"
    [[ -z $line || $line == *[[:blank:]] ]] && words+=("")
    cword=$(( \${#words[@]} - 1 )); cur=\${words[cword]}
  fi
  out=$("\${words[0]}" __complete "\${words[@]:1:cword-1}" "$cur" 2>/dev/null) || return 0
  directive=\${out##*:}
  out=\${out%:*}
  (( directive & 1 )) && return 0
  # bash completes only the part after "=" or ":" (COMP_WORDBREAKS); cut that much off the candidates.
  [[ $cur == -*=* ]] && cur=\${cur#*=}
  local cut=""
  [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]] && cut=\${cur%"\${cur##*:}"}
  COMPREPLY=()
  while IFS= read -r line; do
    [[ -n $line ]] || continue
    line=\${line%%$'\t'*}
    COMPREPLY+=("\${line#"$cut"}")
  done <<<"$out"
  (( directive & 2 )) && compopt -o nospace 2>/dev/null
  (( \${#COMPREPLY[@]} )) && return 0
  if (( directive & 16 )); then
    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur"))
  elif (( !(directive & 4) )); then
    compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _kubectl_mesh_complete kubectl-mesh
`

const zsh = sh`#compdef kubectl-mesh
# zsh completion for kubectl-mesh. Load it with: source <(kubectl-mesh completion zsh)
# (after compinit), or save it as _kubectl-mesh in a directory of $fpath.
_kubectl_mesh() {
  local out directive line value desc
  local -a lines completions opts
  out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null) || return 1
  lines=("\${(@f)out}")
  directive=\${lines[-1]#:}
  (( directive & 1 )) && return 1
  for line in "\${(@)lines[1,-2]}"; do
    [[ -n $line ]] || continue
    value=\${line%%$'\t'*}; desc=""
    [[ $line == *$'\t'* ]] && desc=\${line#*$'\t'}
    completions+=("\${value//:/\\:}\${desc:+:$desc}")
  done
  (( directive & 2 )) && opts+=(-S '')
  # For --flag=<TAB> the answers are bare values: keep the flag in front of them.
  [[ \${words[CURRENT]} == -*=* ]] && opts+=(-P "\${words[CURRENT]%%=*}=")
  if (( \${#completions} )); then
    _describe -t values 'kubectl-mesh' completions "\${opts[@]}" && return 0
  fi
  if (( directive & 16 )); then _files -/
  elif (( !(directive & 4) )); then _files
  else return 1
  fi
}
if [[ \${funcstack[1]} == _kubectl-mesh ]]; then
  _kubectl_mesh "$@"
else
  compdef _kubectl_mesh kubectl-mesh
fi
`

const fish = sh`# fish completion for kubectl-mesh. Load it with: kubectl-mesh completion fish | source
function __kubectl_mesh_complete
    set -l words (commandline -opc)
    set -l token (commandline -ct)
    set -l out (command $words[1] __complete $words[2..-1] $token 2>/dev/null)
    or return
    # For --flag=<TAB> the answers are bare values; fish matches whole tokens, so put the flag back.
    set -l prefix (string match -r -- '^-[^=]*=' $token)
    set -l directive (string replace -r '^:' '' -- $out[-1])
    set -e out[-1]
    if test (math "bitand($directive, 1)") -ne 0
        return
    end
    if test (count $out) -gt 0
        for line in $out
            echo "$prefix$line"
        end
    else if test (math "bitand($directive, 16)") -ne 0
        __fish_complete_directories $token
    else if test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path $token
    end
end
complete -c kubectl-mesh -f -a '(__kubectl_mesh_complete)'
`

// kubectl 1.26+ runs kubectl_complete-<plugin> with the words after "mesh" for `kubectl mesh <TAB>`.
// Prefer the kubectl-mesh next to this file (release tarball, krew store), then the one on PATH.
const kubectl = `#!/bin/sh
# kubectl_complete-mesh: shell completion for \`kubectl mesh\` (kubectl 1.26+). Keep it on PATH.
here=$(dirname "$(readlink -f "$0" 2>/dev/null || printf '%s' "$0")")
if [ -x "$here/kubectl-mesh" ]; then exec "$here/kubectl-mesh" __complete "$@"; fi
exec kubectl-mesh __complete "$@"
`

export const SCRIPTS: Record<Shell, string> = {bash, zsh, fish, kubectl}
