#!/bin/sh
# Alertmanager's entrypoint in compose: its config with the webhook URL from the environment in
# place of the placeholder, then the command given (Alertmanager itself).
set -eu
: "${ALERT_WEBHOOK_URL:?set GRIDLENS_ALERT_WEBHOOK_URL in .env}"
template=${ALERTMANAGER_TEMPLATE:-/etc/alertmanager/alertmanager.yml}
rendered=${ALERTMANAGER_RENDERED:-/tmp/alertmanager.yml}
# index/substr, not sub(): a URL's & or \ must not be read as a replacement pattern.
awk -v placeholder="http://alert-webhook.invalid/" '{
  at = index($0, placeholder)
  if (at) $0 = substr($0, 1, at - 1) ENVIRON["ALERT_WEBHOOK_URL"] substr($0, at + length(placeholder))
  print
}' "$template" > "$rendered"
exec "$@"
