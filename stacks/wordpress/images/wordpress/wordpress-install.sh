#!/bin/sh
# Installs WordPress from inside one of its own tasks (stack.yaml's setup): the health
# checks count a redirect as down, and an uninstalled WordPress redirects every page to
# its installer, so nothing outside the task can reach the installer, by design. The
# admin password comes on stdin (never argv); it is base64url, so it needs no escaping
# in the form. Succeeds when the site is installed, now or before.
password=$(cat)
[ -n "$password" ] || { echo "no admin password on stdin"; exit 2; }
form="weblog_title=firedrill+lab&user_name=firedrill&admin_password=$password&admin_password2=$password&pw_weak=1&admin_email=firedrill%40example.com&blog_public=0&language="
answer=$(printf '%s' "$form" | curl -sS --max-time 60 -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-binary @- -w '\n%{http_code}' 'http://127.0.0.1/wp-admin/install.php?step=2') || exit 1
status=$(printf '%s\n' "$answer" | tail -n 1)
if [ "$status" = 200 ] && printf '%s' "$answer" | grep -Eqi 'Success!|Already Installed'; then
  echo "installed"
  exit 0
fi
# What a person reads of the page: its body's text, without the head's styles and scripts.
text=$(printf '%s\n' "$answer" | sed '$d' | tr '\n\t' '  ' | sed -e 's/.*<body[^>]*>//I' -e 's/<script[^>]*>.*<\/script>//Ig' -e 's/<[^>]*>/ /g' | tr -s ' ' | sed -e 's/^ //' | cut -c1-300)
echo "the installer answered $status: $text"
exit 1
