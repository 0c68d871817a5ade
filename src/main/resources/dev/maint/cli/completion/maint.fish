# maint completion for fish. Load it with: maint completion fish | source, or save it as
# ~/.config/fish/completions/maint.fish (the .deb installs it for everyone).
# It completes `maint` and `scripts/maint` by asking the program being completed
# (`maint __complete fish WORD...`), which reads the runbook the line would use. Nothing it prints
# is evaluated: candidates are taken line by line, and fish quotes what it inserts.

function __maint_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct | string unescape)
    set -l program (string replace -r '^~/' "$HOME/" -- $tokens[1])
    # fish reports a missing program itself, whatever the redirection: never into the prompt.
    command -q -- $program; or return
    set -l reply ($program __complete fish $tokens[2..-1] "$current" 2>/dev/null)
    test -n "$reply[1]"; or return
    set -l mode (string split -m 1 : -- $reply[1])[1]
    set -l prefix (string split -m 1 : -- $reply[1])[2]
    switch $mode
        case files dirs
            set -l part (string sub -s (math (string length -- "$prefix") + 1) -- "$current")
            set -l paths
            if test $mode = dirs
                set paths (__fish_complete_directories $part '')
            else
                set paths (__fish_complete_path $part)
            end
            for path in $paths
                printf '%s%s\n' $prefix $path
            end
        case '*'
            printf '%s\n' $reply[2..-1]
    end
end

complete -c maint -f -a '(__maint_complete)'
complete -c scripts/maint -f -a '(__maint_complete)'
