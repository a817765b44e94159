# Sourced by dancelens.sh and make-cds-archive.sh: reads jpackage's launcher configuration (lib/app/dancelens.cfg)
# into the variables cp (class path), main (main class) and the array opts (JVM options), with $APPDIR replaced by
# the app folder. With "nocds" as the second argument, the options naming the CDS archive are left out.
read_cfg() {
  local app="$1" skip_cds="${2:-}" line
  cp=""
  main=""
  opts=()
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line//\$APPDIR/$app}"
    case "$line" in
      app.classpath=*) cp="$cp${cp:+:}${line#app.classpath=}" ;;
      app.mainclass=*) main="${line#app.mainclass=}" ;;
      java-options=-XX:SharedArchiveFile=*|java-options=-Xshare:*) [ "$skip_cds" = nocds ] || opts+=("${line#java-options=}") ;;
      java-options=*) opts+=("${line#java-options=}") ;;
    esac
  done < "$app/dancelens.cfg"
}
