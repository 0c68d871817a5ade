# maint completion for bash. Load it with: source <(maint completion bash), or save it as
# ~/.local/share/bash-completion/completions/maint (the .deb installs it for everyone).
# It completes `maint` and `scripts/maint` by asking the program being completed
# (`maint __complete bash WORD...`), which reads the runbook the line would use. Nothing it
# prints is evaluated: candidates are taken line by line and inserted quoted.

_complete_maint() {
  local rest=${COMP_LINE:0:COMP_POINT} lead word i
  local -a words=()
  # Bash splits words at COMP_WORDBREAKS ('=' and ':' among them), so --report junit=FILE arrives
  # as three words; put together again what the line has without a space between.
  for ((i = 0; i <= COMP_CWORD; i++)); do
    lead=${rest%%[![:space:]]*}
    rest=${rest#"$lead"}
    if ((i == COMP_CWORD)); then
      word=$rest
    else
      word=${COMP_WORDS[i]}
      [[ $rest == "$word"* ]] || return 0
    fi
    if ((i > 0)) && [[ -z $lead ]]; then
      words[${#words[@]}-1]+=$word
    else
      words+=("$word")
    fi
    rest=${rest:${#word}}
  done
  local cur=${words[${#words[@]}-1]} program=${words[0]}
  [[ $program == "~/"* ]] && program=$HOME/${program#"~/"}

  local -a reply=()
  mapfile -t reply < <("$program" __complete bash "${words[@]:1}" 2>/dev/null)
  ((${#reply[@]})) || return 0
  local mode=${reply[0]%%:*} prefix=${reply[0]#*:} keep= item
  # Readline replaces only the text after the word's last COMP_WORDBREAKS character; the rest stays.
  if [[ $cur == *["$COMP_WORDBREAKS"]* ]]; then
    keep=${cur%"${cur##*["$COMP_WORDBREAKS"]}"}
  fi
  COMPREPLY=()
  case $mode in
    files | dirs)
      compopt -o filenames 2>/dev/null
      local -a paths=()
      if [[ $mode == dirs ]]; then
        mapfile -t paths < <(compgen -d -- "${cur#"$prefix"}")
      else
        mapfile -t paths < <(compgen -f -- "${cur#"$prefix"}")
      fi
      for item in "${paths[@]}"; do
        item=$prefix$item
        COMPREPLY+=("${item#"$keep"}")
      done
      ;;
    words | nospace)
      [[ $mode == nospace ]] && compopt -o nospace 2>/dev/null
      for item in "${reply[@]:1}"; do
        item=${item#"$keep"}
        # Quoted only when the shell would read it otherwise (a runbook may name an environment "a b").
        [[ $item == *[!A-Za-z0-9._/:=,@%+-]* ]] && printf -v item '%q' "$item"
        COMPREPLY+=("$item")
      done
      ;;
  esac
  return 0
}

complete -F _complete_maint maint scripts/maint
