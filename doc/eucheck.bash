# bash completion for eucheck
_eucheck()
{
    local cur prev cmd opts
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W "extract parse check batch merge --help --version" -- "$cur"))
        return
    fi
    cmd=${COMP_WORDS[1]}
    case $prev in
        --regime) COMPREPLY=($(compgen -W "cn-dual-use baseline" -- "$cur")); return ;;
        --lang) COMPREPLY=($(compgen -W "auto eng eng+chi_sim+jpn" -- "$cur")); return ;;
        -o|--outdir) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --rules) COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur")); return ;;
        --dpi|--timeout|--max-memory|--max-pixels|--as-of|--shard|-j|--jobs|--name) return ;;
    esac
    case $cmd in
        check) opts="--xml --json --jsonl --name --regime --rules --as-of --dpi --lang --timeout --max-memory --help" ;;
        batch) opts="-j --jobs -o --outdir --regime --rules --as-of --timeout --max-memory --shard --force --progress --no-thumbnails --dpi --lang --help" ;;
        merge) opts="-o --outdir --help" ;;
        parse) opts="--explain --dpi --lang --help" ;;
        extract) opts="--xml --dpi --lang --force-ocr --max-pixels --help" ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _eucheck eucheck
