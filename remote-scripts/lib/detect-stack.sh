# shellcheck shell=sh
# lib/detect-stack.sh: which kind of project a source folder holds, for sources without a
# Dockerfile. Not run on its own: Pier inlines it where a script says
# `. ./lib/detect-stack.sh # pier:include`.

# detect_stack DIR: prints "node", "python", "go", "php" or "static SITE_DIR" (the folder with
# index.html, relative to DIR), or nothing when it cannot tell. The first match wins, so a
# Node project with a prebuilt dist/ is built as Node.
detect_stack() {
  if [ -f "$1/package.json" ]; then
    echo node
  elif [ -f "$1/go.mod" ]; then
    echo go
  elif [ -f "$1/requirements.txt" ] || [ -f "$1/pyproject.toml" ] || [ -f "$1/Pipfile" ]; then
    echo python
  elif [ -f "$1/composer.json" ] || [ -f "$1/index.php" ]; then
    echo php
  elif [ -f "$1/index.html" ]; then
    echo 'static .'
  else
    for site in dist build public _site out www; do
      if [ -f "$1/$site/index.html" ]; then
        echo "static $site"
        return 0
      fi
    done
  fi
}
